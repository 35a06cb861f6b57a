/** Applies numbered migrations in order, one transaction each, and refuses a newer database. */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { MIGRATIONS } from './migrations';

/**
 * One schema step; `version` is the number in its file name. Versions only go up; a number may be
 * missing from a branch (another branch holds it), and the step is simply not in this build.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

/** The schema version a list of migrations ends at. */
function latestOf(migrations: readonly Migration[]): number {
  return migrations[migrations.length - 1]?.version ?? 0;
}

/** The schema version this build writes. */
export const LATEST_VERSION = latestOf(MIGRATIONS);

/** Reads the schema version and throws DB_TOO_NEW for a database from the future; it writes nothing. */
export function refuseNewer(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestOf(migrations);
  if (current > latest) {
    throw new AppError('DB_TOO_NEW', `This data was written by a newer Switchboard (schema ${current}, this app knows ${latest}); update the app to open it.`);
  }
  return current;
}

/** Brings the database to LATEST_VERSION; throws DB_TOO_NEW for a database from the future. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    const before = i === 0 ? 0 : (migrations[i - 1]?.version ?? 0);
    if (!Number.isInteger(m.version) || m.version <= before) throw new Error(`migration ${m.name} is numbered ${m.version}, after ${before}: numbers only go up`);
  });
  const current = refuseNewer(db, migrations);
  for (const m of migrations.filter((x) => x.version > current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
