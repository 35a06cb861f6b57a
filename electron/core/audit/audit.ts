/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE), each row hash-chained to the
 * one before with SHA-256, and a head row so a cut-off tail is noticed too.
 */
import { createHash } from 'node:crypto';
import { type Db, stmt, tx } from '../store/db';

/** Who did it: the console, the CLI, or Switchboard itself (auto-lock, scheduled re-checks). */
export type Actor = 'console' | 'cli' | 'system';

/** A row of the audit log as read back. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly workspaceId: string | null;
  readonly target: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly hash: string;
}

/** What `verify` found. */
export type AuditVerdict =
  | { readonly ok: true; readonly rows: number; readonly head: string }
  | {
      readonly ok: false;
      readonly rows: number;
      readonly seq: number;
      readonly problem: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated';
      readonly message: string;
    };

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  workspace_id: string | null;
  target: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function rowHash(prev: string, r: Omit<Row, 'prev_hash' | 'hash'>): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actor, r.action, r.workspace_id, r.target, r.detail]);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}

/** Keys never written to an audit row, whatever a caller passes in `detail`. */
const FORBIDDEN_DETAIL = /secret|token|password|passphrase|apikey|api_key|authorization/i;

function cleanDetail(detail: Record<string, unknown>): string {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (FORBIDDEN_DETAIL.test(k)) continue;
    safe[k] = v;
  }
  return JSON.stringify(safe);
}

