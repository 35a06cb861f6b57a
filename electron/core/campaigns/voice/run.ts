/**
 * One run of a voice campaign: holds the campaign's lease, resolves the four keys, first settles
 * every lead a previous run left dialling or in a call (Twilio's Calls list is asked before anything
 * is dialled again; Exotel's are left in doubt), then dials due leads inside their callee's window —
 * each lead marked in flight before the carrier is asked — at most the ceiling's calls at once and
 * the carrier's calls per second, until none is left or the campaign is paused, cancelled or a key
 * is refused. Each call's end becomes the lead's outcome: a retry for no_answer/busy while attempts
 * remain, otherwise done, with do_not_call added to the workspace's list and the post-call
 * workflows fed once per call, in one transaction.
 */
import type { VoiceCampaignProgress } from '../../../../shared/voice-campaigns';
import { AppError, type ErrorCode } from '../../../../shared/errors';
import type { Actor } from '../../audit/audit';
import type { TokenBucket } from '../../messaging/bucket';
import { anthropicLimit, type AnthropicLimit } from '../../credentials/anthropic-limit';
import type { CallKeys } from '../../voice/call/keys';
import type { Clock } from '../../voice/clock';
import type { CallOutcome } from '../../voice/types';
import { claimDue, type Queue } from '../kernel/claim';
import { RunControl } from '../kernel/control';
import { Gate } from '../kernel/gate';
import { leadCallback } from './callback';
import { ceilingOf } from './ceiling';
import type { VoiceCampaignDeps } from './deps';
import type { CallPlacer } from './placer';
import type { LeadRow, VoiceCampaignRepo, VoiceCampaignRow } from './repo';
import { recoverLead, settleLead } from './settle';
import { progressOf } from './view';

/** Tunables of a run (tests and benches set some). */
export interface VoiceRunOptions {
  /** How long a lead left in flight rests before Twilio is asked about it, so its Calls list has caught up (default 1 s). */
  readonly settleMs?: number;
  /** Told each time a dial request starts (benches measure scheduling with it). */
  readonly onDial?: (leadId: number) => void;
}

/** What a run needs. */
export interface VoiceRunDeps {
  readonly deps: VoiceCampaignDeps;
  readonly repo: VoiceCampaignRepo;
  readonly placer: CallPlacer;
  /** The pace of a carrier account, shared by every campaign of this process dialling through it. */
  readonly pace: (accountKey: string, cps: number) => TokenBucket;
  readonly clock: Clock;
  readonly emit: (progress: VoiceCampaignProgress) => void;
  readonly options?: VoiceRunOptions;
}

/** The sentences that say the callee's own number cannot be called (the runner's and Twilio's 21211). */
const CALLEE_NUMBER = /not a phone number that can be called|the number to call is not valid/;

/** The errors that keep a run from starting (or a paused one from being taken back): the campaign pauses, saying why. */
const REFUSALS: readonly ErrorCode[] = ['NO_CREDENTIAL', 'ONBOARDING_INCOMPLETE', 'NOT_FOUND'];

/** Consecutive dials that failed without an answer before the campaign pauses rather than keep trying. */
const MAX_UNREACHABLE = 5;

/** A voice campaign being dialled by this process: the kernel's run (campaigns/kernel/control.ts) placing calls. */
export class VoiceCampaignRun {
  /** The lease, state, stopping, calls in flight and time, shared with messaging runs. */
  private readonly control: RunControl;
  private unreachable = 0;
  private note: string | null = null;
  private keys: CallKeys | null = null;
  private limit: AnthropicLimit | null = null;
  private placer: CallPlacer;

  constructor(
    private readonly context: VoiceRunDeps,
    readonly campaignId: string,
    actor: Actor,
  ) {
    this.placer = context.placer;
    this.control = new RunControl(
      { rows: context.repo, audit: context.deps.audit, clock: context.clock, detail: { channel: 'voice' } },
      campaignId,
      actor,
    );
  }

  /** Who started (or last resumed) the run: its calls are placed in that name. */
  private get actor(): Actor {
    return this.control.startedBy;
  }

  /** The leads this run has in flight (a recovery leaves them alone). */
  private get held(): Set<number> {
    return this.control.held;
  }

  private get now(): number {
    return this.context.deps.now().getTime();
  }

  /** Asks the run to stop dialling (calls in progress finish); the caller records the new state. */
  stop(why: 'pause' | 'cancel'): void {
    this.control.stop(why);
  }

