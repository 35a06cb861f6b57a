import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/store/migrate';
import { MIGRATIONS } from '../../../../electron/core/store/migrations';

describe('migration 0006: voice agents', () => {
  it('keeps agent names unique per workspace among live agents, defaults the outcomes, and rejects a bad language', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 6));
    db.prepare(
      "INSERT INTO workspaces (id, name, kind, mode, created_at, updated_at) VALUES ('w1', 'Acme', 'client', 'byok', 't', 't'), ('w2', 'Beta', 'client', 'byok', 't', 't')",
    ).run();
    const insert = db.prepare(
      "INSERT INTO voice_agents (id, workspace_id, name, language, voice_id, greeting, system_prompt, model, created_at, updated_at) VALUES (?, ?, ?, ?, 'v', 'Hi', 'Be kind', 'm', 't', 't')",
    );
    insert.run('a1', 'w1', 'Priya', 'hi');
    expect(() => insert.run('a2', 'w1', 'PRIYA', 'en')).toThrow(/UNIQUE/);
    insert.run('a3', 'w2', 'Priya', 'en');
    expect(() => insert.run('a4', 'w1', 'Other', 'fr')).toThrow(/CHECK/);
    db.prepare("UPDATE voice_agents SET deleted_at = 't' WHERE id = 'a1'").run();
    insert.run('a5', 'w1', 'Priya', 'en');
    const row = db.prepare("SELECT outcomes FROM voice_agents WHERE id = 'a5'").get() as { outcomes: string };
    expect(JSON.parse(row.outcomes)).toEqual(['interested', 'callback', 'not_interested', 'do_not_call']);
    expect(() => db.prepare("UPDATE voice_agents SET outcomes = '{}' WHERE id = 'a5'").run()).toThrow(/CHECK/);
    db.close();
  });
});
