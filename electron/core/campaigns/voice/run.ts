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
import { AppError } from '../../../../shared/errors';
import type { Actor } from '../../audit/audit';
import type { TokenBucket } from '../../messaging/bucket';
import { nextOpening, type SendWindow, zonesFor } from '../../messaging/window';
import { anthropicLimit, type AnthropicLimit } from '../../credentials/anthropic-limit';
import type { CallKeys } from '../../voice/call/keys';
import type { Clock } from '../../voice/clock';
import type { CallOutcome } from '../../voice/types';
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
  readonly emit: (p: VoiceCampaignProgress) => void;
  readonly options?: VoiceRunOptions;
}

type Stop = 'pause' | 'cancel' | 'auth' | 'external';

/** The sentences that say the callee's own number cannot be called (the runner's and Twilio's 21211). */
const CALLEE_NUMBER = /not a phone number that can be called|the number to call is not valid/;

/** Consecutive dials that failed without an answer before the campaign pauses rather than keep trying. */
const MAX_UNREACHABLE = 5;

/** A voice campaign being dialled by this process. */
export class VoiceCampaignRun {
  private readonly held = new Set<number>();
  private readonly pending = new Set<Promise<void>>();
  private stopping: Stop | null = null;
  private wake: (() => void) | null = null;
  private lastPoll = Number.NEGATIVE_INFINITY;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private unreachable = 0;
  private note: string | null = null;
  private keys: CallKeys | null = null;
  private limit: AnthropicLimit | null = null;
  private readonly openings = new Map<string, { minute: number; at: number }>();
  private ended = false;
  private placer: CallPlacer;

  constructor(
    private readonly d: VoiceRunDeps,
    readonly campaignId: string,
    private actor: Actor,
  ) {
    this.placer = d.placer;
  }

  private get now(): number {
    return this.d.deps.now().getTime();
  }

  /** Asks the run to stop dialling (calls in progress finish); the caller records the new state. */
  stop(why: 'pause' | 'cancel'): void {
    this.stopping ??= why;
    this.kick();
  }

  /** Whether the run is winding down. */
  get isStopping(): boolean {
    return this.stopping !== null;
  }

  /**
   * Resumes a paused campaign this run is still winding down (its calls on the line keep going):
   * the keys are resolved again, the state is `running` at once and dialling starts again as places
   * free. False when this run cannot take it back (it has ended, or the campaign is not paused):
   * the caller waits for it to end and starts a new run.
   */
  resume(actor: Actor, placer: CallPlacer): boolean {
    if (this.ended || this.stopping === null) return false;
    const c = this.d.repo.get(this.campaignId);
    if (c.state !== 'paused') return false;
    // New dials go through the placer given now (the runner may have been started again); calls on the line keep theirs.
    this.placer = placer;
    try {
      this.prepare(c);
    } catch (err) {
      if (!(err instanceof AppError) || !['NO_CREDENTIAL', 'ONBOARDING_INCOMPLETE', 'NOT_FOUND'].includes(err.code)) throw err;
      this.pause(c, `${err.message}`, ['paused']);
      return true;
    }
    if (!this.d.repo.setState(c.id, 'running', ['paused'])) return false;
    this.d.deps.audit.append({ actor, action: 'campaign.resume', workspaceId: c.workspace_id, target: c.id, detail: { channel: 'voice' } });
    this.actor = actor;
    this.stopping = null;
    this.unreachable = 0;
    this.note = null;
    this.lastPoll = Number.NEGATIVE_INFINITY;
    this.kick();
    return true;
  }

