/** The SQL of what an agent did during a call: rows of call_events (this file owns the table). */
import type { CallEventKind } from '../../../../shared/call-lists';
import { type Db, stmt } from '../../store/db';

/** A call_events row as stored: the detail only as ciphertext. */
export interface CallEventRow {
  readonly call_id: string;
  readonly seq: number;
  readonly at: string;
  readonly kind: CallEventKind;
  readonly name: string;
  readonly ok: number;
  readonly duration_ms: number;
  readonly ciphertext: Buffer;
}

/** Reads and writes call_events; callers hold the transaction. */
export class CallEventsRepo {
  constructor(private readonly db: Db) {}

  /** The number the call's next event takes. */
  nextSeq(callId: string): number {
    return (stmt(this.db, 'SELECT coalesce(max(seq), 0) + 1 AS n FROM call_events WHERE call_id = ?').get(callId) as { n: number }).n;
  }

  insert(row: CallEventRow): void {
    stmt(
      this.db,
      `INSERT INTO call_events (call_id, seq, at, kind, name, ok, duration_ms, ciphertext) VALUES (@call_id, @seq, @at, @kind, @name, @ok,
        @duration_ms, @ciphertext)`,
    ).run(row);
  }

  /** A call's events in the order they happened. */
  list(callId: string): CallEventRow[] {
    return stmt(this.db, 'SELECT * FROM call_events WHERE call_id = ? ORDER BY seq').all(callId) as CallEventRow[];
  }
}
