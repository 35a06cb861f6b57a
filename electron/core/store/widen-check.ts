/**
 * Widening a column's `IN (…)` CHECK. SQLite cannot alter a CHECK, so the table is rebuilt by its
 * own documented procedure: create the new table, copy every row, drop the old, rename (the
 * migration runs with foreign keys off, `rebuildsTables`, so dropping a table cascades nothing). The
 * new table is made from the old one's own SQL with only that list changed, so every column earlier
 * migrations added stays whatever order they ran in; its indexes and triggers are made again from
 * theirs. Each migration passes its lists written out: a migration never follows a live list.
 */
import type Database from 'better-sqlite3';

/** One CHECK to widen: the table, the column, the list it holds now and the list it holds after. */
export interface CheckWidening {
  /** The migration doing it, for its error sentences. */
  readonly migration: string;
  readonly table: string;
  readonly column: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const quoted = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/** Rebuilds one table with one column's `IN (…)` list widened; every row, column, index and trigger kept. */
export function widenCheck(db: Database.Database, widening: CheckWidening): void {
  const { migration, table, column, before, after } = widening;
  const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined)
    ?.sql;
  if (!sql) throw new Error(`${migration}: there is no table ${table}`);
  const list = new RegExp(`\\b${column}\\s+IN\\s*\\(([^)]*)\\)`, 'g');
  const lists = [...sql.matchAll(list)];
  if (lists.length !== 1 || lists[0]?.[1]?.replace(/\s+/g, ' ').trim() !== quoted(before))
    throw new Error(`${migration}: ${table} does not hold the ${column} CHECK it expects`);
  const header = new RegExp(`^CREATE TABLE\\s+(?:"${table}"|${table})\\s*\\(`);
  if (!header.test(sql)) throw new Error(`${migration}: ${table}'s definition does not start as expected`);
  const rebuilt = `${table}_rebuilt`;
  const created = sql
    .replace(header, `CREATE TABLE ${rebuilt} (`)
    .replace(new RegExp(`\\b${column}\\s+IN\\s*\\([^)]*\\)`), `${column} IN (${quoted(after)})`);
  const dependents = db
    .prepare("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as { sql: string }[];
  const count = (name: string): number => (db.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n;
  const rows = count(table);
  db.exec(created);
  // Same definition, same column order: every row is copied whole, its rowid with it.
  db.exec(`INSERT INTO ${rebuilt} SELECT * FROM ${table}`);
  if (count(rebuilt) !== rows) throw new Error(`${migration}: ${table} lost rows while it was rebuilt`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${rebuilt} RENAME TO ${table}`);
  for (const dependent of dependents) db.exec(dependent.sql);
}
