import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUSY_SENTENCE, busyFault } from '../../../../electron/core/store/busy';
import { AppError } from '../../../../shared/errors';
import { tempDir } from '../../../helpers/core';

describe('busyFault', () => {
  it("turns SQLite's SQLITE_BUSY from a second connection into one sentence, and leaves other errors alone", () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'busy.db');
    const holder = new Database(file);
    const other = new Database(file, { timeout: 0 });
    try {
      holder.pragma('journal_mode = WAL');
      holder.exec('CREATE TABLE t (x INTEGER)');
      holder.exec('BEGIN IMMEDIATE');
      let thrown: unknown;
      try {
        other.exec('INSERT INTO t VALUES (1)');
      } catch (e) {
        thrown = e;
      }
      expect((thrown as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(busyFault(thrown)).toMatchObject({ code: 'CONFLICT', message: BUSY_SENTENCE });
      holder.exec('ROLLBACK');
      let syntax: unknown;
      try {
        other.exec('INSERT INTO nowhere VALUES (1)');
      } catch (e) {
        syntax = e;
      }
      expect(busyFault(syntax)).toBeNull();
      expect(busyFault(new AppError('NOT_FOUND', 'x'))).toBeNull();
    } finally {
      other.close();
      holder.close();
      cleanup();
    }
  });
});