  /** Whether the run is winding down. */
  get isStopping(): boolean {
    return this.control.isStopping;
  }

  /**
   * Resumes a paused campaign this run is still winding down (its calls on the line keep going):
   * the keys are resolved again, the state is `running` at once and dialling starts again as places
   * free. False when this run cannot take it back (it has ended, or the campaign is not paused):
   * the caller waits for it to end and starts a new run.
   */
  resume(actor: Actor, placer: CallPlacer): boolean {
    if (this.control.ended || !this.control.isStopping) return false;
    const campaign = this.context.repo.get(this.campaignId);
    if (campaign.state !== 'paused') return false;
    // New dials go through the placer given now (the runner may have been started again); calls on the line keep theirs.
    this.placer = placer;
    try {
      this.prepare(campaign);
    } catch (err) {
      if (!(err instanceof AppError) || !REFUSALS.includes(err.code)) throw err;
      this.control.halt(campaign.workspace_id, err.message, 'refuseResume');
      return true;
    }
    if (!this.control.takeBack(actor, campaign.workspace_id)) return false;
    this.unreachable = 0;
    this.note = null;
    return true;
  }

  /** Dials until done, paused, cancelled or refused; resolves when every call it placed has ended. */
  run(): Promise<void> {
    const { repo } = this.context;
    return this.control.run(repo.get(this.campaignId), {
      refusals: REFUSALS,
      prepare: (campaign) => this.prepare(campaign),
      body: async (campaign) => {
        await this.loop(repo.get(campaign.id));
        // Stopped by a pause: the calls on the line wind down, unless a resume takes the campaign back first.
        while (this.control.isStopping && (await this.windDown())) await this.loop(repo.get(campaign.id));
      },
      emit: (force) => this.emit(force),
    });
  }

  /** The ceiling now, with its reason (null before the keys are resolved). */
  ceiling(campaign: VoiceCampaignRow): ReturnType<typeof ceilingOf> | null {
    if (!this.limit || !this.keys) return null;
    const live = this.context.repo.liveInWorkspace(campaign.workspace_id);
    return ceilingOf(this.limit, {
      campaignCap: campaign.max_concurrent,
      runnerMax: this.placer.maxCalls,
      carrierCps: campaign.cps,
      workspaceCallsNow: live.calls,
      sharedWith: this.context.repo.othersRunning(campaign.workspace_id, campaign.id),
    });
  }

  private prepare(campaign: VoiceCampaignRow): void {
    const { deps } = this.context;
    deps.onboarding.assertReady(campaign.workspace_id, 'voice');
    if (!campaign.agent_id)
      throw new AppError('NOT_FOUND', `The campaign's agent ${campaign.agent_name} was deleted; create a new campaign with another agent.`);
    deps.agents.get(campaign.workspace_id, campaign.agent_id);
    const keys = this.placer.keys(campaign.workspace_id);
    this.keys = keys;
    this.limit = anthropicLimit(deps, keys.llm);
    this.context.repo.setKey(campaign.id, keys.carrier.provider, keys.carrier.owner);
  }

  private get bucket(): TokenBucket {
    return this.pace('launch');
  }

  /**
   * Two paces of the carrier account at its calls per second: one spaces the launches (so a pause
   * leaves at most a few calls still to be dialled), the other the dial requests themselves, which
   * leave once each call's sockets are open — sooner for one call than another.
   */
  private pace(which: 'launch' | 'dial'): TokenBucket {
    const keys = this.keys as CallKeys;
    const account = keys.carrier.fields.accountSid ?? keys.carrier.fields.sid ?? keys.carrier.credentialId;
    return this.context.pace(`${which}:${keys.carrier.provider}:${account}`, this.context.repo.get(this.campaignId).cps);
  }

  /**
   * Waits for the account's next dial slot, just before the carrier's request; the slot is taken
   * as of the request's answer, so however long the request took to leave, the next one is spaced
   * from a moment after it arrived.
   */
  private async dialSlot(): Promise<() => void> {
    const slot = this.pace('dial').reserve();
    if (slot.wait > 0) await this.control.wait(slot.wait);
    return () => slot.commit();
  }

