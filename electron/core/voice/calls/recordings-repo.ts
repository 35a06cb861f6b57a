/** The SQL of call recordings: call_recordings and recording_retention (this file owns both). */
import { type Db, stmt } from '../../store/db';

/** A call_recordings row without its ciphertext. */
export interface RecordingMetaRow {
  readonly call_id: string;
  readonly workspace_id: string;
  readonly created_at: string;
  readonly duration_ms: number;
  readonly wav_bytes: number;
  readonly truncated: number;
}

/** A call_recordings row. */
export interface RecordingRow extends RecordingMetaRow {
  readonly ciphertext: Buffer;
}

/** Reads and writes recordings and each workspace's retention; callers hold the transaction. */
export class RecordingsRepo {
  constructor(private readonly db: Db) {}

  insert(row: RecordingRow): void {
    stmt(
      this.db,
      `INSERT INTO call_recordings (call_id, workspace_id, created_at, duration_ms, wav_bytes, truncated, ciphertext)
       VALUES (@call_id, @workspace_id, @created_at, @duration_ms, @wav_bytes, @truncated, @ciphertext)`,
    ).run(row);
  }

  meta(callId: string): RecordingMetaRow | undefined {
    return stmt(
      this.db,
      'SELECT call_id, workspace_id, created_at, duration_ms, wav_bytes, truncated FROM call_recordings WHERE call_id = ?',
    ).get(callId) as RecordingMetaRow | undefined;
  }

  byCall(callId: string): RecordingRow | undefined {
    return stmt(this.db, 'SELECT * FROM call_recordings WHERE call_id = ?').get(callId) as RecordingRow | undefined;
  }

  /** Every recording's age and its workspace's retention in days (null: the default), oldest first. */
  ages(): (Pick<RecordingMetaRow, 'call_id' | 'workspace_id' | 'created_at'> & { readonly days: number | null })[] {
    return stmt(
      this.db,
      `SELECT r.call_id, r.workspace_id, r.created_at, p.days FROM call_recordings r LEFT JOIN recording_retention p ON p.workspace_id =
        r.workspace_id ORDER BY r.created_at`,
    ).all() as (Pick<RecordingMetaRow, 'call_id' | 'workspace_id' | 'created_at'> & { readonly days: number | null })[];
  }

  delete(callId: string): void {
    stmt(this.db, 'DELETE FROM call_recordings WHERE call_id = ?').run(callId);
  }

  retention(workspaceId: string): number | null {
    return (
      (stmt(this.db, 'SELECT days FROM recording_retention WHERE workspace_id = ?').get(workspaceId) as { days: number } | undefined)
        ?.days ?? null
    );
  }

  setRetention(workspaceId: string, days: number): void {
    stmt(
      this.db,
      'INSERT INTO recording_retention (workspace_id, days) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET days = excluded.days',
    ).run(workspaceId, days);
  }
}
