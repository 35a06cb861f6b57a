/**
 * The outbound pacer: agent audio arrives from TTS in bursts of any size, but a carrier plays what
 * it is sent and barge-in can only drop what it still holds, so the runner keeps the backlog itself
 * and hands the carrier exactly one chunk per chunk period. Deadlines are anchored (start + n·chunkMs)
 * rather than "now + chunkMs", so timer lateness never accumulates into drift, and a wake-up that
 * comes late sends every chunk whose slot has passed, not just one.
 *
 * Two ways to wake: a timer of its own (the default; unit tests drive it with a ManualClock), or the
 * runner's shared FrameClock, one tick for every call. On the shared clock a run's first chunk goes
 * at once and the rest on the clock's slots, so the carrier never waits longer than a chunk period
 * between chunks (at most one chunk is handed over ahead of its time).
 */
import type { AudioEncoding, CallCommand } from '../types';
import type { Clock, TimerHandle } from '../clock';
import type { FrameClock, FrameClockMember } from './frame-clock';

/** The byte that is silence in each call encoding (μ-law 0xFF, linear PCM 0). */
export function silenceByte(encoding: AudioEncoding): number {
  return encoding === 'mulaw' ? 0xff : 0;
}

/** Options beyond the required four. */
export interface PacerOptions {
  /** Encoding of the call, for the silence that pads a partial chunk (default μ-law). */
  readonly encoding?: AudioEncoding;
  /** Told when a mark was handed to the carrier, with the clock time. */
  readonly onMark?: (name: string, at: number) => void;
  /** Told when the queue ran dry after sending something. */
  readonly onIdle?: () => void;
  /** Told when a chunk was handed over, and how late against its anchored deadline (first-audio latency and jitter are measured here). */
  readonly onChunk?: (at: number, lateMs: number) => void;
  /** The runner's shared tick; without one the pacer keeps a timer of its own. */
  readonly frames?: FrameClock;
  /** Frames a chunk for the wire when it is queued, so the tick only hands over a ready string (undefined: framed when sent). */
  readonly prepare?: (audio: Buffer) => string | undefined;
}

type Item = { readonly kind: 'chunk'; readonly audio: Buffer; readonly wire?: string } | { readonly kind: 'mark'; readonly name: string };

/** Sends queued agent audio at real-time pace with marks between segments. */
export class Pacer implements FrameClockMember {
  private readonly queue: Item[] = [];
  private partial: Buffer = Buffer.alloc(0);
  private timer: TimerHandle | null = null;
  /** On the shared frame clock and waiting for its ticks. */
  private ticking = false;
  /** The anchor of the current run of chunks, how many were sent since it, and when its first chunk was due. */
  private anchor = 0;
  private sentInRun = 0;
  private firstDue = 0;
  /** The earliest time the next chunk may go, so a restart never outruns real time. */
  private notBefore = -Infinity;
  private readonly silence: number;
  private chunks = 0;
  private paused = false;

  constructor(
    private readonly clock: Clock,
    readonly chunkMs: number,
    readonly chunkBytes: number,
    private readonly send: (cmd: CallCommand) => void,
    private readonly options: PacerOptions = {},
  ) {
    if (!(chunkMs > 0) || !Number.isInteger(chunkBytes) || chunkBytes <= 0)
      throw new RangeError('A pacer needs a positive chunk period and size.');
    this.silence = silenceByte(options.encoding ?? 'mulaw');
  }

  /** Queues agent audio; whole chunks become sendable now, the remainder waits for more audio or a mark. */
  push(audio: Buffer): void {
    if (audio.length === 0) return;
    const all = this.partial.length === 0 ? audio : Buffer.concat([this.partial, audio]);
    let at = 0;
    for (; at + this.chunkBytes <= all.length; at += this.chunkBytes)
      this.queue.push(this.chunk(Buffer.from(all.subarray(at, at + this.chunkBytes))));
    this.partial = Buffer.from(all.subarray(at));
    this.kick();
  }

  /** Ends a segment: pads its last partial chunk with silence and queues a mark after it. */
  mark(name: string): void {
    this.flush();
    this.queue.push({ kind: 'mark', name });
    this.kick();
  }

  /**
   * Queues a mark after the whole chunks queued so far, leaving a partial chunk waiting for more
   * audio: marks inside a reply, where padding with silence would put gaps into the speech.
   */
  markHere(name: string): void {
    this.queue.push({ kind: 'mark', name });
    this.kick();
  }

  /** Bytes held back as a partial chunk (not yet before any mark). */
  get partialBytes(): number {
    return this.partial.length;
  }

  /** Pads and queues the held partial chunk (end of all audio for now). */
  flush(): void {
    if (this.partial.length === 0) return;
    const chunk = Buffer.alloc(this.chunkBytes, this.silence);
    this.partial.copy(chunk);
    this.partial = Buffer.alloc(0);
    this.queue.push(this.chunk(chunk));
    this.kick();
  }

