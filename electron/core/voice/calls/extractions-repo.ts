/** SQL for calls' extraction results (call_extractions): one row per call, replaced by a re-run. */
import type { ExtractionState } from '../../../../shared/extraction';
import { type Db, stmt } from '../../store/db';

/** A call_extractions row as stored: the result only as ciphertext. */
export interface ExtractionRow {
  readonly call_id: string;
  readonly state: ExtractionState;
  readonly schema_version: number;
  readonly model: string | null;
  readonly ciphertext: Buffer | null;
  readonly reason: string | null;
  readonly at: string;
}

/** The call_extractions table. */
export class CallExtractionsRepo {
  constructor(private readonly db: Db) {}

  /** A call's row, or undefined when nothing was extracted for it yet. */
  find(callId: string): ExtractionRow | undefined {
    return stmt(this.db, 'SELECT * FROM call_extractions WHERE call_id = ?').get(callId) as ExtractionRow | undefined;
  }

  /** The rows of some calls, by call id. */
  many(callIds: readonly string[]): Map<string, ExtractionRow> {
    const out = new Map<string, ExtractionRow>();
    // SQLite binds at most 32,766 values; a campaign export reads its calls a page at a time.
    for (let start = 0; start < callIds.length; start += 500) {
      const part = callIds.slice(start, start + 500);
      const rows = this.db
        .prepare(`SELECT * FROM call_extractions WHERE call_id IN (${part.map(() => '?').join(', ')})`)
        .all(...part) as ExtractionRow[];
      for (const row of rows) out.set(row.call_id, row);
    }
    return out;
  }

  /** Writes a call's result, replacing an earlier one (a re-run). */
  put(row: ExtractionRow): void {
    stmt(
      this.db,
      `INSERT INTO call_extractions (call_id, state, schema_version, model, ciphertext, reason, at)
       VALUES (@call_id, @state, @schema_version, @model, @ciphertext, @reason, @at)
       ON CONFLICT (call_id) DO UPDATE SET state = excluded.state, schema_version = excluded.schema_version, model = excluded.model,
         ciphertext = excluded.ciphertext, reason = excluded.reason, at = excluded.at`,
    ).run(row);
  }
}
