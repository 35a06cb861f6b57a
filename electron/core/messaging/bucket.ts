/**
 * A per-sender token bucket, kept as its theoretical arrival time (GCRA): request n may start
 * at n·T, where T = 1/rate stretched by a 2 % margin, with a few milliseconds of slack so a
 * timer that fires late does not lose its slot. A second guard looks at when requests really
 * went: no more than `rate` of them in any window of 1 s plus the margin, so catching up after
 * a stall (a long GC, a busy disk) can never crowd one of the provider's one-second windows.
 * A 429's Retry-After holds the whole bucket back.
 */

/** Slowdown under the configured rate that absorbs timer and network jitter. */
export const RATE_MARGIN = 0.02;

/** One bucket per sending identity. */
export class TokenBucket {
  private readonly interval: number;
  private readonly slack: number;
  private readonly window: number;
  /** When the last `rate` requests went, oldest first (a ring). */
  private readonly recent: number[];
  private head = 0;
  private next: number;

  constructor(
    readonly ratePerSec: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(ratePerSec > 0) || !Number.isFinite(ratePerSec)) throw new Error('rate must be a positive number');
    this.interval = (1000 / ratePerSec) * (1 + RATE_MARGIN);
    this.slack = Math.min(this.interval / 2, 5);
    this.window = 1000 * (1 + RATE_MARGIN);
    this.recent = new Array<number>(Math.max(1, Math.floor(ratePerSec))).fill(Number.NEGATIVE_INFINITY);
    this.next = clock();
  }

  /** Reserves the next slot; returns how long to wait (ms) before the request may start. Then `commit()` when it does. */
  reserve(): number {
    const now = this.clock();
    // A bucket left idle refills to one token only: no bursts.
    if (this.next < now - this.slack) this.next = now - this.slack;
    const oldest = this.recent[this.head] as number;
    const at = Math.max(this.next, oldest + this.window, now);
    this.next = Math.max(this.next, at - this.slack) + this.interval;
    this.recent[this.head] = at;
    return at - now;
  }

  /** Records that the reserved request is going now (a late timer makes that later than planned). */
  commit(): void {
    this.recent[this.head] = Math.max(this.recent[this.head] as number, this.clock());
    this.head = (this.head + 1) % this.recent.length;
  }

  /** Gives back the last reservation (the request was not made after all). */
  release(): void {
    this.next -= this.interval;
    this.recent[this.head] = Number.NEGATIVE_INFINITY;
  }

  /** Holds every request back until `ms` from now (a provider's Retry-After). */
  holdFor(ms: number): void {
    this.next = Math.max(this.next, this.clock() + ms);
  }
}

/** Buckets shared by every campaign of this process that sends as the same identity. */
export class Buckets {
  private readonly map = new Map<string, TokenBucket>();

  /** The bucket of a sender at a rate (a changed rate replaces it). */
  get(senderKey: string, ratePerSec: number): TokenBucket {
    const b = this.map.get(senderKey);
    if (b && b.ratePerSec === ratePerSec) return b;
    const fresh = new TokenBucket(ratePerSec);
    this.map.set(senderKey, fresh);
    return fresh;
  }
}
