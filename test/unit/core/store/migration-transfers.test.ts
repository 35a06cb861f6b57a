import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/store/migrate';
import { MIGRATIONS } from '../../../../electron/core/store/migrations';

// Found by name: the migration's number may change when branches merge.
const VERSION = MIGRATIONS.findIndex((m) => m.name.endsWith('-transfers-and-call-events')) + 1;

/** A database as the version before this migration left it, with foreign keys on as every connection has them. */
function before(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, VERSION - 1));
  db.exec(`
    INSERT INTO workspaces (id, name, kind, mode, created_at, updated_at) VALUES ('w1', 'Acme', 'client', 'byok', 't', 't');
    INSERT INTO voice_agents (id, workspace_id, name, language, voice_id, greeting, system_prompt, model, created_at, updated_at)
      VALUES ('a1', 'w1', 'Ava', 'en', 'v', 'Hi', 'Be kind', 'm', 't', 't');
    INSERT INTO calls (id, workspace_id, agent_id, agent_name, campaign_id, carrier, carrier_call_id, to_number, from_number, test, state, outcome, reason, created_at, answered_at, ended_at, duration_seconds, answered_by, machine_detection_ms)
      VALUES ('c1', 'w1', 'a1', 'Ava', 'vc1', 'twilio', 'CA1', '+14155550100', '+14155550199', 0, 'ended', 'interested', 'Booked.', '2025-01-01T10:00:00.000Z', '2025-01-01T10:00:05.000Z', '2025-01-01T10:02:00.000Z', 115, 'human', 1800),
             ('c2', 'w1', NULL, 'Old agent', NULL, 'exotel', NULL, '+919812345678', '+918047491899', 1, 'dialing', NULL, NULL, '2025-01-02T10:00:00.000Z', NULL, NULL, NULL, NULL, NULL);
    INSERT INTO call_transcript (call_id, seq, speaker, at, ciphertext, interrupted)
      VALUES ('c1', 1, 'agent', 't1', X'0102', 0), ('c1', 2, 'caller', 't2', X'0304', 1), ('c2', 1, 'agent', 't3', X'05', 0);
    INSERT INTO call_usage (call_id, provider, credential_id, owner, unit, amount)
      VALUES ('c1', 'twilio', 'k1', 'own', 'minutes', 2), ('c1', 'anthropic', 'k2', 'agency', 'tokens', 1234);
    INSERT INTO voice_campaigns (id, workspace_id, name, agent_id, agent_name, window_start, window_end, retries, retry_gap_minutes, max_concurrent, machine, cps, state, import_summary, created_at, updated_at)
      VALUES ('vc1', 'w1', 'Spring', 'a1', 'Ava', 540, 1080, 1, 30, 2, 'hangup', 1, 'running', '{}', 't', 't');
    INSERT INTO call_leads (id, campaign_id, line, recipient, name, zone, vars, state, not_before, attempts, call_id, outcome)
      VALUES (7, 'vc1', 2, '+14155550100', 'Sam', 'America/Los_Angeles', '{}', 'done', 0, 1, 'c1', 'interested'),
             (9, 'vc1', 3, '+14155550101', 'Kim', 'America/Los_Angeles', '{}', 'queued', 0, 0, NULL, NULL);
  `);
  return db;
}

const all = (db: Database.Database, table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
const indexes = (db: Database.Database, table: string): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name").all(table) as { name: string }[]).map(
    (r) => r.name,
  );

describe('the transfers and call events migration', () => {
  it('widens the outcome CHECKs of calls and call_leads and keeps every row, column, index, transcript and usage line', () => {
    const db = before();
    // A column another migration added before this one (e.g. a call's direction) must survive the rebuild.
    // (The inbound-numbers migration adds it when it comes first; a database from before it does not have it.)
    const columns = (db.prepare('PRAGMA table_info(calls)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('direction'))
      db.exec("ALTER TABLE calls ADD COLUMN direction TEXT NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound'))");
    db.exec("UPDATE calls SET direction = 'inbound' WHERE id = 'c2'");
    const was = Object.fromEntries(['calls', 'call_transcript', 'call_usage', 'call_leads'].map((t) => [t, all(db, t)]));
    const indexesWere = { calls: indexes(db, 'calls'), call_leads: indexes(db, 'call_leads') };
    expect(was.call_transcript).toHaveLength(3);
    expect(was.call_usage).toHaveLength(2);

    migrate(db, MIGRATIONS.slice(0, VERSION));

    expect(db.pragma('user_version', { simple: true })).toBe(VERSION);
    for (const [table, rows] of Object.entries(was)) expect(all(db, table), table).toEqual(rows);
    expect(indexes(db, 'calls')).toEqual(indexesWere.calls);
    expect(indexes(db, 'call_leads')).toEqual(indexesWere.call_leads);
    // Foreign keys are back on, and still point at the rebuilt calls: a deleted call takes its transcript and usage with it.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare("UPDATE calls SET outcome = 'transferred' WHERE id = 'c1'").run();
    db.prepare("UPDATE call_leads SET outcome = 'transferred' WHERE id = 7").run();
    expect(() => db.prepare("UPDATE calls SET outcome = 'hung_up' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE calls SET outcome = 'interested', state = 'queued' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE calls SET direction = 'sideways' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO call_transcript (call_id, seq, speaker, at, ciphertext) VALUES ('nope', 1, 'agent', 't', X'00')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare("SELECT count(*) AS n FROM call_transcript WHERE call_id = 'c1'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM call_usage WHERE call_id = 'c1'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM call_transcript WHERE call_id = 'c2'").get()).toEqual({ n: 1 });
    // The campaign's leads keep their ids: the next one is numbered after them.
    db.prepare(
      "INSERT INTO call_leads (campaign_id, recipient, zone, vars, state, not_before) VALUES ('vc1', '+14155550102', 'UTC', '{}', 'queued', 0)",
    ).run();
    expect(db.prepare('SELECT max(id) AS id FROM call_leads').get()).toEqual({ id: 10 });
    db.close();
  });

  it('creates call_events bound to their call, and transfer_targets with a cold or warm mode and an E.164 number', () => {
    const db = before();
    migrate(db, MIGRATIONS.slice(0, VERSION));
    const event = db.prepare(
      "INSERT INTO call_events (call_id, seq, at, kind, name, ok, duration_ms, ciphertext) VALUES (?, ?, 't', ?, 'transfer_call', 1, 12, X'00')",
    );
    event.run('c1', 1, 'transfer');
    expect(() => event.run('c1', 2, 'magic')).toThrow(/CHECK/);
    expect(() => event.run('nope', 1, 'tool')).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM call_events').get()).toEqual({ n: 0 });

    const target = db.prepare(
      "INSERT INTO transfer_targets (id, workspace_id, agent_id, name, number, when_to_use, mode, created_at) VALUES (?, 'w1', 'a1', ?, ?, 'Hot leads', ?, 't')",
    );
    target.run('t1', 'Sales desk', '+14155550123', 'warm');
    expect(() => target.run('t2', 'SALES DESK', '+14155550124', 'cold')).toThrow(/UNIQUE/);
    expect(() => target.run('t3', 'Support', '4155550124', 'cold')).toThrow(/CHECK/);
    expect(() => target.run('t4', 'Support', '+14155550124', 'lukewarm')).toThrow(/CHECK/);
    db.close();
  });
});
