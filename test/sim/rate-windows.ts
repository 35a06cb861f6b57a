/**
 * Counts a simulator's sending requests per one-second window (aligned to the wall clock, as a
 * provider's limiter would be) and how many arrived over a limit, and who received how much.
 */

/** Per-window request counts and per-recipient deliveries. */
export class SendStats {
  /** Requests per window start (ms). */
  readonly windows = new Map<number, number>();
  /** Accepted messages per recipient. */
  readonly perRecipient = new Map<string, number>();
  /** Requests that arrived in a window already at the limit. */
  overLimit = 0;
  /** Sending requests seen (accepted or not). */
  requests = 0;

  constructor(public limitPerSecond: number | null = null) {}

  /** Counts a request now; returns true when it is over the limit. */
  hit(at = Date.now()): boolean {
    const w = Math.floor(at / 1000) * 1000;
    const n = (this.windows.get(w) ?? 0) + 1;
    this.windows.set(w, n);
    this.requests += 1;
    const over = this.limitPerSecond !== null && n > this.limitPerSecond;
    if (over) this.overLimit += 1;
    return over;
  }

  /** Records an accepted message for a recipient. */
  deliver(recipient: string): void {
    this.perRecipient.set(recipient, (this.perRecipient.get(recipient) ?? 0) + 1);
  }

  /** The busiest window's count. */
  maxPerWindow(): number {
    return Math.max(0, ...this.windows.values());
  }

  /** Recipients who got more than one message. */
  duplicates(): string[] {
    return [...this.perRecipient].filter(([, n]) => n > 1).map(([r]) => r);
  }

  /** Forgets everything. */
  reset(): void {
    this.windows.clear();
    this.perRecipient.clear();
    this.overLimit = 0;
    this.requests = 0;
  }
}
