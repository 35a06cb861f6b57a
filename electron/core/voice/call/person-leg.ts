/**
 * The person's leg of a warm transfer: a call of its own to the person, placed through the call's
 * carrier with a media stream (so the agent can brief them in its own voice) and answering-machine
 * detection, so a voicemail greeting is never briefed about the caller. It answers one question —
 * did a person pick up? — then speaks the brief, and is either joined with the caller or hung up.
 * Its final status carries its billed seconds, which the call meters to the same carrier key.
 */
import { randomBytes } from 'node:crypto';
import type { Carrier, CarrierKey, CarrierReach } from '../carriers/carrier';
import type { Clock, TimerHandle } from '../clock';
import type { MediaServer } from '../runner/media-server';
import type { FrameClock } from '../session/frame-clock';
import { DEFAULT_MS_PER_CHAR } from '../session/heard';
import { Pacer } from '../session/pacer';
import { Utterance } from '../session/utterance';
import type { CallLeg, CarrierStatus, ExpectedCall, MachineVerdict, TtsStream } from '../types';

/** Who (or what) answered the person's leg. */
export type LegAnswer = 'human' | 'machine' | 'no-answer' | 'busy' | 'failed' | 'hung-up';

/** What a person's leg needs. */
export interface PersonLegDeps {
  readonly media: Pick<MediaServer, 'expect'>;
  readonly carrier: Carrier;
  readonly key: CarrierKey;
  readonly reach: CarrierReach;
  readonly clock: Clock;
  readonly frames?: FrameClock;
}

/** How long to wait for detection's verdict once the person's stream is up; silence past it is taken as a person (Twilio's "unknown"). */
export const VERDICT_WAIT_MS = 10_000;
/** How long past the ring time a leg may stay unanswered before it is given up on. */
const RING_MARGIN_MS = 20_000;
const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const NOT_ANSWERED: Readonly<Record<string, LegAnswer>> = { busy: 'busy', 'no-answer': 'no-answer', failed: 'failed', canceled: 'failed' };

/** One person's leg. */
export class PersonLeg {
  /** Resolves once with who answered (or why nobody did). */
  readonly answered: Promise<LegAnswer>;
  /** Resolves once the carrier says the leg is over, with its billed seconds (null when it gave none). */
  readonly final: Promise<number | null>;
  /** The carrier's id of the leg, once the dial was accepted. */
  callId: string | null = null;
  private resolveAnswer!: (answer: LegAnswer) => void;
  private resolveFinal!: (seconds: number | null) => void;
  private answer: LegAnswer | null = null;
  private leg: CallLeg | null = null;
  private verdict: 'human' | 'machine' | null = null;
  private verdictTimer: TimerHandle | null = null;
  private ringTimer: TimerHandle | null = null;
  private answeredAt: number | null = null;
  private over = false;
  private joining = false;
  private speaking: { utterance: Utterance; pacer: Pacer; done: (outcome: 'played' | 'gone') => void } | null = null;
  private forget: (() => void) | null = null;

  private constructor(private readonly deps: PersonLegDeps) {
    this.answered = new Promise((resolve) => (this.resolveAnswer = resolve));
    this.final = new Promise((resolve) => (this.resolveFinal = resolve));
  }

  /** Dials the person with a stream and machine detection; rejects with the carrier's sentence when the dial is refused. */
  static async ring(
    deps: PersonLegDeps,
    call: { readonly to: string; readonly from: string; readonly ringSeconds: number },
  ): Promise<PersonLeg> {
    const leg = new PersonLeg(deps);
    const token = randomBytes(24).toString('base64url');
    const expected: ExpectedCall = {
      token,
      carrier: deps.carrier.id,
      signingSecret: deps.carrier.signingSecret(deps.key),
      callId: null,
      onLeg: (media) => leg.attach(media),
      onStatus: (status) => leg.status(status),
      onMachine: (verdict) => leg.machine(verdict),
    };
    const where = deps.media.expect(expected);
    leg.forget = where.forget;
    try {
      const request = {
        to: call.to,
        from: call.from,
        streamUrl: where.streamUrl,
        token,
        statusUrl: where.statusUrl,
        ringSeconds: call.ringSeconds,
      };
      leg.callId = await deps.carrier.dial(deps.key, deps.reach, { ...request, machine: { choice: 'hangup' } });
    } catch (err) {
      where.forget();
      throw err;
    }
    expected.callId = leg.callId;
    leg.ringTimer = deps.clock.setTimeout(() => leg.settle('no-answer'), call.ringSeconds * 1000 + RING_MARGIN_MS);
    return leg;
  }

