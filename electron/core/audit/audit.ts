/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE), each row hash-chained to the
 * one before with SHA-256, and a head row so a cut-off tail is noticed too.
 */
import { createHash } from 'node:crypto';
import { type Db, stmt } from '../store/db';

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
  | { readonly ok: false; readonly rows: number; readonly seq: number; readonly problem: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated'; readonly message: string };

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

  /** Appends one entry; call inside the transaction of the change it records. */
  append(e: { actor: Actor; action: string; workspaceId?: string | null; target?: string | null; detail?: Record<string, unknown> }): void {
    const head = stmt(this.db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    const seq = (head?.seq ?? 0) + 1;
    const prev = head?.hash ?? GENESIS;
    const row = { seq, at: this.now().toISOString(), actor: e.actor, action: e.action, workspace_id: e.workspaceId ?? null, target: e.target ?? null, detail: cleanDetail(e.detail ?? {}) };
    const hash = rowHash(prev, row);
    stmt(this.db, 'INSERT INTO audit_log (seq, at, actor, action, workspace_id, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @workspace_id, @target, @detail, @prev, @hash)')
      .run({ ...row, prev, hash });
    stmt(this.db, 'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
  }

  /** Entries, newest first, optionally filtered. */
  list(filter: { workspaceId?: string; action?: string; limit?: number; beforeSeq?: number } = {}): AuditEntry[] {
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
    const fail = (seq: number, problem: 'edited' | 'deleted' | 'inserted' | 'reordered', message: string): AuditVerdict => ({ ok: false, rows: rows.length, seq, problem, message });
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
          return fail(inserted.seq, 'inserted', `The audit log was altered: row ${inserted.seq} (${inserted.action} at ${inserted.at}) was inserted.`);
        }
        if (hashes.has(r.prev_hash)) {
          return fail(r.seq, 'reordered', `The audit log was reordered: ${label} is out of place.`);
        }
        return fail(r.seq, 'deleted', `The audit log was altered: ${label} does not follow the row before it; a row before it was deleted or replaced.`);
      }
      if (rowHash(prev, r) !== r.hash) {
        return fail(r.seq, 'edited', `The audit log was altered: ${label} was edited.`);
      }
      prev = r.hash;
    }
    const head = stmt(this.db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    if (head && (head.seq !== rows.length || head.hash !== prev)) {
      return { ok: false, rows: rows.length, seq: rows.length + 1, problem: 'truncated', message: `The audit log was altered: rows after ${rows.length} were deleted (the log once reached row ${head.seq}).` };
    }
    return { ok: true, rows: rows.length, head: prev };
  }

  /** Every entry, oldest first, as CSV. */
  exportCsv(filter: { workspaceId?: string } = {}): string {
    const rows = this.all(filter);
    const cell = (v: string | number | null): string => {
      const s = v === null ? '' : String(v);
      // Leading = + - @ would be run as a formula by spreadsheet apps.
      const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
    };
    const lines = ['seq,at,actor,action,workspace_id,target,detail,prev_hash,hash'];
    for (const r of rows) lines.push([r.seq, r.at, r.actor, r.action, r.workspace_id, r.target, r.detail, r.prev_hash, r.hash].map(cell).join(','));
    return `${lines.join('\n')}\n`;
  }

  /** Every entry, oldest first, as JSON. */
  exportJson(filter: { workspaceId?: string } = {}): string {
    const rows = this.all(filter).map((r) => ({ ...toEntry(r), prevHash: r.prev_hash }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }

  private all(filter: { workspaceId?: string }): Row[] {
    return filter.workspaceId
      ? (stmt(this.db, 'SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY seq').all(filter.workspaceId) as Row[])
      : (stmt(this.db, 'SELECT * FROM audit_log ORDER BY seq').all() as Row[]);
  }
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
