import { describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/app';
import { FAKE, makeCore } from '../../../helpers/core';

/** Opens the append-only guard the way an attacker with the file would. */
function dropGuards(core: Core): void {
  core.db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
}

async function coreWithHistory(): Promise<Core & { dispose(): void }> {
  const core = await makeCore();
  const ws = core.workspaces.create({ name: 'Acme' }, 'console');
  const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
  core.credentials.reveal(key.id, 'console');
  core.workspaces.setMode(ws.id, 'bundled', 'console');
  core.workspaces.rename(ws.id, 'Acme Ltd', 'console');
  core.credentials.delete(key.id, 'console');
  return core;
}

describe('audit log', () => {
  it('verifies an untouched chain', async () => {
    const core = await coreWithHistory();
    try {
      const verdict = core.audit.verify();
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.rows).toBeGreaterThanOrEqual(7);
    } finally {
      core.dispose();
    }
  });

  it('refuses updates and deletes through SQL', async () => {
    const core = await coreWithHistory();
    try {
      expect(() => core.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
      expect(() => core.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    } finally {
      core.dispose();
    }
  });

  it('catches an edited row and names it', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      core.db.prepare(`UPDATE audit_log SET detail = '{"provider":"openai"}' WHERE seq = 4`).run();
      expect(core.audit.verify()).toMatchObject({
        ok: false,
        problem: 'edited',
        seq: 4,
        message: expect.stringMatching(/row 4 .* was edited/),
      });
    } finally {
      core.dispose();
    }
  });

  it('catches a deleted row and names it', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      core.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      expect(core.audit.verify()).toMatchObject({
        ok: false,
        problem: 'deleted',
        seq: 3,
        message: expect.stringMatching(/row 3 was deleted/),
      });
    } finally {
      core.dispose();
    }
  });

  it('catches a deleted tail', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      const last = (core.db.prepare('SELECT max(seq) m FROM audit_log').get() as { m: number }).m;
      core.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last);
      expect(core.audit.verify()).toMatchObject({ ok: false, problem: 'truncated' });
    } finally {
      core.dispose();
    }
  });

  it('catches two rows swapped into each other’s places', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      core.db.exec(
        'UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -1;',
      );
      expect(core.audit.verify()).toMatchObject({ ok: false, problem: 'reordered', seq: 3, message: expect.stringMatching(/reordered/) });
    } finally {
      core.dispose();
    }
  });

  it('catches a forged row inserted into the middle', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      const rows = core.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC').all() as { seq: number }[];
      // Shift rows 3… up by one and forge a row 3 that links correctly to row 2.
      for (const r of rows) if (r.seq >= 3) core.db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(r.seq + 1, r.seq);
      const row2 = core.db.prepare('SELECT hash FROM audit_log WHERE seq = 2').get() as { hash: string };
      const { createHash } = await import('node:crypto');
      const forged = {
        seq: 3,
        at: new Date().toISOString(),
        actor: 'console',
        action: 'credential.reveal',
        workspace_id: null,
        target: null,
        detail: '{}',
      };
      const hash = createHash('sha256')
        .update(row2.hash)
        .update('\n')
        .update(JSON.stringify([forged.seq, forged.at, forged.actor, forged.action, forged.workspace_id, forged.target, forged.detail]))
        .digest('hex');
      core.db
        .prepare(
          'INSERT INTO audit_log (seq, at, actor, action, workspace_id, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @workspace_id, @target, @detail, @prev, @hash)',
        )
        .run({ ...forged, prev: row2.hash, hash });
      expect(core.audit.verify()).toMatchObject({ ok: false, problem: 'inserted', seq: 3 });
    } finally {
      core.dispose();
    }
  });

  it('writes neither the row nor the head when the head cannot be written', async () => {
    const core = await coreWithHistory();
    try {
      const before = core.audit.verify();
      core.db.exec("CREATE TRIGGER head_fails BEFORE UPDATE ON audit_head BEGIN SELECT RAISE(ABORT, 'disk gone'); END;");
      expect(() => core.audit.append({ actor: 'console', action: 'credential.reveal' })).toThrow(/disk gone/);
      core.db.exec('DROP TRIGGER head_fails');
      expect(core.audit.verify()).toEqual(before);
      core.audit.append({ actor: 'console', action: 'credential.reveal' });
      expect(core.audit.verify()).toMatchObject({ ok: true, rows: before.rows + 1 });
    } finally {
      core.dispose();
    }
  });

  it('goes on appending after a crash left the head one row behind', async () => {
    const core = await coreWithHistory();
    try {
      // The state a crash between the row and the head update left before append was atomic.
      const last = core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
      const { createHash } = await import('node:crypto');
      const orphan = {
        seq: last.seq + 1,
        at: new Date().toISOString(),
        actor: 'console',
        action: 'credential.reveal',
        workspace_id: null,
        target: null,
        detail: '{}',
      };
      const hash = createHash('sha256')
        .update(last.hash)
        .update('\n')
        .update(JSON.stringify([orphan.seq, orphan.at, orphan.actor, orphan.action, orphan.workspace_id, orphan.target, orphan.detail]))
        .digest('hex');
      core.db
        .prepare(
          'INSERT INTO audit_log (seq, at, actor, action, workspace_id, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @workspace_id, @target, @detail, @prev, @hash)',
        )
        .run({ ...orphan, prev: last.hash, hash });
      expect(core.audit.verify()).toMatchObject({ ok: true, rows: last.seq + 1 });
      core.audit.append({ actor: 'console', action: 'credential.copy' });
      core.audit.append({ actor: 'console', action: 'vault.lock' });
      expect(core.audit.verify()).toMatchObject({ ok: true, rows: last.seq + 3 });
      expect(core.db.prepare('SELECT seq FROM audit_head').get()).toEqual({ seq: last.seq + 3 });
    } finally {
      core.dispose();
    }
  });

  it('keeps a cut tail visible after later appends', async () => {
    const core = await coreWithHistory();
    try {
      dropGuards(core);
      const last = (core.db.prepare('SELECT max(seq) m FROM audit_log').get() as { m: number }).m;
      core.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last);
      core.audit.append({ actor: 'console', action: 'credential.reveal' });
      expect(core.audit.verify()).toMatchObject({ ok: false, seq: last });
    } finally {
      core.dispose();
    }
  });

  it('keeps secrets out of every row and every export', async () => {
    const core = await coreWithHistory();
    try {
      core.audit.append({ actor: 'console', action: 'test.detail', detail: { apiKey: 'leak', authToken: 'leak', note: 'fine' } });
      const csv = core.audit.exportCsv();
      const json = core.audit.exportJson();
      for (const text of [csv, json]) {
        expect(text).not.toContain(FAKE.anthropic.apiKey);
        expect(text).not.toContain('leak');
      }
      expect(json).toContain('fine');
      expect(csv.split('\n')[0]).toBe('seq,at,actor,action,workspace_id,target,detail,prev_hash,hash');
    } finally {
      core.dispose();
    }
  });

  it('exports CSV that a spreadsheet will not run as a formula', async () => {
    const core = await makeCore();
    try {
      core.audit.append({ actor: 'console', action: 'test.formula', target: '=HYPERLINK("http://x")' });
      const csv = core.audit.exportCsv();
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
      expect(csv).toContain(`'=HYPERLINK`);
    } finally {
      core.dispose();
    }
  });

  it('filters by workspace and action', async () => {
    const core = await coreWithHistory();
    try {
      const ws = core.workspaces.find('Acme Ltd');
      const reveals = core.audit.list({ workspaceId: ws.id, action: 'credential.reveal' });
      expect(reveals).toHaveLength(1);
      expect(core.audit.list({ action: 'credential' }).map((e) => e.action)).toEqual([
        'credential.delete',
        'credential.reveal',
        'credential.add',
      ]);
    } finally {
      core.dispose();
    }
  });

  it('exports exactly the rows the workspace and action filter lists, oldest first', async () => {
    const core = await coreWithHistory();
    try {
      const ws = core.workspaces.find('Acme Ltd');
      core.workspaces.create({ name: 'Other' }, 'console');
      const filter = { workspaceId: ws.id, action: 'credential' };
      const listed = core.audit
        .list(filter)
        .map((e) => e.seq)
        .reverse();
      const json = JSON.parse(core.audit.exportJson(filter)) as { seq: number; action: string }[];
      expect(json.map((r) => r.seq)).toEqual(listed);
      expect(json.map((r) => r.action)).toEqual(['credential.add', 'credential.reveal', 'credential.delete']);
      const csv = core.audit.exportCsv({ action: 'workspace.rename' }).trim().split('\n');
      expect(csv).toHaveLength(2);
      expect(csv[1]).toContain('workspace.rename');
      // No filter: every row.
      expect(JSON.parse(core.audit.exportJson())).toHaveLength(core.audit.verify().rows);
    } finally {
      core.dispose();
    }
  });
});
