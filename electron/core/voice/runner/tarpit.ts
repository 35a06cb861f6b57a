/**
 * Refusals answered slowly. A flood from a closed loop (each connection sends its next request
 * when the last is answered) runs as fast as the server refuses; however cheap a refusal is, such
 * a flood keeps the event loop busy and a carrier's real callback waits behind it. Holding each
 * refusal's answer for a moment turns that loop idle: 32 connections that each wait 250 ms send 128
 * requests a second, not thousands. What a held answer costs is one idle socket and one timer, and
 * their number is bounded: past it, a refused connection is closed at once, unanswered.
 * A carrier never meets this: it only ever knocks at the doors of calls it was given.
 */
import type { Clock, TimerHandle } from '../clock';

/** How long a refusal's answer is held, by default. */
export const REFUSAL_DELAY_MS = 250;
/** The most refusals held at once, by default. */
export const MAX_HELD = 1024;

/** Holds refusals' answers for a while, up to a bound. */
export class Tarpit {
  private readonly held = new Map<TimerHandle, () => void>();

  constructor(
    private readonly clock: Clock,
    private readonly delayMs = REFUSAL_DELAY_MS,
    private readonly maxHeld = MAX_HELD,
  ) {}

  /** Answers now when no delay is set; later when there is room to hold it; otherwise drops the connection. */
  hold(answer: () => void, drop: () => void): void {
    if (this.delayMs <= 0) return answer();
    if (this.held.size >= this.maxHeld) return drop();
    const timer = this.clock.setTimeout(() => {
      this.held.delete(timer);
      answer();
    }, this.delayMs);
    this.held.set(timer, drop);
  }

  /** How many answers are held now. */
  get size(): number {
    return this.held.size;
  }

  /** Drops every held connection (the server is closing). */
  clear(): void {
    for (const [timer, drop] of this.held) {
      this.clock.clearTimeout(timer);
      drop();
    }
    this.held.clear();
  }
}