  /** Dials until done, paused, cancelled or refused; resolves when every call it placed has ended. */
  async run(): Promise<void> {
    const { repo } = this.d;
    const c = repo.get(this.campaignId);
    if (c.state === 'completed' || c.state === 'cancelled') return;
    repo.acquireLease(c.id, process.pid);
    // On the run's clock, like the lease it keeps fresh is read on the core's: a bench that
    // compresses time compresses both.
    let beating = true;
    let beat: ReturnType<Clock['setTimeout']> | null = null;
    const tick = (): void => {
      if (!beating) return;
      try {
        repo.heartbeat(c.id, process.pid);
      } catch {
        // A busy database: the next beat tries again; a lease only goes stale after 15 s.
      }
      beat = this.d.clock.setTimeout(tick, 2_000);
    };
    tick();
    try {
      try {
        this.prepare(c);
      } catch (err) {
        if (!(err instanceof AppError) || !['NO_CREDENTIAL', 'ONBOARDING_INCOMPLETE', 'NOT_FOUND'].includes(err.code)) throw err;
        this.pause(c, `${err.message}`, ['ready', 'paused', 'running']);
        return;
      }
      if (!repo.setState(c.id, 'running', ['ready', 'paused', 'running'])) return;
      this.d.deps.audit.append({ actor: this.actor, action: c.state === 'ready' ? 'campaign.start' : 'campaign.resume', workspaceId: c.workspace_id, target: c.id, detail: { channel: 'voice' } });
      await this.loop(repo.get(c.id));
      // Stopped by a pause: the calls on the line wind down, unless a resume takes the campaign back first.
      while (this.stopping !== null && (await this.windDown())) await this.loop(repo.get(c.id));
    } finally {
      this.ended = true;
      await Promise.allSettled([...this.pending]);
      beating = false;
      if (beat) this.d.clock.clearTimeout(beat);
      repo.releaseLease(c.id, process.pid);
      this.emit(true);
    }
  }

  /** The ceiling now, with its reason (null before the keys are resolved). */
  ceiling(c: VoiceCampaignRow): ReturnType<typeof ceilingOf> | null {
    if (!this.limit || !this.keys) return null;
    const live = this.d.repo.liveInWorkspace(c.workspace_id);
    return ceilingOf(this.limit, { campaignCap: c.max_concurrent, runnerMax: this.placer.maxCalls, carrierCps: c.cps, workspaceCallsNow: live.calls, sharedWith: this.d.repo.othersRunning(c.workspace_id, c.id) });
  }

  private prepare(c: VoiceCampaignRow): void {
    const { deps } = this.d;
    deps.onboarding.assertReady(c.workspace_id, 'voice');
    if (!c.agent_id) throw new AppError('NOT_FOUND', `The campaign's agent ${c.agent_name} was deleted; create a new campaign with another agent.`);
    deps.agents.get(c.workspace_id, c.agent_id);
    const keys = this.placer.keys(c.workspace_id);
    this.keys = keys;
    this.limit = anthropicLimit(deps, keys.llm);
    this.d.repo.setKey(c.id, keys.carrier.provider, keys.carrier.owner);
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
    const k = this.keys as CallKeys;
    const account = k.carrier.fields.accountSid ?? k.carrier.fields.sid ?? k.carrier.credentialId;
    return this.d.pace(`${which}:${k.carrier.provider}:${account}`, this.d.repo.get(this.campaignId).cps);
  }

  /**
   * Waits for the account's next dial slot, just before the carrier's request; the slot is taken
   * as of the request's answer, so however long the request took to leave, the next one is spaced
   * from a moment after it arrived.
   */
  private async dialSlot(): Promise<() => void> {
    const slot = this.pace('dial').reserve();
    if (slot.wait > 0) await new Promise<void>((r) => this.d.clock.setTimeout(r, slot.wait));
    return () => slot.commit();
  }

