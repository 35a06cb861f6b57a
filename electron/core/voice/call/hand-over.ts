/**
 * Handing a call to a person (transfer_call), for one placed call, through its carrier's transfers
 * (carriers/carrier.ts):
 *
 * - cold: the agent's line is spoken first (the hand-over waits for the reply to finish playing),
 *   then the carrier rings the person on a child leg of the call and connects the caller when they
 *   answer; the agent has left. The child leg's result and seconds come in its own callbacks.
 * - warm: the caller holds while the person is rung on a leg of their own (call/person-leg.ts) with
 *   machine detection; a person who picks up is briefed in the agent's voice with the model's one-line
 *   summary, then both calls are joined in one room and the agent leaves. Nobody answering, a busy
 *   line, a voicemail or a fax, or the person hanging up before the join: the leg is hung up, the
 *   caller is taken off hold, and the model is told, so the agent comes back and says so.
 *
 * Each transfer goes into the call's record (kind `transfer`, the target's name, mode and result);
 * the legs it added are metered to the carrier key that paid for the call once their final status
 * gives their seconds (settle).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { TransferResult, TransferTargetView } from '../../../../shared/transfer-targets';
import type { Carrier, CarrierReach } from '../carriers/carrier';
import type { Clock } from '../clock';
import type { MediaServer } from '../runner/media-server';
import type { CallSession } from '../session/call-session';
import type { FrameClock } from '../session/frame-clock';
import type { CallEventRecorder } from '../tools/toolbox';
import type { TransferDesk } from '../tools/transfer-tool';
import type { CarrierStatus, ExpectedCall, ToolResult, TtsStream } from '../types';
import type { CallKeys } from './keys';
import { type LegAnswer, PersonLeg } from './person-leg';

/** Seconds a transfer lets the person's phone ring. */
export const TRANSFER_RING_SECONDS = 25;

/** What a call's hand-over needs. */
export interface HandOverDeps {
  readonly clock: Clock;
  readonly carrier: Carrier;
  readonly keys: CallKeys;
  readonly reach: () => CarrierReach;
  readonly media: Pick<MediaServer, 'expect'>;
  readonly frames?: FrameClock;
  readonly session: () => CallSession;
  /** The carrier's id of the caller's call, once dialled. */
  readonly callerCallId: () => string | null;
  /** The call's speech socket (the brief is spoken on it, in the agent's voice). */
  readonly tts: () => TtsStream | null;
  readonly agent: { readonly name: string; readonly language: 'en' | 'hi' };
  readonly record: CallEventRecorder;
}

/** A leg a transfer added to the call, for metering. */
export interface AddedLeg {
  /** Resolves with the leg's billed seconds once the carrier says it is over (null when it gave none). */
  readonly final: Promise<number | null>;
  /** Seconds on the line so far, when the carrier's figure never comes. */
  readonly estimate: () => number;
  /** Whether the leg was its own dial request (warm), rather than a child of the caller's call (cold). */
  readonly placed: boolean;
  readonly close: () => void;
}

/** A leg's billed seconds, as metered. */
export interface SettledLeg {
  readonly seconds: number;
  readonly placed: boolean;
}

const WHY_NOT: Readonly<Record<Exclude<LegAnswer, 'human'>, { result: TransferResult; said: string }>> = {
  'no-answer': { result: 'no-answer', said: 'did not answer' },
  busy: { result: 'busy', said: 'was busy' },
  machine: { result: 'voicemail', said: 'did not pick up: a voicemail answered' },
  failed: { result: 'failed', said: 'could not be reached' },
  'hung-up': { result: 'failed', said: 'hung up before the caller was connected' },
};

/** The brief the person hears before the caller joins. */
function briefOf(agent: HandOverDeps['agent'], targetName: string, summary: string): string {
  if (agent.language === 'hi')
    // Devanagari takes three bytes a letter: each sentence on its own line.
    // prettier-ignore
    return (
      `नमस्ते, मैं ${agent.name} हूँ, एक AI सहायक। ` +
      `${targetName} के लिए एक कॉलर लाइन पर हैं: ${summary} ` +
      'मैं उन्हें अभी जोड़ रही हूँ।'
    );
  return `Hello, this is ${agent.name}, an AI assistant, with a caller for ${targetName}. ${summary} I'm connecting you now.`;
}

