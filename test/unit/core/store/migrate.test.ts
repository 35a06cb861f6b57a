import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate } from '../../../../electron/core/store/migrate';
import { openDb } from '../../../../electron/core/store/db';
import { MIGRATIONS } from '../../../../electron/core/store/migrations';
import { tempDir } from '../../../helpers/core';

describe('migrations', () => {
  it('brings a new database to the latest version with strict tables', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openDb(`${dir}/a.db`);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
      for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*(WITHOUT ROWID,\s*)?STRICT(,\s*WITHOUT ROWID)?\s*$/);
      expect(() =>
        db
          .prepare(
            "INSERT INTO workspaces (id, name, kind, mode, created_at, updated_at) VALUES ('x', 'n', 'client', 'byok', X'00', X'01')",
          )
          .run(),
      ).toThrow();
      db.close();
    } finally {
      cleanup();
    }
  });

  it('refuses a database written by a newer Switchboard and leaves it untouched', () => {
    const { dir, cleanup } = tempDir();
    try {
      const raw = new Database(`${dir}/b.db`);
      raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
      raw.close();
      const before = { bytes: readFileSync(`${dir}/b.db`), mtimeMs: statSync(`${dir}/b.db`).mtimeMs };
      expect(() => openDb(`${dir}/b.db`)).toThrowError(expect.objectContaining({ code: 'DB_TOO_NEW' }));
      expect(readFileSync(`${dir}/b.db`).equals(before.bytes)).toBe(true);
      expect(statSync(`${dir}/b.db`).mtimeMs).toBe(before.mtimeMs);
      expect(existsSync(`${dir}/b.db-wal`)).toBe(false);
      const again = new Database(`${dir}/b.db`);
      expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 5);
      again.close();
    } finally {
      cleanup();
    }
  });

  it('tells refused failures from unconfirmed ones in messages stored before the distinction existed', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    // Only the messages matter here, not a whole campaign around them.
    db.pragma('foreign_keys = OFF');
    const insert = db.prepare(
      "INSERT INTO messages (campaign_id, recipient, zone, body, segments, state, not_before, error) VALUES ('c', ?, 'UTC', 'hi', 1, ?, 0, ?)",
    );
    insert.run(
      '+15550000001',
      'failed',
      'in doubt: the request may have reached Exotel, which cannot be asked; check its SMS log before sending again',
    );
    insert.run('+15550000002', 'failed', 'gave up after 6 attempts: Twilio answered HTTP 503');
    insert.run('+15550000003', 'failed', 'Twilio refused the message (21211): invalid To number');
    insert.run('+15550000004', 'sent', null);
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT recipient, failure FROM messages ORDER BY id').all()).toEqual([
      { recipient: '+15550000001', failure: 'unconfirmed' },
      { recipient: '+15550000002', failure: 'unconfirmed' },
      { recipient: '+15550000003', failure: 'refused' },
      { recipient: '+15550000004', failure: null },
    ]);
    db.close();
  });

  it('rolls back a failing migration whole', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, name: 'ok', up: (d: Database.Database) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      { version: 2, name: 'bad', up: (d: Database.Database) => d.exec('CREATE TABLE b (x INTEGER) STRICT; SELECT * FROM missing') },
    ];
    expect(() => migrate(db, steps)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
