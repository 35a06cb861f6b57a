/**
 * Refused carrier requests, counted rather than written one by one: an unauthenticated party must
 * not be able to grow the hash-chained audit log, or slow the server with its writes, by knocking.
 * The first refusal of a kind (door and peer address) in a window is audited at once with its
 * reason, so an operator sees it as it happens; the rest are counted and summarised in one entry
 * when the window closes ("412 unauthenticated requests to status callbacks from 127.0.0.1 in the
 * last minute").
 */
import type { Clock, TimerHandle } from '../clock';
import type { Refusal } from './media-server';

/** One audit entry the tally wants written. */
export interface RefusalEntry {
  readonly action: 'call.refused' | 'call.refused-summary';
  readonly detail: Record<string, unknown>;
}

interface Bucket {
  readonly route: Refusal['route'];
  readonly from: string;
  count: number;
  readonly reasons: Map<string, number>;
}

const DOOR: Readonly<Record<Refusal['route'], string>> = {
  stream: 'media streams',
  status: 'status callbacks',
  answer: 'inbound call webhooks',
};
/** The most distinct peers tracked in one window; past it, refusals are counted under "other addresses". */
const MAX_PEERS = 64;

/** Counts refusals per window and hands the audit entries to write. */
export class RefusalTally {
  private readonly buckets = new Map<string, Bucket>();
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly write: (entry: RefusalEntry) => void,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one refusal; the first of its kind in this window is written at once. */
  add(refusal: Refusal): void {
    const from = this.buckets.size >= MAX_PEERS && !this.buckets.has(`${refusal.route} ${refusal.from}`) ? 'other addresses' : refusal.from;
    const key = `${refusal.route} ${from}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { route: refusal.route, from, count: 0, reasons: new Map() };
      this.buckets.set(key, bucket);
      // The ref is an address, not a secret; the reason says which check failed.
      this.write({
        action: 'call.refused',
        detail: { reason: refusal.reason, ref: refusal.ref, route: refusal.route, from, ...(refusal.why ? { why: refusal.why } : {}) },
      });
    }
    bucket.count += 1;
    bucket.reasons.set(refusal.reason, (bucket.reasons.get(refusal.reason) ?? 0) + 1);
    this.timer ??= this.clock.setTimeout(() => this.flush(), this.windowMs);
  }

  /** Writes the window's summaries now (the window's end, or the runner stopping). */
  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const minutes = Math.round(this.windowMs / 60_000);
    const span = minutes <= 1 ? 'the last minute' : `the last ${minutes} minutes`;
    for (const bucket of this.buckets.values()) {
      // The first was written as it happened: a window with only that one needs no summary.
      if (bucket.count <= 1) continue;
      this.write({
        action: 'call.refused-summary',
        detail: {
          message: `${bucket.count} unauthenticated requests to ${DOOR[bucket.route]} from ${bucket.from} in ${span}.`,
          count: bucket.count,
          route: bucket.route,
          from: bucket.from,
          reasons: Object.fromEntries(bucket.reasons),
        },
      });
    }
    this.buckets.clear();
  }
}