/** Appends to and reads the audit log. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Appends one entry; call inside the transaction of the change it records. The row and the head
   * move together (a savepoint inside a caller's transaction, a transaction of its own otherwise),
   * so a crash cannot leave the head behind the last row.
   */
  append(e: { actor: Actor; action: string; workspaceId?: string | null; target?: string | null; detail?: Record<string, unknown> }): void {
    tx(this.db, () => {
      const { seq: last, hash: prev } = this.tip();
      const seq = last + 1;
      const row = {
        seq,
        at: this.now().toISOString(),
        actor: e.actor,
        action: e.action,
        workspace_id: e.workspaceId ?? null,
        target: e.target ?? null,
        detail: cleanDetail(e.detail ?? {}),
      };
      const hash = rowHash(prev, row);
      stmt(
        this.db,
        'INSERT INTO audit_log (seq, at, actor, action, workspace_id, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @workspace_id, @target, @detail, @prev, @hash)',
      ).run({ ...row, prev, hash });
      stmt(
        this.db,
        'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ).run(seq, hash);
    });
  }

  /**
   * Where the next row chains from. Normally head and last row agree. A head behind the last row
   * is what a crash between the two writes left in databases from before append was atomic: chain
   * from the last row. A head ahead of it means the tail was cut: chain from the head, so the gap
   * stays visible to `verify` instead of being papered over.
   */
  private tip(): { seq: number; hash: string } {
    const head = stmt(this.db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    const last = stmt(this.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    if (last && (!head || last.seq > head.seq)) return last;
    return head ?? { seq: 0, hash: GENESIS };
  }

  /** Entries, newest first, optionally filtered. */
  list(filter: AuditFilter & { limit?: number; beforeSeq?: number } = {}): AuditEntry[] {
    const { where, params } = whereOf(filter);
    if (filter.beforeSeq) {
      where.push('seq < @before');
      params.before = filter.beforeSeq;
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    const rows = stmt(this.db, sql).all({ ...params, limit: filter.limit ?? 500 }) as Row[];
    return rows.map(toEntry);
  }

  /** Walks the chain and names the first row that was edited, deleted, inserted or moved. */
  verify(): AuditVerdict {
    const rows = stmt(this.db, 'SELECT * FROM audit_log ORDER BY seq').all() as Row[];
    const hashes = new Set(rows.map((r) => r.hash));
    const fail = (seq: number, problem: 'edited' | 'deleted' | 'inserted' | 'reordered', message: string): AuditVerdict => ({
      ok: false,
      rows: rows.length,
      seq,
      problem,
      message,
    });
    let prev = GENESIS;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      const label = `row ${r.seq} (${r.action} at ${r.at})`;
      if (r.seq !== i + 1) {
        return fail(i + 1, 'deleted', `The audit log was altered: row ${i + 1} was deleted (the chain jumps to ${label}).`);
      }
      if (r.prev_hash !== prev) {
        const twin = rows.findIndex((o, j) => j < i && o.prev_hash === r.prev_hash);
        if (twin >= 0) {
          const inserted = rows[i - 1] as Row;
          return fail(
            inserted.seq,
            'inserted',
            `The audit log was altered: row ${inserted.seq} (${inserted.action} at ${inserted.at}) was inserted.`,
          );
        }
        if (hashes.has(r.prev_hash)) {
          return fail(r.seq, 'reordered', `The audit log was reordered: ${label} is out of place.`);
        }
        return fail(
          r.seq,
          'deleted',
          `The audit log was altered: ${label} does not follow the row before it; a row before it was deleted or replaced.`,
        );
      }
      if (rowHash(prev, r) !== r.hash) {
        return fail(r.seq, 'edited', `The audit log was altered: ${label} was edited.`);
      }
      prev = r.hash;
    }
    const head = stmt(this.db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    // A head behind the last row, pointing at a row of the verified chain, is a crash's lost head
    // update (see `tip`), not tampering: rows can only be added after it, and adding is what any
    // writer may do anyway.
    const lagging = head !== undefined && head.seq < rows.length && head.seq >= 1 && rows[head.seq - 1]?.hash === head.hash;
    if (head && !lagging && (head.seq !== rows.length || head.hash !== prev)) {
      return {
        ok: false,
        rows: rows.length,
        seq: rows.length + 1,
        problem: 'truncated',
        message: `The audit log was altered: rows after ${rows.length} were deleted (the log once reached row ${head.seq}).`,
      };
    }
    return { ok: true, rows: rows.length, head: prev };
  }

  /** Every entry the filter shows, oldest first, as CSV. */
  exportCsv(filter: AuditFilter = {}): string {
    const rows = this.all(filter);
    const cell = (v: string | number | null): string => {
      const s = v === null ? '' : String(v);
      // Leading = + - @ would be run as a formula by spreadsheet apps.
      const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
    };
    const lines = ['seq,at,actor,action,workspace_id,target,detail,prev_hash,hash'];
    for (const r of rows)
      lines.push([r.seq, r.at, r.actor, r.action, r.workspace_id, r.target, r.detail, r.prev_hash, r.hash].map(cell).join(','));
    return `${lines.join('\n')}\n`;
  }

  /** Every entry the filter shows, oldest first, as JSON. */
  exportJson(filter: AuditFilter = {}): string {
    const rows = this.all(filter).map((r) => ({ ...toEntry(r), prevHash: r.prev_hash }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }

  private all(filter: AuditFilter): Row[] {
    const { where, params } = whereOf(filter);
    const query = stmt(this.db, `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`);
    return (where.length ? query.all(params) : query.all()) as Row[];
  }
}

/** Which entries to read: one workspace's, and one action or a group of them (`credential` matches `credential.add`). */
export interface AuditFilter {
  readonly workspaceId?: string;
  readonly action?: string;
}

/** The SQL conditions of a filter; list and export share them, so an export holds exactly what the list shows. */
function whereOf(filter: AuditFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.workspaceId) {
    where.push('workspace_id = @ws');
    params.ws = filter.workspaceId;
  }
  if (filter.action) {
    where.push('(action = @action OR action LIKE @prefix)');
    params.action = filter.action;
    params.prefix = `${filter.action}.%`;
  }
  return { where, params };
}

function toEntry(r: Row): AuditEntry {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(r.detail) as Record<string, unknown>;
  } catch {
    detail = {};
  }
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, workspaceId: r.workspace_id, target: r.target, detail, hash: r.hash };
}
