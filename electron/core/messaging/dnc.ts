/**
 * Do-not-contact lists: one per workspace, one for the agency (applies to every workspace), and
 * India's NCPR register (applies to +91 numbers). Opt-outs (an inbound STOP, a provider's
 * "unsubscribed recipient" error, the operator) land on the workspace's list. Lists live in
 * SQLite and are queried per address, so a million-entry list never sits in memory.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import { type Db, tx } from '../store/db';
import { normaliseEmail, normalisePhone } from './address';

/** Which list: a workspace's own, the agency's, or India's NCPR. */
export type DncScope =
  { readonly kind: 'workspace'; readonly workspaceId: string } | { readonly kind: 'agency' } | { readonly kind: 'ncpr' };

/** How an entry got on a list. */
export type DncSource = 'import' | 'operator' | 'opt-out' | 'provider';

/** One entry as shown. */
export interface DncEntry {
  readonly address: string;
  readonly source: DncSource;
  readonly note: string | null;
  readonly addedAt: string;
}

const scopeKey = (s: DncScope): string => (s.kind === 'workspace' ? `ws:${s.workspaceId}` : s.kind);
const AGENCY = scopeKey({ kind: 'agency' });
const NCPR = scopeKey({ kind: 'ncpr' });

/** Normalises an address for a list: E.164 for numbers, lower case for e-mail. */
export function dncAddress(raw: string, defaultCountry: string | null): { ok: true; address: string } | { ok: false; reason: string } {
  const v = raw.trim();
  // Already E.164: taken as written. An entry that is not a real number simply never matches,
  // and skipping the full parse keeps a million-line list import to seconds.
  if (/^\+[1-9]\d{6,14}$/.test(v)) return { ok: true, address: v };
  if (v.includes('@')) {
    const e = normaliseEmail(v);
    return e.ok ? { ok: true, address: e.email } : e;
  }
  const p = normalisePhone(v, defaultCountry);
  return p.ok ? { ok: true, address: p.e164 } : p;
}

/** The lists and the checks against them. */
export class DoNotContact {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The list's row id, created on first use. */
  listId(scope: DncScope): number {
    const key = scopeKey(scope);
    const row = this.db.prepare('SELECT id FROM dnc_lists WHERE scope = ?').get(key) as { id: number } | undefined;
    if (row) return row.id;
    return Number(
      this.db.prepare('INSERT INTO dnc_lists (scope, updated_at) VALUES (?, ?)').run(key, this.now().toISOString()).lastInsertRowid,
    );
  }

  /** Adds addresses (already normalised); returns how many were new. */
  add(scope: DncScope, addresses: readonly string[], source: DncSource, actor: Actor, note: string | null = null): number {
    return tx(this.db, () => {
      const list = this.listId(scope);
      const insert = this.db.prepare('INSERT OR IGNORE INTO dnc_entries (list_id, address, source, note, added_at) VALUES (?, ?, ?, ?, ?)');
      const at = this.now().getTime();
      let added = 0;
      for (const a of addresses) added += insert.run(list, a, source, note, at).changes;
      this.touch(list);
      this.audit.append({
        actor,
        action: source === 'opt-out' || source === 'provider' ? 'dnc.optOut' : 'dnc.add',
        workspaceId: scope.kind === 'workspace' ? scope.workspaceId : null,
        target: scopeKey(scope),
        detail: { count: addresses.length, added, source },
      });
      return added;
    });
  }

  /** Removes addresses; returns how many were there. */
  remove(scope: DncScope, addresses: readonly string[], actor: Actor): number {
    return tx(this.db, () => {
      const list = this.listId(scope);
      const del = this.db.prepare('DELETE FROM dnc_entries WHERE list_id = ? AND address = ?');
      let removed = 0;
      for (const a of addresses) removed += del.run(list, a).changes;
      this.touch(list);
      this.audit.append({
        actor,
        action: 'dnc.remove',
        workspaceId: scope.kind === 'workspace' ? scope.workspaceId : null,
        target: scopeKey(scope),
        detail: { count: addresses.length, removed },
      });
      return removed;
    });
  }

