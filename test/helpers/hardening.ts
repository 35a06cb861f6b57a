/** What the hardening tests check after every refused input or disk fault. */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { dbFile } from '../../electron/core/paths';
import type { CliRun } from './cli';

/** The number of rows in every table of a data folder's database, by table name. */
export function rowCounts(dataDir: string): Record<string, number> {
  const db = new Database(dbFile(dataDir));
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/**
 * Asserts the CLI said exactly `sentence` on stderr (one line, `switchboard: ` first, no stack
 * trace, nothing on stdout) and exited with `code`.
 */
export function expectRefusal(run: CliRun, code: number, sentence: string): void {
  expect(run.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`switchboard: ${sentence}\n`);
  expect(run.code).toBe(code);
}