/** One call's hand-overs. */
export class HandOver implements TransferDesk {
  private readonly legs: AddedLeg[] = [];
  /** The transfer that took the call, recorded once its leg's result and seconds are known. */
  private handed: {
    readonly target: TransferTargetView;
    readonly summary: string;
    readonly startedAt: number;
    readonly leg: AddedLeg;
    result: () => TransferResult;
  } | null = null;

  constructor(private readonly deps: HandOverDeps) {}

  /** Whether the call was handed to a person (the agent left; the call goes on at the carrier). */
  get handedOver(): boolean {
    return this.handed !== null;
  }

  /** Whether the call added legs to meter. */
  get hasLegs(): boolean {
    return this.legs.length > 0;
  }

  async transfer(target: TransferTargetView, summary: string, signal: AbortSignal): Promise<ToolResult> {
    if (!this.deps.carrier.transfers.supported) return { content: this.deps.carrier.transfers.why, isError: true };
    if (this.deps.callerCallId() === null) return { content: 'The call is not connected yet, so it cannot be transferred.', isError: true };
    return target.mode === 'cold' ? this.cold(target, summary, signal) : this.warm(target, summary, signal);
  }

  /**
   * Waits until every added leg said its seconds, or `stop` resolves (the wait's cap, or the runner
   * stopping); records the transfer that took the call; returns each leg's seconds.
   */
  async settle(stop: Promise<void>): Promise<SettledLeg[]> {
    const known: (number | null)[] = this.legs.map(() => null);
    const heard = this.legs.map((leg, i) => leg.final.then((s) => void (known[i] = s)));
    await Promise.race([Promise.all(heard), stop]);
    const settled = this.legs.map((leg, i) => ({ seconds: known[i] ?? leg.estimate(), placed: leg.placed }));
    for (const leg of this.legs) leg.close();
    const handed = this.handed;
    if (handed) {
      const legSeconds = settled[this.legs.indexOf(handed.leg)]?.seconds ?? 0;
      this.event(handed.target, handed.startedAt, handed.result(), { summary: handed.summary, legSeconds });
    }
    return settled;
  }

  private cold(target: TransferTargetView, summary: string, signal: AbortSignal): ToolResult {
    if (signal.aborted) return { content: 'The transfer was cancelled.', isError: true };
    const startedAt = this.deps.clock.now();
    const go = (): void => void this.coldNow(target, summary, startedAt);
    const waiting = this.deps.session().afterReply({
      run: go,
      dropped: () =>
        this.event(target, startedAt, 'cancelled', { summary, why: 'The caller spoke before the agent handed the call over.' }),
    });
    if (!waiting) go();
    return {
      content:
        `The caller will be connected to ${target.name} as soon as you finish speaking, and you leave the call. Say at most one ` +
        `short line that you are connecting them (nothing, if you just said it), and nothing else.`,
      isError: false,
    };
  }

  private async coldNow(target: TransferTargetView, summary: string, startedAt: number): Promise<void> {
    const session = this.deps.session();
    const callId = this.deps.callerCallId();
    const { carrier, keys } = this.deps;
    if (!carrier.transfers.supported || callId === null) return;
    const child = this.childLeg();
    session.handingOver();
    try {
      const to = target.number;
      await carrier.transfers.connect(keys.carrier, this.deps.reach(), {
        callId,
        to,
        from: keys.from,
        statusUrl: child.statusUrl,
        ringSeconds: TRANSFER_RING_SECONDS,
      });
    } catch (err) {
      child.leg.close();
      session.handOverFailed();
      const why = sentence(err);
      this.event(target, startedAt, 'failed', { summary, why });
      return session.tellAgent(`[The transfer to ${target.name} did not go through (${why}) Tell the caller, and carry on.]`);
    }
    this.legs.push(child.leg);
    this.handed = { target, summary, startedAt, leg: child.leg, result: child.result };
    session.handedOver(`The agent transferred the caller to ${target.name} (cold).`);
  }

