/**
 * The voice runner: one per core, one media server on 127.0.0.1, reachable by carriers through the
 * operator's public URL or a tunnel. It places agent calls (onboarding gate, the callee's number in
 * the workspace's country, the four keys resolved, the Anthropic key's concurrency ceiling), keeps
 * the live ones, and tells listeners every state change and transcript line as it happens.
 */
import { everyDay } from '../recording/daily-sweep';
import { AppError } from '../../../../shared/errors';
import { type CallEventView, type RunnerState } from '../../../../shared/voice-runner';
import type { Actor } from '../../audit/audit';
import { resolveCallKeys } from '../call/keys';
import { toE164 } from '../call/number';
import { realClock, type Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { faultSentence, guardProcess } from './fault-guard';
import { answerIncoming, type InboundDesk } from './inbound';
import type { PointFailure } from '../numbers/numbers';
import { MediaServer } from './media-server';
import { markRunner, settleOrphans } from './orphans';
import { RefusalTally } from './refusals';
import { FrameClock } from '../session/frame-clock';
import { GreetingCache } from '../session/greeting-cache';
import { PlacedCall, type CallEnd, type PlacedCallDeps, type PlaceInput } from '../call/placed-call';

/** How carriers reach the runner. */
export type Reach =
  | { readonly kind: 'public-url'; readonly url: string }
  | { readonly kind: 'tunnel'; readonly url: string; readonly close: () => Promise<void> };

/** Options of a runner. */
export interface VoiceRunnerOptions extends Pick<
  PlacedCallDeps,
  | 'silenceMs'
  | 'maxCallMs'
  | 'answerTimeoutMs'
  | 'ca'
  | 'toolNetwork'
  | 'onTurn'
  | 'onBargeIn'
  | 'onFrame'
  | 'timeoutMs'
  | 'recogniser'
  | 'speculate'
> {
  readonly clock?: Clock;
  /** Port of the media server on 127.0.0.1 (default: any free one). */
  readonly port?: number;
  /** The most calls at once, whatever the keys allow (default 25). */
  readonly maxCalls?: number;
  /** The outbound tick every call's audio is paced on (default one 20 ms FrameClock on the runner's clock; the bench passes its baseline). */
  readonly frames?: FrameClock;
  /**
   * Turn any error that escapes a call into an audited runner fault that ends only that call
   * (fault-guard.ts). For processes whose job is the runner (`voice serve`, the console); off in
   * library use, where an escape should still fail loudly.
   */
  readonly guardProcess?: boolean;
  /** Settle calls a dead runner left open when this one starts (default true). */
  readonly settleOrphans?: boolean;
  /** How long the media server holds a refusal's answer (tarpit.ts; default 250 ms, 0 answers at once). */
  readonly refusalDelayMs?: number;
  /**
   * Answer the attached numbers: pointed at this runner once it is reachable, and back at their away
   * message when it stops (`voice serve` and the console's runner; not a one-call CLI runner).
   */
  readonly answerNumbers?: boolean;
  /** Calls of a workspace live elsewhere in this process that share its Anthropic ceiling (the console's, talk/talk-desk.ts). */
  readonly alsoLiveIn?: (workspaceId: string) => number;
}

/** A call request. */
export interface CallRequest {
  readonly workspaceId: string;
  readonly agentId: string;
  readonly to: string;
  readonly actor: Actor;
  readonly test?: boolean;
  readonly campaignId?: string | null;
  /** Answering-machine detection for campaign calls (Twilio). */
  readonly machine?: PlaceInput['machine'];
  /** Awaited just before the carrier's dial request (a campaign paces its calls per second here). */
  readonly beforeDial?: PlaceInput['beforeDial'];
  /** The campaign's lead behind the call, for the agent's schedule_callback. */
  readonly callback?: PlaceInput['callback'];
}

/** The local voice runner. */
export class VoiceRunner {
  private readonly media: MediaServer;
  private readonly clock: Clock;
  private readonly frames: FrameClock;
  /** Each agent's greeting, synthesised once and replayed on its next calls. */
  readonly greetings = new GreetingCache();
  private readonly live = new Map<string, PlacedCall>();
  private readonly listeners = new Set<(event: CallEventView) => void>();
  private reach: Reach | null = null;
  private up = false;
  private stopping = false;
  private tunnelUp = true;
  private readonly refusals: RefusalTally;
  private unguard: (() => void) | null = null;
  private unmark: (() => void) | null = null;
  private unsweep: (() => void) | null = null;
  private numbersPointed: Promise<PointFailure[]> = Promise.resolve([]);

  constructor(
    private readonly deps: VoiceDeps,
    private readonly options: VoiceRunnerOptions = {},
  ) {
    this.clock = options.clock ?? realClock();
    this.frames = options.frames ?? new FrameClock(this.clock, 20);
    this.refusals = new RefusalTally(this.clock, (refusal) =>
      this.deps.audit.append({ actor: 'system', action: refusal.action, detail: refusal.detail }),
    );
    this.media = new MediaServer({
      port: options.port,
      clock: this.clock,
      refusalDelayMs: options.refusalDelayMs,
      onRefused: (refusal) => this.refusals.add(refusal),
      onFault: (reason) => this.fault(reason, null),
      onAnswer: (carrier, ref, request) => answerIncoming(this.desk(), carrier, ref, request),
    });
  }

  /** Starts the media server (and sets how carriers reach it, when known already); resolves with the local port. */
  async start(reach?: Reach): Promise<number> {
    if (this.options.guardProcess && !this.unguard) this.unguard = guardProcess((err, callId) => this.fault(faultSentence(err), callId));
    // Calls a dead runner left open are settled before this one takes new ones.
    if (this.options.settleOrphans !== false) await settleOrphans(this.deps, { timeoutMs: this.options.timeoutMs });
    this.unmark ??= markRunner(this.deps.dataDir);
    // Recordings past their workspace's retention go daily while a runner is up (and at core start).
    this.unsweep ??= everyDay(
      this.clock,
      () => this.deps.recordings.sweep('system'),
      () => this.deps.audit.append({ actor: 'system', action: 'recording.sweep-failed' }),
    );
    const port = await this.media.start();
    this.up = true;
    this.stopping = false;
    if (reach) this.setReach(reach);
    return port;
  }

  /** Where the media server listens on this machine. */
  get port(): number {
    return this.media.address().port;
  }

  /** Changes how carriers reach the runner (a tunnel reconnected under a new URL, say); numbers it answers follow. */
  setReach(reach: Reach): void {
    this.media.setPublicUrl(reach.url);
    const moved = this.reach?.url !== reach.url;
    this.reach = reach;
    if (this.options.answerNumbers && moved) void this.pointNumbers(reach.url);
  }

  /** Points every attached number at this runner; resolves once the carrier was asked for each (failures are audited). */
  private pointNumbers(url: string): Promise<PointFailure[]> {
    this.numbersPointed = this.deps.numbers.goLive(url);
    return this.numbersPointed;
  }

  /** Resolves once the attached numbers were last pointed (at once when this runner does not answer numbers). */
  numbersReady(): Promise<PointFailure[]> {
    return this.numbersPointed;
  }

  /** The tunnel dropped or came back. */
  setTunnelUp(up: boolean): void {
    this.tunnelUp = up;
  }

  /** Ends every live call, then closes the tunnel and the media server. */
  async stop(): Promise<void> {
    this.stopping = true;
    const calls = [...this.live.values()];
    for (const call of calls) call.hangup();
    await Promise.all(calls.map((c) => c.done));
    // The numbers are pointed back at their away message while the tunnel still stands.
    if (this.options.answerNumbers) await this.numbersPointed.then(() => this.deps.numbers.goAway());
    if (this.reach?.kind === 'tunnel') await this.reach.close().catch(() => undefined);
    if (this.up) await this.media.close();
    this.up = false;
    this.refusals.flush();
    this.unmark?.();
    this.unmark = null;
    this.unsweep?.();
    this.unsweep = null;
    this.unguard?.();
    this.unguard = null;
  }

  /**
   * Something failed that no socket or call handled: audited as one sentence (no stack, no message:
   * either may quote a secret or a frame); the call it came from, if any, ends with the reason; the
   * rest go on.
   */
  fault(sentence: string, callId: string | null): void {
    const call = callId ? this.live.get(callId) : undefined;
    this.deps.audit.append({
      actor: 'system',
      action: 'voice.fault',
      workspaceId: call?.view().workspaceId ?? null,
      target: callId,
      detail: { message: sentence },
    });
    call?.fault('The call was ended after an unexpected error in the voice runner.');
  }

  /** The runner's reachability and load, for the console. */
  state(): RunnerState {
    const reach = this.reach;
    // Each call knows the ceiling its keys allowed when it was placed: no key is opened to draw the card.
    const ceilings = [...this.live.values()].map((c) => Math.min(c.ceiling, this.options.maxCalls ?? 25));
    return {
      available: this.up && !this.stopping,
      note: this.up && !this.stopping ? null : 'The voice runner has stopped.',
      reach: { kind: reach?.kind ?? 'none', url: reach?.url ?? null, up: this.up && (reach?.kind !== 'tunnel' || this.tunnelUp) },
      callsNow: this.live.size,
      ceiling: ceilings.length > 0 ? Math.min(...ceilings) : null,
      calls: [...this.live.values()].map((c) => c.view()),
    };
  }

  /** Places one agent call; resolves with its id once the carrier accepted it. */
  async call(req: CallRequest): Promise<{ callId: string }> {
    const placed = await this.place(req);
    return { callId: placed.id };
  }

  /** Places one call and returns it, for callers that wait for its end (CLI, campaigns, tests). */
  async place(req: CallRequest): Promise<PlacedCall> {
    if (!this.up || this.stopping)
      throw new AppError('INVALID_INPUT', 'The voice runner is not running: start it with `switchboard voice serve`.');
    const { deps } = this;
    deps.onboarding.assertReady(req.workspaceId, 'voice');
    const ws = deps.workspaces.get(req.workspaceId);
    const agent = deps.agents.get(ws.id, req.agentId);
    const to = toE164(req.to, ws.defaultCountry);
    const keys = resolveCallKeys(deps, ws.id);
    const ceiling = Math.min(keys.ceiling, this.options.maxCalls ?? 25);
    const mine = this.liveIn(ws.id);
    if (mine >= ceiling)
      throw new AppError(
        'RATE_LIMITED',
        `${ws.name} already has ${mine} call${mine === 1 ? '' : 's'} running, the most its Anthropic key's rate limits allow at once.`,
      );
    const placed = await PlacedCall.place(this.callDeps(), {
      workspaceId: ws.id,
      agent,
      to,
      keys,
      actor: req.actor,
      test: req.test,
      campaignId: req.campaignId,
      machine: req.machine,
      beforeDial: req.beforeDial,
      callback: req.callback,
    });
    this.keep(placed);
    return placed;
  }

  /** Holds a call as live until it is over; one that came while the runner stopped is hung up like the calls that were live. */
  private keep(call: PlacedCall): void {
    this.live.set(call.id, call);
    void call.done.then(() => this.live.delete(call.id));
    if (this.stopping) call.hangup();
  }

  /** What every call on this runner is built with. */
  private callDeps(): PlacedCallDeps {
    return {
      ...this.options,
      ...this.deps,
      media: this.media,
      clock: this.clock,
      frames: this.frames,
      greetings: this.greetings,
      emit: (e) => this.emit(e),
    };
  }

  /** Calls of a workspace live on this runner, inbound and outbound alike; a call handed to a person goes on without the agent and holds no Anthropic slot. */
  private liveIn(workspaceId: string): number {
    const here = [...this.live.values()].filter((call) => call.view().workspaceId === workspaceId && !call.handedOver).length;
    return here + (this.options.alsoLiveIn?.(workspaceId) ?? 0);
  }

  /** The runner as the inbound desk sees it (inbound.ts). */
  private desk(): InboundDesk {
    return {
      deps: this.deps,
      answering: () => this.options.answerNumbers === true && this.up && !this.stopping,
      liveIn: (workspaceId) => this.liveIn(workspaceId),
      maxCalls: this.maxCalls,
      connect: async (row, keys, incoming, actor) => {
        const agent = this.deps.agents.get(row.workspaceId, row.agentId);
        const { call, stream } = await PlacedCall.answer(this.callDeps(), {
          workspaceId: row.workspaceId,
          agent,
          to: row.number,
          keys,
          actor,
          inbound: { from: incoming.from, carrierCallId: incoming.callId },
        });
        this.keep(call);
        return stream;
      },
    };
  }

  /** The most calls at once this runner holds for a workspace, whatever the keys allow. */
  get maxCalls(): number {
    return this.options.maxCalls ?? 25;
  }

  /** Waits for a call's end (resolves at once with null for a call not live here). */
  ended(callId: string): Promise<CallEnd | null> {
    return this.live.get(callId)?.done ?? Promise.resolve(null);
  }

  /** Hangs up a live call. */
  async hangup(callId: string, actor: Actor): Promise<void> {
    const call = this.live.get(callId);
    if (!call) throw new AppError('NOT_FOUND', 'That call is not live on this runner.');
    this.deps.audit.append({ actor, action: 'call.hangup', workspaceId: call.view().workspaceId, target: callId });
    call.hangup();
    await call.done;
  }

  /** Subscribes to live call events; returns the unsubscribe function. */
  onEvent(listener: (event: CallEventView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CallEventView): void {
    for (const fn of this.listeners) fn(event);
  }
}