  /** Whether detection said a machine answered (also when it said so during the brief). */
  get isMachine(): boolean {
    return this.verdict === 'machine';
  }

  /** Seconds the person has been on the line by the runner's clock (0 before they answered), for when the carrier gives no figure. */
  secondsSoFar(): number {
    return this.answeredAt === null ? 0 : Math.round((this.deps.clock.now() - this.answeredAt) / 1000);
  }

  /** Speaks `text` to the person in the agent's voice; 'gone' when they hung up or a machine turned out to have answered. */
  say(text: string, tts: TtsStream): Promise<'played' | 'gone'> {
    const leg = this.leg;
    if (!leg || this.over || this.verdict === 'machine') return Promise.resolve('gone');
    const { codec } = this.deps.carrier;
    return new Promise((resolve) => {
      const pacer = new Pacer(this.deps.clock, codec.chunkMs(leg.format), codec.chunkBytes(leg.format), (cmd) => leg.send(cmd), {
        encoding: leg.format.encoding,
        frames: this.deps.frames,
      });
      const done = (result: 'played' | 'gone'): void => {
        if (this.speaking?.pacer !== pacer) return;
        this.speaking = null;
        if (result === 'gone') pacer.stop();
        resolve(result);
      };
      const utterance = new Utterance(
        'brief',
        { tts, pacer: () => pacer, bytesPerMs: codec.bytesPerMs, msPerChar: () => DEFAULT_MS_PER_CHAR },
        { onPlayed: () => done('played'), onError: () => done('gone') },
      );
      this.speaking = { utterance, pacer, done };
      utterance.push(text, true);
    });
  }

  /** The leg is about to leave its stream for the room: its stream closing now is expected. */
  joiningRoom(): void {
    this.joining = true;
  }

  /** Hangs the leg up at the carrier (nothing to do once it is over). */
  async hangUp(): Promise<void> {
    this.stopSpeaking();
    if (this.over || this.callId === null) return;
    await this.deps.carrier.hangUp(this.deps.key, this.deps.reach, this.callId, this.leg).catch(() => undefined);
  }

  /** Stops listening for the leg's callbacks (once its final status came, or the call gave up waiting). */
  close(): void {
    this.forget?.();
    this.forget = null;
    this.clearTimers();
    this.stopSpeaking();
  }

  private attach(leg: CallLeg): void {
    if (this.over || leg.format.encoding !== this.deps.carrier.audio.leg) return leg.close();
    this.leg = leg;
    this.answeredAt ??= this.deps.clock.now();
    leg.onEvent((event) => {
      if (event.type === 'mark') this.speaking?.utterance.marked(event.name);
      else if (event.type === 'stop') leg.close();
    });
    leg.onClose(() => {
      this.leg = null;
      this.speaking?.done('gone');
      if (!this.joining) this.settle('hung-up');
    });
    if (this.verdict) return this.settle(this.verdict);
    this.verdictTimer = this.deps.clock.setTimeout(() => this.settle('human'), VERDICT_WAIT_MS);
  }

  /** Detection's verdict: human and unknown are a person; a machine or fax is not, even mid-brief. */
  private machine(verdict: MachineVerdict): void {
    this.verdict = verdict.answeredBy === 'human' || verdict.answeredBy === 'unknown' ? 'human' : 'machine';
    if (this.verdict === 'machine') this.speaking?.done('gone');
    if (this.leg) this.settle(this.verdict);
  }

  private status(status: CarrierStatus): void {
    if (status.status === 'in-progress') this.answeredAt ??= this.deps.clock.now();
    if (!FINAL.has(status.status)) return;
    this.over = true;
    this.settle(NOT_ANSWERED[status.status] ?? 'hung-up');
    this.clearTimers();
    this.resolveFinal(status.durationSeconds);
  }

  private settle(answer: LegAnswer): void {
    if (this.answer !== null) return;
    this.answer = answer;
    if (this.verdictTimer) this.deps.clock.clearTimeout(this.verdictTimer);
    this.resolveAnswer(answer);
  }

  private stopSpeaking(): void {
    this.speaking?.utterance.cancel();
    this.speaking?.done('gone');
  }

  private clearTimers(): void {
    if (this.verdictTimer) this.deps.clock.clearTimeout(this.verdictTimer);
    if (this.ringTimer) this.deps.clock.clearTimeout(this.ringTimer);
    this.verdictTimer = null;
    this.ringTimer = null;
  }
}