  private async loop(campaign: VoiceCampaignRow): Promise<void> {
    const settleMs = this.context.options?.settleMs ?? 1000;
    const exclusion = this.context.deps.dnc.exclusionFor(campaign.workspace_id);
    const gate = new Gate({ start: campaign.window_start, end: campaign.window_end }, exclusion);
    const { repo } = this.context;
    const queue: Queue<LeadRow> = {
      due: (now, limit) => repo.dueQueued(campaign.id, now, limit),
      skip: (id, reason) => repo.markState(id, 'skipped', reason),
      defer: (id, at) => repo.defer(id, at),
    };
    const bucket = this.bucket;
    while (!this.control.stopped()) {
      this.emit(false);
      await this.recoverDue(campaign, settleMs);
      if (this.control.stopped()) break;
      const down = this.placer.unavailable();
      if (down) {
        this.pause(campaign, `${down} Start the runner again, then resume.`);
        break;
      }
      const ceiling = this.ceiling(campaign);
      const free = Math.min((ceiling?.ceiling ?? 1) - (ceiling?.workspaceCallsNow ?? 0), campaign.max_concurrent - this.held.size);
      if (free > 0) {
        // One lead at a time, read 20 due leads at a time.
        const lead = claimDue(queue, gate, this.now, 1, 20)[0];
        if (lead) {
          this.note = null;
          const slot = bucket.reserve();
          // Not woken by a call's end: the carrier's calls per second hold whatever happens meanwhile.
          if (slot.wait > 0) await this.control.wait(slot.wait);
          if (this.control.stopped()) {
            slot.release();
            break;
          }
          if (!this.context.repo.markDialing(lead.id, this.now, campaign.workspace_id, ceiling?.ceiling ?? 1)) {
            // Another campaign of the workspace took the last place meanwhile: wait for a call to end.
            slot.release();
            await this.control.sleep(250);
            continue;
          }
          slot.commit();
          this.launch(campaign, lead);
          continue;
        }
      } else this.note = `${ceiling?.workspaceCallsNow ?? this.held.size} calls running, the ceiling: ${ceiling?.reason ?? ''}`;
      const orphans = this.context.repo.orphans(campaign.id, this.held);
      const next = this.context.repo.nextDue(campaign.id);
      if (next === null && this.held.size === 0 && orphans.length === 0) {
        if (this.context.repo.completeIfDrained(campaign.id)) {
          this.context.deps.audit.append({
            actor: 'system',
            action: 'campaign.complete',
            workspaceId: campaign.workspace_id,
            target: campaign.id,
            detail: { channel: 'voice', ...this.context.repo.outcomes(campaign.id) },
          });
          break;
        }
        if (this.context.repo.get(campaign.id).state !== 'running') break;
        continue;
      }
      if (next !== null && next > this.now && this.held.size === 0)
        this.note = `Waiting for the next callee's window (${new Date(next).toISOString()}).`;
      const orphanAt = orphans.reduce((t, o) => Math.min(t, (o.inflight_at ?? 0) + settleMs), Number.POSITIVE_INFINITY);
      const dueAt = Math.min(free > 0 && next !== null ? next : Number.POSITIVE_INFINITY, orphanAt);
      await this.control.sleep(Number.isFinite(dueAt) ? Math.min(Math.max(dueAt - this.now, 5), 1000) : 1000);
    }
  }

  /**
   * Once the loop has stopped, waits for the calls still on the line to end, pushing progress as
   * they do; true when the campaign was resumed meanwhile (the loop dials again), false once none is left.
   */
  private async windDown(): Promise<boolean> {
    for (;;) {
      if (!this.control.isStopping) return true;
      if (this.control.inFlight === 0) {
        this.control.end();
        return false;
      }
      this.emit(false);
      await this.control.sleep(500);
    }
  }

  /** Places the call of a lead marked in flight, then waits for its end without holding the loop. */
  private launch(campaign: VoiceCampaignRow, lead: LeadRow): void {
    this.held.add(lead.id);
    this.context.options?.onDial?.(lead.id);
    const machine = {
      choice: campaign.machine,
      message: campaign.voicemail_text ?? this.context.deps.agents.get(campaign.workspace_id, campaign.agent_id ?? '').greeting,
    };
    const work = async (): Promise<void> => {
      let call;
      try {
        call = await this.placer.place({
          workspaceId: campaign.workspace_id,
          agentId: campaign.agent_id ?? '',
          to: lead.recipient,
          actor: this.actor,
          campaignId: campaign.id,
          machine,
          beforeDial: () => this.dialSlot(),
          callback: leadCallback({ repo: this.context.repo, audit: this.context.deps.audit }, campaign, lead),
        });
      } catch (err) {
        return this.dialFailed(campaign, lead, err);
      }
      this.unreachable = 0;
      this.context.repo.markInCall(lead.id, call.callId, call.carrierCallId);
      const end = await call.done;
      // The post-call workflows read what the call's extraction settled: the lead waits for it (bounded, never failing).
      await end.extraction;
      this.settle(campaign, lead.id, call.callId, end.outcome, end.reason, end.answered ? end.durationSeconds : null);
    };
    const name = (err: unknown): string => (err instanceof AppError ? err.code : err instanceof Error ? err.name : 'error');
    this.control.track([lead.id], work, (err) => console.error(`[voice campaign] a call failed unexpectedly: ${name(err)}`));
  }

