import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { maskSecret } from '../../../../electron/core/credentials/mask';
import { FAKE, makeCore } from '../../../helpers/core';
import { filesHolding } from '../../../helpers/disk';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

describe('credentials', () => {
  let core: TestCore;
  let wsId: string;
  beforeEach(async () => {
    core = await makeCore();
    wsId = core.workspaces.create({ name: 'Acme' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('lists keys with masked hints and public fields only', () => {
    core.credentials.add({ workspaceId: wsId, provider: 'twilio', fields: FAKE.twilio, nickname: 'Main line' }, 'console');
    core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const list = core.credentials.list(wsId);
    expect(list).toHaveLength(2);
    const text = JSON.stringify(list);
    expect(text).not.toContain(FAKE.twilio.authToken);
    expect(text).not.toContain(FAKE.anthropic.apiKey);
    const anthropic = list.find((k) => k.provider === 'anthropic');
    expect(anthropic?.hints.apiKey).toBe('sk-ant-…9xQa');
    const twilio = list.find((k) => k.provider === 'twilio');
    expect(twilio).toMatchObject({
      nickname: 'Main line',
      status: 'unverified',
      active: true,
      publicFields: { accountSid: FAKE.twilio.accountSid, phoneNumber: FAKE.twilio.phoneNumber },
    });
  });

  it('rejects a key in the wrong format with one sentence that does not echo it, and stores nothing', () => {
    const before = core.credentials.list(wsId).length;
    const auditBefore = core.audit.list().length;
    expect(() =>
      core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: { apiKey: 'not-a-key-secretvalue' } }, 'console'),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.not.stringContaining('secretvalue') }));
    expect(core.credentials.list(wsId).length).toBe(before);
    expect(core.audit.list().length).toBe(auditBefore);
  });

  it('refuses to save an endpoint that no check would call (plain http to another computer), in one sentence, storing nothing', () => {
    const auditBefore = core.audit.list().length;
    const refused = expect.objectContaining({
      code: 'INVALID_INPUT',
      message: 'The endpoint must start with https:// (plain http:// is allowed only to this computer, for a local proxy).',
    });
    expect(() =>
      core.credentials.add(
        { workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, endpoint: 'http://proxy.example/anthropic' },
        'console',
      ),
    ).toThrowError(refused);
    expect(core.credentials.list(wsId)).toHaveLength(0);
    const key = core.credentials.add(
      { workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, endpoint: 'http://127.0.0.1:8080/' },
      'console',
    );
    expect(key.endpoint).toBe('http://127.0.0.1:8080');
    expect(() => core.credentials.update(key.id, { endpoint: 'http://10.0.0.5' }, 'console')).toThrowError(refused);
    expect(core.credentials.get(key.id).endpoint).toBe('http://127.0.0.1:8080');
    expect(core.credentials.update(key.id, { endpoint: 'https://proxy.example/anthropic/' }, 'console').endpoint).toBe(
      'https://proxy.example/anthropic',
    );
    expect(core.audit.list({ action: 'credential.update' })).toHaveLength(1);
    expect(core.audit.list().length).toBe(auditBefore + 2);
  });

  it('reveals plaintext once per request and audits every reveal', () => {
    const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    expect(core.credentials.reveal(key.id, 'console')).toEqual({ apiKey: FAKE.anthropic.apiKey });
    expect(core.audit.list({ action: 'credential.reveal' })).toHaveLength(1);
  });

  it('keeps one active key per workspace, provider and environment', () => {
    const a = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, nickname: 'old' }, 'console');
    const b = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, nickname: 'new' }, 'console');
    const t = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, environment: 'test' }, 'console');
    const spare = core.credentials.add(
      { workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, activate: false, nickname: 'spare' },
      'console',
    );
    const byId = new Map(core.credentials.list(wsId).map((k) => [k.id, k.active]));
    expect([byId.get(a.id), byId.get(b.id), byId.get(t.id), byId.get(spare.id)]).toEqual([false, true, true, false]);
    core.credentials.activate(a.id, 'console');
    const after = new Map(core.credentials.list(wsId).map((k) => [k.id, k.active]));
    expect([after.get(a.id), after.get(b.id)]).toEqual([true, false]);
  });

  it('asks for every secret again when fields change, and re-seals under a new version', () => {
    const key = core.credentials.add({ workspaceId: wsId, provider: 'twilio', fields: FAKE.twilio }, 'console');
    expect(() =>
      core.credentials.update(key.id, { fields: { accountSid: FAKE.twilio.accountSid, phoneNumber: '+15005550007' } }, 'console'),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', message: 'Auth Token is required.' }));
    const renamed = core.credentials.update(key.id, { nickname: 'Renamed' }, 'console');
    expect(renamed.version).toBe(1);
    const updated = core.credentials.update(key.id, { fields: { ...FAKE.twilio, authToken: 'e'.repeat(32) } }, 'console');
    expect(updated.version).toBe(2);
    expect(core.credentials.reveal(key.id, 'console').authToken).toBe('e'.repeat(32));
  });

  it('isolates a tampered ciphertext to its own key', () => {
    const a = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const b = core.credentials.add({ workspaceId: wsId, provider: 'twilio', fields: FAKE.twilio }, 'console');
    const row = core.db.prepare('SELECT ciphertext FROM credentials WHERE id = ?').get(a.id) as { ciphertext: Buffer };
    const flipped = Buffer.from(row.ciphertext);
    flipped[20] = (flipped[20] ?? 0) ^ 0xff;
    core.db.prepare('UPDATE credentials SET ciphertext = ? WHERE id = ?').run(flipped, a.id);
    expect(() => core.credentials.reveal(a.id, 'console')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
    expect(core.credentials.reveal(b.id, 'console').authToken).toBe(FAKE.twilio.authToken);
    expect(core.credentials.list(wsId)).toHaveLength(2);
  });

  it('refuses a ciphertext copied onto another key', () => {
    const a = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const b = core.credentials.add(
      { workspaceId: wsId, provider: 'anthropic', fields: { apiKey: 'sk-ant-api03-OTHERotherOTHERother-1234' }, activate: false },
      'console',
    );
    const row = core.db.prepare('SELECT ciphertext FROM credentials WHERE id = ?').get(a.id) as { ciphertext: Buffer };
    core.db.prepare('UPDATE credentials SET ciphertext = ? WHERE id = ?').run(row.ciphertext, b.id);
    expect(() => core.credentials.reveal(b.id, 'console')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
  });

  it('refuses a ciphertext moved to another workspace', () => {
    const other = core.workspaces.create({ name: 'Globex' }, 'console');
    const a = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const b = core.credentials.add({ workspaceId: other.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const row = core.db.prepare('SELECT ciphertext FROM credentials WHERE id = ?').get(a.id) as { ciphertext: Buffer };
    core.db.prepare('UPDATE credentials SET ciphertext = ? WHERE id = ?').run(row.ciphertext, b.id);
    expect(() => core.credentials.reveal(b.id, 'console')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
  });

  it('destroys the ciphertext on delete and keeps a tombstone without secrets', () => {
    const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic, nickname: 'Gone' }, 'console');
    core.credentials.delete(key.id, 'console');
    const row = core.db.prepare('SELECT ciphertext, hints, nickname, deleted_at FROM credentials WHERE id = ?').get(key.id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ ciphertext: null, hints: '{}', nickname: 'Gone' });
    expect(row.deleted_at).toBeTruthy();
    expect(core.credentials.list(wsId)).toHaveLength(0);
    expect(() => core.credentials.reveal(key.id, 'console')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('leaves no copy of a deleted or replaced ciphertext in any file of the data folder', () => {
    const ciphertextOf = (id: string): Buffer =>
      (core.db.prepare('SELECT ciphertext FROM credentials WHERE id = ?').get(id) as { ciphertext: Buffer }).ciphertext;
    const deleted = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const updated = core.credentials.add({ workspaceId: wsId, provider: 'twilio', fields: FAKE.twilio }, 'console');
    const kept = core.credentials.add({ workspaceId: wsId, provider: 'resend', fields: FAKE.resend }, 'console');
    // Push the first versions into the database file too, where an update rewrites them in place.
    core.db.pragma('wal_checkpoint(PASSIVE)');
    const gone = [ciphertextOf(deleted.id), ciphertextOf(updated.id)];
    core.credentials.update(updated.id, { fields: { ...FAKE.twilio, authToken: 'e'.repeat(32) } }, 'console');
    core.credentials.delete(deleted.id, 'console');
    expect(filesHolding(core.dataDir, ciphertextOf(kept.id))).toHaveLength(1);
    for (const c of gone) {
      expect(filesHolding(core.dataDir, c)).toEqual([]);
      expect(filesHolding(core.dataDir, c.subarray(8, 40))).toEqual([]);
    }
    expect(core.credentials.reveal(updated.id, 'console').authToken).toBe('e'.repeat(32));
  });

  it('keeps keys when the workspace switches mode', () => {
    core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    core.workspaces.setMode(wsId, 'bundled', 'console');
    core.workspaces.setMode(wsId, 'byok', 'console');
    expect(core.credentials.list(wsId)).toHaveLength(1);
  });

  describe('copy', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout'] }));
    afterEach(() => vi.useRealTimers());

    it('writes the clipboard from the core, clears it after 30 s, and audits it', async () => {
      let clip = '';
      core.credentials.setClipboard({ writeText: (t) => void (clip = t), readText: () => clip });
      const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
      expect(await core.credentials.copy(key.id, 'apiKey', 'console')).toEqual({ clearsInMs: 30_000 });
      expect(clip).toBe(FAKE.anthropic.apiKey);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(clip).toBe(FAKE.anthropic.apiKey);
      await vi.advanceTimersByTimeAsync(1_500);
      expect(clip).toBe('');
      expect(core.audit.list({ action: 'credential.copy' })).toHaveLength(1);
    });

    it('leaves the clipboard alone if the operator copied something else', async () => {
      let clip = '';
      core.credentials.setClipboard({ writeText: (t) => void (clip = t), readText: () => clip });
      const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
      await core.credentials.copy(key.id, 'apiKey', 'console');
      clip = 'something else';
      await vi.advanceTimersByTimeAsync(31_000);
      expect(clip).toBe('something else');
    });

    it('says plainly that the command line has no clipboard', async () => {
      const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
      await expect(core.credentials.copy(key.id, 'apiKey', 'cli')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('names the fields a key has, never the unknown field it was asked for', async () => {
      core.credentials.setClipboard({ writeText: () => undefined, readText: () => '' });
      const key = core.credentials.add({ workspaceId: wsId, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
      const pasted = 'sk-ant-api03-PastedIntoTheWrongBox-0000';
      await expect(core.credentials.copy(key.id, pasted, 'console')).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: 'Anthropic keys have no field by that name; their fields are apiKey.',
      });
      await expect(core.credentials.copy(key.id, pasted, 'console')).rejects.toSatisfy(
        (e: Error) => !e.message.includes(pasted.slice(0, 12)),
      );
    });
  });
});

describe('maskSecret', () => {
  it('shows the provider prefix and the last four characters only', () => {
    expect(maskSecret('sk-ant-api03-abcdefghijklmnopqrstuvwxyz-9xQa')).toBe('sk-ant-…9xQa');
    expect(maskSecret('re_abcdefghijklmnop1234')).toBe('re_…1234');
    expect(maskSecret('f'.repeat(28) + 'a1b2')).toBe('…a1b2');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret('sk-proj-Simulated_Key_0000000000000000')).toBe('sk-proj-…0000');
    expect(maskSecret('Ab-Cd_Ef-Gh_Ij-Kl_Mn-Op1234')).toBe('…1234');
  });
});