  private async loop(c: VoiceCampaignRow): Promise<void> {
    const settleMs = this.d.options?.settleMs ?? 1000;
    const exclusion = this.d.deps.dnc.exclusionFor(c.workspace_id);
    const window: SendWindow = { start: c.window_start, end: c.window_end };
    const bucket = this.bucket;
    while (!this.stopped()) {
      this.emit(false);
      await this.recoverDue(c, settleMs);
      if (this.stopped()) break;
      const down = this.placer.unavailable();
      if (down) {
        this.pause(c, `${down} Start the runner again, then resume.`);
        break;
      }
      const ceiling = this.ceiling(c);
      const free = Math.min((ceiling?.ceiling ?? 1) - (ceiling?.workspaceCallsNow ?? 0), c.max_concurrent - this.held.size);
      if (free > 0) {
        const lead = this.claim(c, window, exclusion);
        if (lead) {
          this.note = null;
          const slot = bucket.reserve();
          // Not woken by a call's end: the carrier's calls per second hold whatever happens meanwhile.
          if (slot.wait > 0) await new Promise<void>((r) => this.d.clock.setTimeout(r, slot.wait));
          if (this.stopped()) {
            slot.release();
            break;
          }
          if (!this.d.repo.markDialing(lead.id, this.now, c.workspace_id, ceiling?.ceiling ?? 1)) {
            // Another campaign of the workspace took the last place meanwhile: wait for a call to end.
            slot.release();
            await this.sleep(250);
            continue;
          }
          slot.commit();
          this.launch(c, lead);
          continue;
        }
      } else this.note = `${ceiling?.workspaceCallsNow ?? this.held.size} calls running, the ceiling: ${ceiling?.reason ?? ''}`;
      const orphans = this.d.repo.orphans(c.id, this.held);
      const next = this.d.repo.nextDue(c.id);
      if (next === null && this.held.size === 0 && orphans.length === 0) {
        if (this.d.repo.completeIfDrained(c.id)) {
          this.d.deps.audit.append({ actor: 'system', action: 'campaign.complete', workspaceId: c.workspace_id, target: c.id, detail: { channel: 'voice', ...this.d.repo.outcomes(c.id) } });
          break;
        }
        if (this.d.repo.get(c.id).state !== 'running') break;
        continue;
      }
      if (next !== null && next > this.now && this.held.size === 0) this.note = `Waiting for the next callee's window (${new Date(next).toISOString()}).`;
      const orphanAt = orphans.reduce((t, o) => Math.min(t, (o.inflight_at ?? 0) + settleMs), Number.POSITIVE_INFINITY);
      const dueAt = Math.min(free > 0 && next !== null ? next : Number.POSITIVE_INFINITY, orphanAt);
      await this.sleep(Number.isFinite(dueAt) ? Math.min(Math.max(dueAt - this.now, 5), 1000) : 1000);
    }
  }

  /**
   * Once the loop has stopped, waits for the calls still on the line to end, pushing progress as
   * they do; true when the campaign was resumed meanwhile (the loop dials again), false once none is left.
   */
  private async windDown(): Promise<boolean> {
    for (;;) {
      if (this.stopping === null) return true;
      if (this.pending.size === 0) {
        this.ended = true;
        return false;
      }
      this.emit(false);
      await this.sleep(500);
    }
  }

  /** The next lead that may be dialled now: due, not on a do-not-call list, inside its window. */
  private claim(c: VoiceCampaignRow, window: SendWindow, exclusion: (address: string) => string | null): LeadRow | null {
    for (;;) {
      const now = this.now;
      const rows = this.d.repo.dueQueued(c.id, now, 20);
      if (rows.length === 0) return null;
      for (const r of rows) {
        const excluded = exclusion(r.recipient);
        if (excluded) {
          this.d.repo.markState(r.id, 'skipped', excluded);
          continue;
        }
        const opens = this.openingAt(window, r.zone, now);
        if (opens > now) {
          this.d.repo.defer(r.id, opens);
          continue;
        }
        return r;
      }
    }
  }

  private openingAt(window: SendWindow, zone: string, now: number): number {
    const minute = Math.floor(now / 60_000);
    const hit = this.openings.get(zone);
    if (hit && hit.minute === minute) return Math.max(hit.at, now);
    const at = nextOpening(window, zonesFor(zone), now);
    this.openings.set(zone, { minute, at });
    return at;
  }

  /** Places the call of a lead marked in flight, then waits for its end without holding the loop. */
  private launch(c: VoiceCampaignRow, lead: LeadRow): void {
    this.held.add(lead.id);
    this.d.options?.onDial?.(lead.id);
    const machine = { choice: c.machine, message: c.voicemail_text ?? this.d.deps.agents.get(c.workspace_id, c.agent_id ?? '').greeting };
    const work = async (): Promise<void> => {
      let call;
      try {
        call = await this.placer.place({ workspaceId: c.workspace_id, agentId: c.agent_id ?? '', to: lead.recipient, actor: this.actor, campaignId: c.id, machine, beforeDial: () => this.dialSlot() });
      } catch (err) {
        return this.dialFailed(c, lead, err);
      }
      this.unreachable = 0;
      this.d.repo.markInCall(lead.id, call.callId, call.carrierCallId);
      const end = await call.done;
      this.settle(c, lead.id, call.callId, end.outcome, end.reason, end.answered ? end.durationSeconds : null);
    };
    const p: Promise<void> = work()
      .catch((err: unknown) => console.error(`[voice campaign] a call failed unexpectedly: ${err instanceof AppError ? err.code : err instanceof Error ? err.name : 'error'}`))
      .finally(() => {
        this.held.delete(lead.id);
        this.pending.delete(p);
        this.kick();
      });
    this.pending.add(p);
  }