  /** Entries of a list, newest first, optionally those matching a prefix. */
  list(scope: DncScope, opts: { offset?: number; limit?: number; prefix?: string } = {}): { total: number; entries: DncEntry[] } {
    const list = this.listId(scope);
    const prefix = (opts.prefix ?? '').trim().toLowerCase();
    const where = prefix ? 'list_id = ? AND address >= ? AND address < ?' : 'list_id = ?';
    const args = prefix ? [list, prefix, `${prefix}\uffff`] : [list];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM dnc_entries WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT address, source, note, added_at FROM dnc_entries WHERE ${where} ORDER BY added_at DESC, address LIMIT ? OFFSET ?`)
      .all(...args, Math.min(opts.limit ?? 100, 1000), opts.offset ?? 0) as {
      address: string;
      source: DncSource;
      note: string | null;
      added_at: number;
    }[];
    return {
      total,
      entries: rows.map((r) => ({ address: r.address, source: r.source, note: r.note, addedAt: new Date(r.added_at).toISOString() })),
    };
  }

  /**
   * A check for one workspace's sends: the reason an address must not be contacted, or null.
   * Three indexed lookups at most; the statements are prepared once per check.
   */
  exclusionFor(workspaceId: string): (address: string) => string | null {
    // By scope, not list id: a check never creates a list (a refused import writes nothing), and a
    // list made later (an opt-out during a run) is seen at once.
    const own = scopeKey({ kind: 'workspace', workspaceId });
    const get = this.db
      .prepare('SELECT e.source FROM dnc_entries e JOIN dnc_lists l ON l.id = e.list_id WHERE l.scope = ? AND e.address = ?')
      .pluck();
    return (address) => {
      const mine = get.get(own, address) as DncSource | undefined;
      if (mine) return mine === 'opt-out' || mine === 'provider' ? 'opted out' : "on the workspace's do-not-contact list";
      if (get.get(AGENCY, address)) return "on the agency's do-not-contact list";
      if (address.startsWith('+91') && get.get(NCPR, address)) return "registered on India's NCPR (do not disturb)";
      return null;
    };
  }

  /**
   * The same check for many addresses at once (a contact import): one query per batch instead of
   * two or three per address, which matters against a million-entry list.
   */
  exclusionsFor(workspaceId: string): (addresses: readonly string[]) => Map<string, string> {
    const own = scopeKey({ kind: 'workspace', workspaceId });
    const query = this.db.prepare(
      'SELECT l.scope, e.address, e.source FROM dnc_entries e JOIN dnc_lists l ON l.id = e.list_id WHERE l.scope IN (?, ?, ?) AND e.address IN (SELECT value FROM json_each(?))',
    );
    const rank = (scope: string): number => (scope === own ? 0 : scope === AGENCY ? 1 : 2);
    return (addresses) => {
      const found = new Map<string, { rank: number; reason: string }>();
      if (addresses.length === 0) return new Map();
      for (const r of query.all(own, AGENCY, NCPR, JSON.stringify(addresses)) as { scope: string; address: string; source: DncSource }[]) {
        if (r.scope === NCPR && !r.address.startsWith('+91')) continue;
        const reason =
          r.scope === own
            ? r.source === 'opt-out' || r.source === 'provider'
              ? 'opted out'
              : "on the workspace's do-not-contact list"
            : r.scope === AGENCY
              ? "on the agency's do-not-contact list"
              : "registered on India's NCPR (do not disturb)";
        const earlier = found.get(r.address);
        if (!earlier || rank(r.scope) < earlier.rank) found.set(r.address, { rank: rank(r.scope), reason });
      }
      return new Map([...found].map(([a, v]) => [a, v.reason]));
    };
  }

  /**
   * Replaces or extends a list from a stream of addresses in one transaction: the entries are
   * first staged in a private temporary table, so a file that fails half-way changes nothing.
   */
  async importStream(
    scope: DncScope,
    addresses: AsyncIterable<string>,
    opts: { replace?: boolean; actor: Actor },
  ): Promise<{ added: number; total: number }> {
    const stage = `dnc_stage_${randomBytes(6).toString('hex')}`;
    this.db.exec(`CREATE TEMP TABLE ${stage} (address TEXT PRIMARY KEY) WITHOUT ROWID`);
    try {
      const insert = this.db.prepare(`INSERT OR IGNORE INTO temp.${stage} (address) VALUES (?)`);
      const flush = this.db.transaction((batch: string[]) => {
        for (const a of batch) insert.run(a);
      });
      let batch: string[] = [];
      for await (const a of addresses) {
        batch.push(a);
        if (batch.length >= 20_000) {
          flush(batch);
          batch = [];
        }
      }
      flush(batch);
      return tx(this.db, () => {
        const list = this.listId(scope);
        if (opts.replace) this.db.prepare('DELETE FROM dnc_entries WHERE list_id = ?').run(list);
        const added = this.db
          .prepare(
            `INSERT OR IGNORE INTO dnc_entries (list_id, address, source, note, added_at) SELECT ?, address, 'import', NULL, ? FROM temp.${stage}`,
          )
          .run(list, this.now().getTime()).changes;
        const total = (this.db.prepare('SELECT count(*) AS n FROM dnc_entries WHERE list_id = ?').get(list) as { n: number }).n;
        this.touch(list);
        this.audit.append({
          actor: opts.actor,
          action: 'dnc.import',
          workspaceId: scope.kind === 'workspace' ? scope.workspaceId : null,
          target: scopeKey(scope),
          detail: { added, total, replace: opts.replace === true },
        });
        return { added, total };
      });
    } finally {
      this.db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
    }
  }

  private touch(list: number): void {
    this.db.prepare('UPDATE dnc_lists SET updated_at = ? WHERE id = ?').run(this.now().toISOString(), list);
  }
}

/** Checks a scope names a workspace that exists (the agency and NCPR lists need none). */
export function assertScope(scope: DncScope, exists: (id: string) => boolean): void {
  if (scope.kind === 'workspace' && !exists(scope.workspaceId)) throw new AppError('NOT_FOUND', 'That workspace does not exist.');
}