  /** Barge-in: drops everything queued, tells the carrier to drop what it buffered, returns the marks never sent. */
  clear(): string[] {
    const dropped = this.queue.filter((i): i is Extract<Item, { kind: 'mark' }> => i.kind === 'mark').map((i) => i.name);
    this.queue.length = 0;
    this.partial = Buffer.alloc(0);
    this.stopTimer();
    this.paused = false;
    // The carrier's buffer is now empty, so the next audio may start at once.
    this.notBefore = -Infinity;
    this.send({ type: 'clear' });
    return dropped;
  }

  /**
   * Holds everything queued (the caller may be starting to talk): nothing more goes to the carrier
   * until `resume()`, and what the carrier holds is at most the chunk it is playing. Audio pushed
   * meanwhile queues behind the rest.
   */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.stopTimer();
  }

  /** Sends on from where `pause()` stopped, as a fresh run. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.notBefore = -Infinity;
    this.kick();
  }

  /** Whether `pause()` holds the queue. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Milliseconds of audio still queued here (not yet handed to the carrier). */
  get queuedMs(): number {
    const chunks = this.queue.filter((i) => i.kind === 'chunk').length;
    return (chunks + this.partial.length / this.chunkBytes) * this.chunkMs;
  }

  /** Whether nothing is queued or waiting to be sent. */
  get idle(): boolean {
    return this.queue.length === 0 && this.timer === null && !this.ticking;
  }

  /** Chunks handed to the carrier so far. */
  get chunksSent(): number {
    return this.chunks;
  }

  /** Stops the timer for good (the call ended); nothing more is sent. */
  stop(): void {
    this.queue.length = 0;
    this.partial = Buffer.alloc(0);
    this.stopTimer();
  }

  /** A shared-clock tick: sends what is due, and leaves the clock once nothing is queued. */
  onTick(now: number): void {
    if (!this.ticking) return;
    this.sendDue(now);
    if (this.queue.length === 0) {
      this.stopTimer();
      this.options.onIdle?.();
    }
  }

  private chunk(audio: Buffer): Item {
    return { kind: 'chunk', audio, wire: this.options.prepare?.(audio) };
  }

  private stopTimer(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.ticking) this.options.frames?.leave(this);
    this.ticking = false;
  }

  /** The deadline of the n-th chunk of the current run. */
  private due(chunkIndex: number): number {
    return chunkIndex === 0 ? this.firstDue : this.anchor + chunkIndex * this.chunkMs;
  }

  /** Starts a run when idle: at once, or at the deadline the previous run left off at. */
  private kick(): void {
    if (this.timer || this.ticking || this.paused) return;
    // Marks with no audio ahead of them follow audio already handed over: they go at once.
    if (this.queue[0]?.kind === 'mark') {
      this.sendMarks();
      if (this.queue.length === 0) this.options.onIdle?.();
    }
    if (this.queue.length === 0) return;
    const now = this.clock.now();
    const frames = this.options.frames;
    if (now >= this.notBefore) {
      // A fresh run: its first chunk goes now; on the shared clock the rest follow its slots.
      this.anchor = frames ? frames.slotAtOrBefore(now) : now;
      this.firstDue = now;
    } else {
      this.anchor = this.notBefore;
      this.firstDue = this.notBefore;
    }
    this.sentInRun = 0;
    if (frames) {
      if (now >= this.firstDue) this.sendDue(now);
      if (this.queue.length === 0) return this.options.onIdle?.();
      this.ticking = true;
      frames.join(this);
      return;
    }
    if (now >= this.firstDue) return this.tick();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, this.firstDue - now);
  }

  /** Own-timer mode: sends what is due, then sleeps until the next deadline. */
  private tick(): void {
    const now = this.clock.now();
    this.sendDue(now);
    if (this.queue.length === 0) {
      this.options.onIdle?.();
      return;
    }
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.tick();
      },
      Math.max(0, this.notBefore - this.clock.now()),
    );
  }

  /** Sends every chunk whose deadline has passed (one, unless the wake-up came late), with the marks around it. */
  private sendDue(now: number): void {
    while (this.queue.length > 0 && this.due(this.sentInRun) <= now) {
      this.sendMarks();
      const item = this.queue.shift();
      if (!item || item.kind !== 'chunk') break;
      const due = this.due(this.sentInRun);
      this.send(item.wire === undefined ? { type: 'media', audio: item.audio } : { type: 'media', audio: item.audio, wire: item.wire });
      this.chunks += 1;
      this.sentInRun += 1;
      // Lateness is read when this chunk went, not when the wake-up began: on the shared clock
      // the other calls' chunks of the same slot went first.
      const at = this.options.onChunk ? this.clock.now() : now;
      this.options.onChunk?.(at, at - due);
      this.sendMarks();
    }
    this.notBefore = this.due(this.sentInRun);
  }

  /** Marks at the head of the queue go right after the audio before them. */
  private sendMarks(): void {
    while (this.queue[0]?.kind === 'mark') {
      const item = this.queue.shift() as Extract<Item, { kind: 'mark' }>;
      this.send({ type: 'mark', name: item.name });
      this.options.onMark?.(item.name, this.clock.now());
    }
  }
}
