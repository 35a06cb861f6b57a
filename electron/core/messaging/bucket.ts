/**
 * A per-sender token bucket, kept as its theoretical arrival time (GCRA): request n may start
 * at n·T, where T = 1/rate stretched by a 2 % margin. A busy or starved process fires timers
 * late; up to `CATCH_UP_MS` of lateness is made up by sending the next requests sooner, so the
 * rate holds. What keeps that catching up from crowding the provider is the second guard, on
 * when requests really went: no more than `rate` of them in any window of 1,030 ms, which
 * leaves 30 ms for jitter between here and the provider's clock before one of its one-second
 * windows could see one request too many. A 429's Retry-After holds the whole bucket back.
 */

/** Slowdown under the configured rate (the steady pace is 98 % of it). */
export const RATE_MARGIN = 0.02;
/**
 * The window the real send times are held to: `rate` requests per 1 s + 30 ms. More room for
 * jitter costs rate (the ceiling is rate × 1000 / window, 97.1 % here).
 */
export const GUARD_WINDOW_MS = 1030;
/** Lateness the bucket makes up for by sending sooner afterwards. */
export const CATCH_UP_MS = 100;

/** A reserved request slot. */
export interface Slot {
  /** How long to wait (ms) before the request may start. */
  readonly wait: number;
  /** The request is going now. */
  commit(): void;
  /** The request will not be made after all. */
  release(): void;
}

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
    this.slack = Math.min(this.interval, CATCH_UP_MS);
    this.window = GUARD_WINDOW_MS;
    this.recent = new Array<number>(Math.max(1, Math.floor(ratePerSec))).fill(Number.NEGATIVE_INFINITY);
    this.next = clock();
  }

  /**
   * Reserves the next slot: wait `wait` ms, then `commit()` as the request goes (or `release()`
   * if it does not). Slots are independent, so concurrent reservations cannot mix up.
   */
  reserve(): Slot {
    const now = this.clock();
    // A bucket left idle refills to one token only: no bursts.
    if (this.next < now - this.slack) this.next = now - this.slack;
    const index = this.head;
    const at = Math.max(this.next, (this.recent[index] as number) + this.window, now);
    this.next = Math.max(this.next, at - this.slack) + this.interval;
    this.recent[index] = at;
    this.head = (index + 1) % this.recent.length;
    return {
      wait: at - now,
      commit: () => {
        // A late timer or a slow write makes the request go later than planned: remember when it really did.
        this.recent[index] = Math.max(this.recent[index] as number, this.clock());
      },
      release: () => {
        this.next -= this.interval;
      },
    };
  }

  /** Holds every request back until `ms` from now (a provider's Retry-After). */
  holdFor(ms: number): void {
    this.next = Math.max(this.next, this.clock() + ms);
  }
}

/** A sender's pace as one campaign sees it. */
export interface Pace {
  reserve(): Slot;
  holdFor(ms: number): void;
  readonly ratePerSec: number;
  /** The campaign stops sending as this identity (its rate no longer counts). */
  leave(): void;
}

/**
 * Buckets shared by every campaign of this process that sends as the same identity. A
 * provider's limit is per sending identity, not per campaign: campaigns on one number share one
 * bucket, paced at the lowest rate any of them asked for.
 */
export class Buckets {
  private readonly senders = new Map<string, { bucket: TokenBucket; readonly rates: Map<string, number> }>();

  /** `clock`: monotonic milliseconds the buckets pace by (a campaign run's clock). */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Joins a campaign to its sender's bucket at the rate it asks for. */
  join(senderKey: string, campaignId: string, ratePerSec: number): Pace {
    let entry = this.senders.get(senderKey);
    if (!entry) {
      entry = { bucket: new TokenBucket(ratePerSec, this.clock), rates: new Map() };
      this.senders.set(senderKey, entry);
    }
    const e = entry;
    e.rates.set(campaignId, ratePerSec);
    repace(e, this.clock);
    return {
      reserve: () => e.bucket.reserve(),
      holdFor: (ms) => e.bucket.holdFor(ms),
      get ratePerSec() {
        return e.bucket.ratePerSec;
      },
      leave: () => {
        // The bucket itself stays: it remembers when the last requests went.
        if (e.rates.delete(campaignId) && e.rates.size > 0) repace(e, this.clock);
      },
    };
  }
}

/** Paces a shared bucket at its users' lowest rate; a new pace starts after one guard window, so the switch cannot burst. */
function repace(e: { bucket: TokenBucket; readonly rates: ReadonlyMap<string, number> }, clock: () => number): void {
  const lowest = Math.min(...e.rates.values());
  if (lowest === e.bucket.ratePerSec) return;
  e.bucket = new TokenBucket(lowest, clock);
  e.bucket.holdFor(GUARD_WINDOW_MS);
}