  /** The cold transfer's child leg: no stream of its own, only its status callbacks at an address of its own. */
  private childLeg(): { leg: AddedLeg; statusUrl: string; result: () => TransferResult } {
    const { clock, carrier, keys } = this.deps;
    let answeredAt: number | null = null;
    let result: TransferResult = 'no-answer';
    let resolveFinal!: (seconds: number | null) => void;
    const final = new Promise<number | null>((resolve) => (resolveFinal = resolve));
    const expected: ExpectedCall = {
      token: randomBytes(24).toString('base64url'),
      carrier: carrier.id,
      signingSecret: carrier.signingSecret(keys.carrier),
      callId: null,
      onLeg: (leg) => leg.close(),
      onStatus: (status: CarrierStatus) => {
        // The first callback names the leg; later ones must be the same leg's.
        expected.callId ??= status.callId;
        if (status.status === 'in-progress') {
          answeredAt ??= clock.now();
          result = 'connected';
        } else if (status.status === 'busy') result = 'busy';
        else if (status.status === 'failed' || status.status === 'canceled') result = 'failed';
        if (['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status.status)) resolveFinal(status.durationSeconds);
      },
    };
    const where = this.deps.media.expect(expected);
    const leg: AddedLeg = {
      final,
      estimate: () => (answeredAt === null ? 0 : Math.round((clock.now() - answeredAt) / 1000)),
      placed: false,
      close: where.forget,
    };
    return { leg, statusUrl: where.statusUrl, result: () => result };
  }

  private async warm(target: TransferTargetView, summary: string, signal: AbortSignal): Promise<ToolResult> {
    const session = this.deps.session();
    const { carrier, keys, clock } = this.deps;
    const startedAt = clock.now();
    const back = (result: TransferResult, said: string, why?: string): ToolResult => {
      session.releaseCaller();
      this.event(target, startedAt, result, { summary, ...(why ? { why } : {}) });
      return {
        content: `${target.name} ${said}, so the caller was not transferred. Tell the caller, and carry on with the call.`,
        isError: true,
      };
    };
    const aborted = new Promise<'aborted'>((resolve) => {
      if (signal.aborted) resolve('aborted');
      signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    session.holdCaller();
    let leg: PersonLeg;
    try {
      leg = await PersonLeg.ring(
        { media: this.deps.media, carrier, key: keys.carrier, reach: this.deps.reach(), clock, frames: this.deps.frames },
        { to: target.number, from: keys.from, ringSeconds: TRANSFER_RING_SECONDS },
      );
    } catch (err) {
      return back('failed', 'could not be called', sentence(err));
    }
    this.legs.push({ final: leg.final, estimate: () => leg.secondsSoFar(), placed: true, close: () => leg.close() });
    const cancelled = (): ToolResult => {
      void leg.hangUp();
      this.event(target, startedAt, 'cancelled', { summary, why: 'The call ended while the person was being reached.' });
      return { content: 'The transfer was cancelled.', isError: true };
    };
    const answer = await Promise.race([leg.answered, aborted]);
    if (answer === 'aborted') return cancelled();
    if (answer !== 'human') {
      await leg.hangUp();
      return back(WHY_NOT[answer].result, WHY_NOT[answer].said);
    }
    const tts = this.deps.tts();
    const said = tts ? await Promise.race([leg.say(briefOf(this.deps.agent, target.name, summary), tts), aborted]) : 'gone';
    if (said === 'aborted') return cancelled();
    if (said === 'gone') {
      await leg.hangUp();
      // A verdict of machine that came during the brief is the voicemail; otherwise the person left.
      return leg.isMachine ? back('voicemail', WHY_NOT.machine.said) : back('failed', WHY_NOT['hung-up'].said);
    }
    const callerId = this.deps.callerCallId();
    if (!carrier.transfers.supported || callerId === null || leg.callId === null) return back('failed', 'could not be joined');
    session.handingOver();
    leg.joiningRoom();
    try {
      await carrier.transfers.bridge(keys.carrier, this.deps.reach(), {
        callIds: [callerId, leg.callId],
        room: randomBytes(12).toString('base64url'),
      });
    } catch (err) {
      await leg.hangUp();
      session.handOverFailed();
      return back('failed', 'could not be joined to the call', sentence(err));
    }
    const added = this.legs.at(-1) as AddedLeg;
    this.handed = { target, summary, startedAt, leg: added, result: () => 'connected' };
    session.handedOver(`The agent briefed ${target.name} and transferred the caller (warm).`);
    return { content: `The caller is now connected to ${target.name}.`, isError: false };
  }

  /** One transfer in the call's record. */
  private event(target: TransferTargetView, startedAt: number, result: TransferResult, detail: Readonly<Record<string, unknown>>): void {
    this.deps.record({
      kind: 'transfer',
      name: target.name,
      ok: result === 'connected',
      durationMs: Math.max(0, this.deps.clock.now() - startedAt),
      detail: { mode: target.mode, result, ...detail },
    });
  }
}

/** A failure as one sentence, never an SDK's own message. */
function sentence(err: unknown): string {
  return err instanceof AppError ? err.message : 'the carrier could not be reached';
}
