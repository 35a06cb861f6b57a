/** Applies numbered migrations in order, one transaction each, and refuses a newer database. */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { MIGRATIONS } from './migrations';

/** One schema step; `version` equals its position in the list. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /**
   * Runs with foreign keys off, as SQLite's table-rebuild procedure requires ("Making Other Kinds
   * Of Table Schema Changes" in its ALTER TABLE docs): dropping a rebuilt parent table with them on
   * would cascade-delete its children's rows. The keys are checked before the step commits.
   */
  readonly rebuildsTables?: boolean;
  up(db: Database.Database): void;
}

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS.length;

/** Reads the schema version and throws DB_TOO_NEW for a database from the future; it writes nothing. */
export function refuseNewer(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new AppError(
      'DB_TOO_NEW',
      `This data was written by a newer Switchboard (schema ${current}, this app knows ${migrations.length}); update the app to open it.`,
    );
  }
  return current;
}

/** Brings the database to LATEST_VERSION; throws DB_TOO_NEW for a database from the future. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const current = refuseNewer(db, migrations);
  for (const m of migrations.slice(current)) {
    // PRAGMA foreign_keys is a no-op inside a transaction: it is switched around the step's.
    const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (m.rebuildsTables && keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.rebuildsTables && keysWereOn && (db.pragma('foreign_key_check') as unknown[]).length > 0)
          throw new Error(`migration ${m.name} left rows whose foreign keys point nowhere`);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables && keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
}
