/**
 * Picking what a run sends or dials next, both channels alike (docs/ARCHITECTURE.md, "Campaign
 * kernel"): due queued rows that pass the gate now. A row now on a do-not-contact list is skipped;
 * a row outside its window moves to the window's next opening — never dropped.
 */
import type { Gate } from './gate';

/** A queued row as the claim reads it. */
export interface QueuedRow {
  readonly id: number;
  readonly recipient: string;
  readonly zone: string;
}

/** What the claim asks of a channel's queue (the outbox, the call leads). */
export interface Queue<Row extends QueuedRow> {
  /** Queued rows due by `now`, oldest first. */
  due(now: number, limit: number): Row[];
  /** The row will get nothing: the recipient is on a do-not-contact list. */
  skip(id: number, reason: string): void;
  /** The row waits for its window's next opening. */
  defer(id: number, at: number): void;
}

/** Up to `want` rows that may go at `now`, reading `batch` due rows at a time. */
export function claimDue<Row extends QueuedRow>(queue: Queue<Row>, gate: Gate, now: number, want: number, batch: number = want): Row[] {
  const out: Row[] = [];
  for (;;) {
    const rows = queue.due(now, batch);
    if (rows.length === 0) return out;
    for (const row of rows) {
      const verdict = gate.check(row.recipient, row.zone, now);
      if ('excluded' in verdict) queue.skip(row.id, verdict.excluded);
      else if (verdict.at > now) queue.defer(row.id, verdict.at);
      else out.push(row);
      if (out.length === want) return out;
    }
    if (out.length > 0) return out;
  }
}
