/**
 * Handing calls to people, and what an agent did during a call.
 *
 * - `transferred` joins the call outcomes. A CHECK cannot be altered in SQLite, so `calls` and
 *   `call_leads` are rebuilt with the wider list by SQLite's own procedure (create the new table,
 *   copy every row, drop the old, rename; with foreign keys off, so dropping `calls` cascades
 *   nothing into `call_transcript` or `call_usage`). The new table is made from the old one's own
 *   SQL with only the outcome list changed, so every column a migration added before this one
 *   stays, whatever order those migrations ran in; its indexes are made again from theirs.
 * - `transfer_targets`: per agent, the people a call may be handed to (name, E.164 number, when to
 *   use it, cold or warm).
 * - `call_events`: per call, in order, each tool run and transfer (kind, name, whether it worked,
 *   how long it took), its detail sealed with the workspace's data key (AAD naming the call and seq).
 */
import type Database from 'better-sqlite3';
import type { Migration } from '../migrate';

/** The outcome list the CHECKs held until now, and the one they hold after (written out: a migration never follows a live list). */
const BEFORE = ['interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'do_not_call'];
const AFTER = [...BEFORE, 'transferred'];

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Rebuilds one table with its `outcome IN (…)` list widened; every row, column, index and trigger kept. */
function widenOutcomes(db: Database.Database, table: string): void {
  const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined)
    ?.sql;
  if (!sql) throw new Error(`the transfers migration: there is no table ${table}`);
  const lists = [...sql.matchAll(/\boutcome\s+IN\s*\(([^)]*)\)/g)];
  if (lists.length !== 1 || lists[0]?.[1]?.replace(/\s+/g, ' ').trim() !== quoted(BEFORE))
    throw new Error(`the transfers migration: ${table} does not hold the outcome CHECK it expects`);
  const header = new RegExp(`^CREATE TABLE\\s+(?:"${table}"|${table})\\s*\\(`);
  if (!header.test(sql)) throw new Error(`the transfers migration: ${table}'s definition does not start as expected`);
  const rebuilt = `${table}_rebuilt`;
  const created = sql.replace(header, `CREATE TABLE ${rebuilt} (`).replace(/\boutcome\s+IN\s*\([^)]*\)/, `outcome IN (${quoted(AFTER)})`);
  const dependents = db
    .prepare("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as { sql: string }[];
  const count = (name: string): number => (db.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n;
  const rows = count(table);
  db.exec(created);
  // Same definition, same column order: every row is copied whole, its rowid (call_leads' id) with it.
  db.exec(`INSERT INTO ${rebuilt} SELECT * FROM ${table}`);
  if (count(rebuilt) !== rows) throw new Error(`the transfers migration: ${table} lost rows while it was rebuilt`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${rebuilt} RENAME TO ${table}`);
  for (const d of dependents) db.exec(d.sql);
}

export const m0019: Migration = {
  version: 19,
  name: '0019-transfers-and-call-events',
  rebuildsTables: true,
  up(db) {
    widenOutcomes(db, 'calls');
    widenOutcomes(db, 'call_leads');
    db.exec(`
      CREATE TABLE transfer_targets (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        name TEXT NOT NULL,
        number TEXT NOT NULL CHECK (number GLOB '+[1-9]*' AND length(number) BETWEEN 8 AND 16),
        when_to_use TEXT NOT NULL CHECK (length(when_to_use) BETWEEN 1 AND 500),
        mode TEXT NOT NULL CHECK (mode IN ('cold', 'warm')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX transfer_targets_name ON transfer_targets(agent_id, name COLLATE NOCASE);

      CREATE TABLE call_events (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('tool', 'transfer', 'sms', 'callback', 'keys')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
        ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        ciphertext BLOB NOT NULL,
        PRIMARY KEY (call_id, seq)
      ) STRICT;
    `);
  },
};
