/**
 * One thing the agent says: a TTS context, the audio it yields paced to the carrier with a mark
 * every ~200 ms of speech, and what of it the caller heard. A greeting is synthesised before the
 * callee answers and held until `play()`; replies play as their audio arrives.
 */
import type { AppError } from '../../../../shared/errors';
import type { TtsContext, TtsStream } from '../types';
import { HeardTracker } from './heard';
import type { Pacer } from './pacer';

/** What an utterance needs. */
export interface UtteranceDeps {
  readonly tts: TtsStream;
  readonly pacer: () => Pacer | null;
  /** Audio bytes per millisecond of the call (μ-law 8, PCM16 16). */
  readonly bytesPerMs: number;
  /** This call's measured speaking rate, for cutting an unfinished utterance's text. */
  readonly msPerChar: () => number;
  /** Milliseconds of audio between marks (default 200). */
  readonly markEveryMs?: number;
}

/** What an utterance reports. */
export interface UtteranceEvents {
  /** The first audio of this utterance arrived from TTS. */
  readonly onFirstAudio?: () => void;
  /** Every byte was played (the last mark came back). */
  readonly onPlayed: () => void;
  readonly onError: (error: AppError) => void;
}

/** One agent utterance. */
export class Utterance {
  readonly heard: HeardTracker;
  private readonly ctx: TtsContext;
  private held: Buffer[] | null;
  private fed = 0;
  private sinceMark = 0;
  private gotAudio = false;
  private finished = false;
  private over = false;

  constructor(
    id: string,
    private readonly deps: UtteranceDeps,
    private readonly events: UtteranceEvents,
    opts: { readonly hold?: boolean } = {},
  ) {
    this.heard = new HeardTracker(id, deps.bytesPerMs, deps.msPerChar);
    this.held = opts.hold ? [] : null;
    this.ctx = deps.tts.context({
      onAudio: (audio) => this.audio(audio),
      onDone: () => this.synthDone(),
      onError: (error) => {
        if (this.over) return;
        this.over = true;
        events.onError(error);
      },
    });
  }

  /** Sends text for synthesis; `last` ends the utterance's input. */
  push(text: string, last: boolean): void {
    if (this.over) return;
    this.heard.addText(text);
    this.ctx.push(text, last);
  }

  /** Whether the caller is hearing it now (audio with the carrier, not all played yet). */
  get playing(): boolean {
    return this.fed > 0 && !this.over;
  }

  /** Starts a held utterance (the greeting, once the callee answered). */
  play(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    for (const audio of held) this.feed(audio);
    if (this.finished) this.end();
  }

  /** A mark came back from the carrier. */
  marked(name: string): void {
    if (this.over || !this.heard.owns(name)) return;
    if (this.heard.marked(name)) this.done();
  }

  /** Barge-in or hang-up: stop synthesis; what was not played is dropped by the caller of cancel. */
  cancel(): void {
    this.heard.clear();
    if (this.over) return;
    this.over = true;
    this.ctx.cancel();
  }

  private audio(audio: Buffer): void {
    if (this.over || audio.length === 0) return;
    this.heard.addAudio(audio.length);
    if (!this.gotAudio) {
      this.gotAudio = true;
      this.events.onFirstAudio?.();
    }
    if (this.held) this.held.push(audio);
    else this.feed(audio);
  }

  private feed(audio: Buffer): void {
    const pacer = this.deps.pacer();
    if (!pacer) return;
    pacer.push(audio);
    this.fed += audio.length;
    this.sinceMark += audio.length;
    if (this.sinceMark >= (this.deps.markEveryMs ?? 200) * this.deps.bytesPerMs) {
      const name = this.heard.markAt(this.fed - pacer.partialBytes);
      if (name) {
        pacer.markHere(name);
        this.sinceMark = pacer.partialBytes;
      }
    }
  }

  private synthDone(): void {
    if (this.over) return;
    this.heard.done();
    this.finished = true;
    if (!this.held) this.end();
  }

  /** Every byte is with the pacer: the last mark goes after it (padding the final partial chunk). */
  private end(): void {
    const pacer = this.deps.pacer();
    const name = this.heard.markAt(this.fed);
    if (name && pacer) pacer.mark(name);
    else if (this.heard.heard().complete) this.done();
  }

  private done(): void {
    if (this.over) return;
    this.over = true;
    this.events.onPlayed();
  }
}