  private dialFailed(c: VoiceCampaignRow, lead: LeadRow, err: unknown): void {
    const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be placed.');
    const down = this.placer.unavailable();
    if (down) {
      this.d.repo.requeue(lead.id, this.now, { countAttempt: false });
      return this.pause(c, `${down} Start the runner again, then resume.`);
    }
    // Only a problem with this lead's own number fails the lead; any other refusal (the caller ID,
    // the account) would refuse every lead alike, so the campaign pauses with it instead.
    if (e.code === 'INVALID_INPUT' && !CALLEE_NUMBER.test(e.message)) {
      this.d.repo.requeue(lead.id, this.now, { countAttempt: false });
      return this.pause(c, `${e.message} Nothing more was dialled: fix it, then resume.`);
    }
    switch (e.code) {
      case 'PROVIDER_AUTH':
      case 'FORBIDDEN':
      case 'NO_CREDENTIAL':
      case 'ONBOARDING_INCOMPLETE':
        // Refused before any call was placed: the lead waits, the campaign pauses with the reason.
        this.d.repo.requeue(lead.id, this.now, { countAttempt: false });
        return this.pause(c, `${e.message} Nothing more was dialled: fix the key, then resume.`);
      case 'RATE_LIMITED':
        return this.d.repo.requeue(lead.id, this.now + 2_000, { countAttempt: false });
      case 'INVALID_INPUT':
        return this.d.repo.markState(lead.id, 'failed', e.message, 'failed');
      default:
        // The request may or may not have reached the carrier: the lead stays in flight and is
        // settled like a crash's — Twilio is asked, an Exotel call is left in doubt.
        this.unreachable += 1;
        if (this.unreachable >= MAX_UNREACHABLE) this.pause(c, `${MAX_UNREACHABLE} calls in a row could not be placed (${e.message}). Check the providers, then resume.`);
    }
  }

  /** Settles leads a previous run (or an unanswered request) left in flight, once their rest is over. */
  private async recoverDue(c: VoiceCampaignRow, settleMs: number): Promise<void> {
    for (const lead of this.d.repo.orphans(c.id, this.held)) {
      if (this.stopped()) return;
      if ((lead.inflight_at ?? 0) + settleMs > this.now) continue;
      this.held.add(lead.id);
      try {
        await this.recover(c, lead);
      } finally {
        this.held.delete(lead.id);
      }
    }
  }

  private recover(c: VoiceCampaignRow, lead: LeadRow): Promise<void> {
    return recoverLead({ deps: this.d.deps, repo: this.d.repo, keys: this.keys as CallKeys, now: () => this.now, pause: (reason) => this.pause(c, reason) }, c, lead);
  }

  private settle(c: VoiceCampaignRow, leadId: number, callId: string | null, outcome: CallOutcome, reason: string | null, duration: number | null): void {
    settleLead({ deps: this.d.deps, repo: this.d.repo, now: () => this.now }, c, leadId, callId, { outcome, reason, duration });
  }

  private pause(c: VoiceCampaignRow, reason: string, from: VoiceCampaignRow['state'][] = ['running']): void {
    this.stopping = 'auth';
    if (this.d.repo.setState(c.id, 'paused', from, reason)) this.d.deps.audit.append({ actor: 'system', action: 'campaign.pause', workspaceId: c.workspace_id, target: c.id, detail: { reason } });
    this.kick();
  }

  private stopped(): boolean {
    if (this.stopping) return true;
    const t = performance.now();
    if (t - this.lastPoll >= 100) {
      this.lastPoll = t;
      // A pause or cancel from another process (the CLI) shows up here.
      if (this.d.repo.get(this.campaignId).state !== 'running') this.stopping = 'external';
    }
    return this.stopping !== null;
  }

  /** Waits `ms` on the run's clock, or until a call ends. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.d.clock.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.d.clock.clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }

  private kick(): void {
    this.wake?.();
  }

  private emit(force: boolean): void {
    const t = performance.now();
    if (!force && t - this.lastEmit < 500) return;
    this.lastEmit = t;
    const c = this.d.repo.get(this.campaignId);
    this.d.emit(progressOf(c, this.d.repo, this.d.deps.db, this.ceiling(c), this.note, this.d.deps.now()));
  }
}
