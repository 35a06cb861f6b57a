/**
 * What the caller actually heard of one agent utterance. Marks go out with the audio every couple
 * of hundred milliseconds, each named with how much of the utterance's audio lies before it; a mark
 * the carrier returns means that much was played. After a `clear` the carrier returns every pending
 * mark at once (Twilio does), so marks that arrive after it prove nothing and are ignored.
 * Cartesia's audio carries no word boundaries, so the heard text is the played share of the audio
 * mapped onto the text: exactly proportional once synthesis finished, otherwise at the speaking
 * rate seen so far in this call (or a typical ~65 ms per character), cut back to whole words.
 */

/** Typical milliseconds of speech per character, before a call has measured its own rate. */
export const DEFAULT_MS_PER_CHAR = 65;

/** What the caller heard. */
export interface Heard {
  readonly text: string;
  /** Every word was played (the utterance was not cut off). */
  readonly complete: boolean;
  /** Milliseconds of this utterance's audio that were played. */
  readonly playedMs: number;
}

/** Tracks one utterance's text, audio and returned marks. */
export class HeardTracker {
  private text = '';
  private audioBytes = 0;
  private markedBytes = 0;
  private synthDone = false;
  private playedBytes = 0;
  private cleared = false;
  private lastMarkName: string | null = null;

  /**
   * @param id short token naming this utterance's marks (no dots)
   * @param bytesPerMs audio bytes per millisecond of the call's format (μ-law 8, PCM16 16)
   */
  constructor(
    readonly id: string,
    private readonly bytesPerMs: number,
    private readonly msPerChar: () => number = () => DEFAULT_MS_PER_CHAR,
  ) {
    if (id.includes('.')) throw new RangeError('An utterance id cannot contain a dot.');
  }

  /** Text sent to synthesis for this utterance. */
  addText(piece: string): void {
    this.text += piece;
  }

  /** Audio received from synthesis (bytes). */
  addAudio(bytes: number): void {
    this.audioBytes += bytes;
  }

  /** Synthesis delivered every byte. */
  done(): void {
    this.synthDone = true;
  }

  /** Whether synthesis finished. */
  get synthesised(): boolean {
    return this.synthDone;
  }

  /** The whole text sent for synthesis. */
  get fullText(): string {
    return this.text;
  }

  /** Milliseconds of audio synthesised so far. */
  get audioMs(): number {
    return this.audioBytes / this.bytesPerMs;
  }

  /**
   * A mark name for the point after `bytesBefore` bytes of this utterance's audio, or null when no
   * new audio lies before it (so marks are not repeated).
   */
  markAt(bytesBefore: number): string | null {
    if (bytesBefore <= this.markedBytes) return null;
    this.markedBytes = bytesBefore;
    this.lastMarkName = `${this.id}.${bytesBefore}`;
    return this.lastMarkName;
  }

  /** The name of the last mark handed out (the end of the audio, once synthesis is done and flushed). */
  get lastMark(): string | null {
    return this.lastMarkName;
  }

  /** Whether a returned mark belongs to this utterance. */
  owns(name: string): boolean {
    return name.startsWith(`${this.id}.`);
  }

  /** A mark came back; returns whether it was the last one handed out with every byte synthesised (all played). */
  marked(name: string): boolean {
    if (this.cleared || !this.owns(name)) return false;
    const bytes = Number(name.slice(this.id.length + 1));
    if (!Number.isFinite(bytes)) return false;
    this.playedBytes = Math.max(this.playedBytes, bytes);
    return this.synthDone && this.playedBytes >= this.audioBytes && name === this.lastMarkName;
  }

  /** Barge-in: the carrier dropped what it held; later marks are not proof of play. */
  clear(): void {
    this.cleared = true;
  }

  /** What was heard so far. */
  heard(): Heard {
    const playedMs = this.playedBytes / this.bytesPerMs;
    if (this.text.length === 0) return { text: '', complete: true, playedMs };
    if (this.synthDone && this.playedBytes >= this.audioBytes) return { text: this.text.trim(), complete: true, playedMs };
    const share = this.synthDone && this.audioBytes > 0 ? this.playedBytes / this.audioBytes : playedMs / Math.max(1, this.msPerChar());
    const chars = this.synthDone ? Math.floor(share * this.text.length) : Math.floor(share);
    return { text: wholeWords(this.text, chars), complete: false, playedMs };
  }
}

/** The text up to `chars`, cut back to the last whole word. */
export function wholeWords(text: string, chars: number): string {
  if (chars >= text.length) return text.trim();
  if (chars <= 0) return '';
  // A word counts as heard only if the cut falls on the space after it.
  const head = text.slice(0, chars + 1);
  const lastSpace = head.search(/\s\S*$/);
  return (lastSpace < 0 ? '' : head.slice(0, lastSpace)).trim();
}