  private dialFailed(campaign: VoiceCampaignRow, lead: LeadRow, err: unknown): void {
    const error = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be placed.');
    const down = this.placer.unavailable();
    if (down) {
      this.context.repo.requeue(lead.id, this.now, { countAttempt: false });
      return this.pause(campaign, `${down} Start the runner again, then resume.`);
    }
    // Only a problem with this lead's own number fails the lead; any other refusal (the caller ID,
    // the account) would refuse every lead alike, so the campaign pauses with it instead.
    if (error.code === 'INVALID_INPUT' && !CALLEE_NUMBER.test(error.message)) {
      this.context.repo.requeue(lead.id, this.now, { countAttempt: false });
      return this.pause(campaign, `${error.message} Nothing more was dialled: fix it, then resume.`);
    }
    switch (error.code) {
      case 'PROVIDER_AUTH':
      case 'FORBIDDEN':
      case 'NO_CREDENTIAL':
      case 'ONBOARDING_INCOMPLETE':
        // Refused before any call was placed: the lead waits, the campaign pauses with the reason.
        this.context.repo.requeue(lead.id, this.now, { countAttempt: false });
        return this.pause(campaign, `${error.message} Nothing more was dialled: fix the key, then resume.`);
      case 'RATE_LIMITED':
        return this.context.repo.requeue(lead.id, this.now + 2_000, { countAttempt: false });
      case 'INVALID_INPUT':
        return this.context.repo.markState(lead.id, 'failed', error.message, 'failed');
      default:
        // The request may or may not have reached the carrier: the lead stays in flight and is
        // settled like a crash's — Twilio is asked, an Exotel call is left in doubt.
        this.unreachable += 1;
        if (this.unreachable >= MAX_UNREACHABLE)
          this.pause(
            campaign,
            `${MAX_UNREACHABLE} calls in a row could not be placed (${error.message}). Check the providers, then resume.`,
          );
    }
  }

  /** Settles leads a previous run (or an unanswered request) left in flight, once their rest is over. */
  private async recoverDue(campaign: VoiceCampaignRow, settleMs: number): Promise<void> {
    for (const lead of this.context.repo.orphans(campaign.id, this.held)) {
      if (this.control.stopped()) return;
      if ((lead.inflight_at ?? 0) + settleMs > this.now) continue;
      this.held.add(lead.id);
      try {
        await this.recover(campaign, lead);
      } finally {
        this.held.delete(lead.id);
      }
    }
  }

  private recover(campaign: VoiceCampaignRow, lead: LeadRow): Promise<void> {
    return recoverLead(
      {
        deps: this.context.deps,
        repo: this.context.repo,
        keys: this.keys as CallKeys,
        now: () => this.now,
        pause: (reason) => this.pause(campaign, reason),
      },
      campaign,
      lead,
    );
  }

  private settle(
    campaign: VoiceCampaignRow,
    leadId: number,
    callId: string | null,
    outcome: CallOutcome,
    reason: string | null,
    duration: number | null,
  ): void {
    settleLead({ deps: this.context.deps, repo: this.context.repo, now: () => this.now }, campaign, leadId, callId, {
      outcome,
      reason,
      duration,
    });
  }

  private pause(campaign: VoiceCampaignRow, reason: string): void {
    this.control.halt(campaign.workspace_id, reason);
  }

  private emit(force: boolean): void {
    if (!this.control.progressDue(force)) return;
    const campaign = this.context.repo.get(this.campaignId);
    this.context.emit(
      progressOf(campaign, this.context.repo, this.context.deps.db, this.ceiling(campaign), this.note, this.context.deps.now()),
    );
  }
}
