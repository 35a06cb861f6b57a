import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../../electron/core/store/db';
import { tempDir } from '../../../helpers/core';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('database files', () => {
  it('creates the data folder for its owner only and the database files readable by no one else', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openDb(`${dir}/data/switchboard.db`);
      db.exec('CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1);');
      expect(mode(`${dir}/data`)).toBe(0o700);
      for (const f of ['switchboard.db', 'switchboard.db-wal', 'switchboard.db-shm']) expect(mode(`${dir}/data/${f}`), f).toBe(0o600);
      db.close();
    } finally {
      cleanup();
    }
  });

  it('tightens a data folder and a database that others could read', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(`${dir}/data`);
      chmodSync(`${dir}/data`, 0o755);
      new Database(`${dir}/data/switchboard.db`).close();
      chmodSync(`${dir}/data/switchboard.db`, 0o644);
      const db = openDb(`${dir}/data/switchboard.db`);
      expect(mode(`${dir}/data`)).toBe(0o700);
      expect(mode(`${dir}/data/switchboard.db`)).toBe(0o600);
      expect(mode(`${dir}/data/switchboard.db-wal`)).toBe(0o600);
      db.close();
    } finally {
      cleanup();
    }
  });
});

describe('database connection', () => {
  it('zeroes freed content and cuts a restarted WAL to nothing', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openDb(`${dir}/switchboard.db`);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(db.pragma('journal_size_limit', { simple: true })).toBe(0);
      db.close();
    } finally {
      cleanup();
    }
  });
});
