/**
 * A per-sender token bucket, kept as its theoretical arrival time (GCRA): request n may start
 * at n·T, where T = 1/rate stretched by a 2 % margin, with a few milliseconds of slack so a
 * timer that fires late does not lose its slot. With that margin no one-second window, however
 * aligned, sees more than `rate` requests, even with a little network jitter: the provider
 * never counts us over its limit. A 429's Retry-After holds the whole bucket back.
 */

/** Slowdown under the configured rate that absorbs timer and network jitter. */
export const RATE_MARGIN = 0.02;

/** One bucket per sending identity. */
export class TokenBucket {
  private readonly interval: number;
  private readonly slack: number;
  private next: number;

  constructor(
    readonly ratePerSec: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(ratePerSec > 0) || !Number.isFinite(ratePerSec)) throw new Error('rate must be a positive number');
    this.interval = (1000 / ratePerSec) * (1 + RATE_MARGIN);
    // The slack plus the jitter must stay under the margin's 20 ms per second.
    this.slack = Math.min(this.interval / 2, 5);
    this.next = clock();
  }

  /** Reserves the next slot; returns how long to wait (ms) before the request may start. */
  reserve(): number {
    const now = this.clock();
    // A bucket left idle refills to one token only: no bursts.
    if (this.next < now - this.slack) this.next = now - this.slack;
    const at = this.next;
    this.next = at + this.interval;
    return Math.max(0, at - now);
  }

  /** Gives back the last reservation (the request was not made after all). */
  release(): void {
    this.next -= this.interval;
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
