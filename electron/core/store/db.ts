/** Opens the Switchboard database with the pragmas every connection needs. */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { dataFolderFault, storageFault } from './faults';
import { migrate, refuseNewer } from './migrate';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/** Opens (creating if needed) and migrates the database file. */
export function openDb(file: string): Db {
  let db: Db;
  try {
    if (file !== ':memory:') prepareFiles(file);
    db = new Database(file);
  } catch (err) {
    // A full disk or a read-only folder fails here first, before SQLite has a word to say.
    throw dataFolderFault(err) ?? err;
  }
  try {
    // Before anything that writes (WAL switches the header): a newer database is left as it was.
    refuseNewer(db);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Freed pages are zeroed, so a deleted ciphertext leaves no copy behind in the file.
    db.pragma('secure_delete = ON');
    // When the WAL restarts after a checkpoint it is cut to nothing, so stale page images do not
    // wait there to be overwritten.
    db.pragma('journal_size_limit = 0');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw storageFault(err) ?? err;
  }
}

/**
 * Creates the data folder owner-only (0700, tightening one of ours that exists) and the database
 * file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
 * A folder someone else owns (a shared one named by SWITCHBOARD_DATA_DIR) is not ours to change.
 * Windows has no such modes; the profile folder's ACL protects it there.
 */
function prepareFiles(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (statSync(dir).uid === process.getuid?.()) chmodSync(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/**
 * Copies the WAL into the database file and truncates it to nothing. After a ciphertext is deleted
 * or replaced, secure_delete has zeroed it in the current page, but older images of that page stay
 * in the -wal file until a checkpoint (and in the main file until the new page is copied there).
 * Call after the change has committed: inside a transaction SQLite cannot checkpoint, so this
 * does nothing there. Returns false when another connection's reader kept it from finishing.
 */
export function checkpointTruncate(db: Db): boolean {
  if (db.inTransaction || db.memory) return false;
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return result?.busy === 0;
}

/** Runs fn in an IMMEDIATE transaction (writers queue instead of failing mid-way). */
export function tx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, cached per connection: preparing costs more than running a small query. */
export function stmt(db: Db, sql: string): Database.Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare(sql)));
  return s;
}
