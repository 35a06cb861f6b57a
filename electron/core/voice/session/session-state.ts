/**
 * The state one call session's parts share (call-session.ts, replies.ts, barge-in.ts, wrap-up.ts):
 * the call's streams, what the agent is saying, the history, and where in its life the call is.
 */
import { AppError } from '../../../../shared/errors';
import type { CallLeg, SttStream, TtsStream, Turn } from '../types';
import { DEFAULT_MS_PER_CHAR } from './heard';
import type { Pacer } from './pacer';
import type { SessionOptions } from './session-types';
import { TurnTaker } from './turn-taking';
import { Utterance, type UtteranceEvents } from './utterance';

/** A fixed line (silence check, apology, time limit) and what follows once it was played. */
export interface CannedLine {
  readonly utterance: Utterance;
  readonly then: () => void;
}

/** One call session's shared state. */
export class SessionState {
  tts: TtsStream | null = null;
  leg: CallLeg | null = null;
  stt: SttStream | null = null;
  pacer: Pacer | null = null;
  /** The greeting, synthesised before the answer, until it played or was cut off. */
  greeting: Utterance | null = null;
  canned: CannedLine | null = null;
  readonly turns = new TurnTaker();
  readonly history: Turn[] = [];
  answeredAt: number | null = null;
  /** The carrier is replacing the media stream (handOver → resumeOn): the old stream's end is no hang-up. */
  switching = false;
  /** The agent is saying its last line: nothing new starts. */
  ending = false;
  over = false;
  /** Waiting for an answering machine's beep, or on hold during a transfer: caller audio is not a turn. */
  hushed = false;
  /** This call's measured speaking rate, for cutting an unfinished utterance's text. */
  msPerChar = DEFAULT_MS_PER_CHAR;
  private utterances = 0;

  constructor(readonly options: SessionOptions) {}

  /** Whether nothing new may start: the call is over, or the agent is saying its last line. */
  get closing(): boolean {
    return this.over || this.ending;
  }

  /** One thing the agent says, on the call's speech stream (or `on`), held unplayed with `hold`. */
  utterance(events: UtteranceEvents, hold = false, on?: TtsStream): Utterance {
    if (!this.tts) throw new AppError('INTERNAL', 'The call has no speech stream.');
    const { bytesPerMs } = this.options.codec;
    return new Utterance(
      `u${++this.utterances}`,
      { tts: on ?? this.tts, pacer: () => this.pacer, bytesPerMs, msPerChar: () => this.msPerChar },
      events,
      { hold },
    );
  }

  /** The greeting's transcript line is still to be written: once it has played, or the call ends or moves on without it. */
  greetingLineDue = false;

  /**
   * Writes the greeting's line once: whole, or (`heard`) only what the caller heard before cutting
   * it off, marked so. Written when it ends rather than when it starts, so a greeting cut off is one
   * line, not the whole greeting and then its heard part.
   */
  writeGreetingLine(heard?: string): void {
    if (!this.greetingLineDue) return;
    this.greetingLineDue = false;
    if (heard === undefined) this.line('agent', this.options.agent.greeting, true, false);
    else this.line('agent', heard, true, true);
  }

  /** Tells a transcript line (an empty one only when it marks the agent cut off). */
  line(speaker: 'agent' | 'caller', text: string, final: boolean, interrupted: boolean): void {
    if (text || interrupted) this.options.onLine?.({ speaker, text, final, interrupted });
  }
}
