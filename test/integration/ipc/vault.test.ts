/**
 * The vault channels on a machine without a keychain: `vault:setup` creates the passphrase vault
 * once and refuses everything else without a trace; `vault:rotate` proves the current passphrase.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../electron/core/app';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { FAKE, tempDir } from '../../helpers/core';

const PASSPHRASE = 'correct horse battery staple';

/** A digest of every row of every table: any write changes it. */
function snapshot(core: Core): string {
  const hash = createHash('sha256');
  const tables = core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    for (const row of core.db.prepare(`SELECT * FROM "${name}"`).all())
      hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  }
  return hash.digest('hex');
}

describe('vault channels without a keychain', () => {
  let core: Core;
  let cleanup: () => void;
  let ipc: ReturnType<typeof createIpcHandlers>;
  let events: unknown[];
  beforeEach(() => {
    const dir = tempDir();
    cleanup = dir.cleanup;
    // As the desktop app finds it: the keychain refused, so the vault was never created.
    core = createCore({ dataDir: dir.dir, actor: 'console', keyStore: noKeyStore, autoLockMs: 0 });
    events = [];
    ipc = createIpcHandlers({ core, actor: 'console', emit: (_e, payload) => void events.push(payload) });
  });
  afterEach(() => {
    core.close();
    cleanup();
  });

  it('sets up a passphrase vault that stores a key, locks, and opens again with that passphrase', async () => {
    expect(await ipc['vault:unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const res = await ipc['vault:setup']({ passphrase: PASSPHRASE, confirmation: PASSPHRASE });
    expect(res).toEqual({
      ok: true,
      value: expect.objectContaining({ initialized: true, mode: 'passphrase', locked: false, generation: 1 }),
    });
    expect(events).toEqual([expect.objectContaining({ initialized: true, locked: false })]);
    expect(core.audit.list({ action: 'vault.create' }).map((e) => e.detail)).toEqual([{ mode: 'passphrase' }]);

    const ws = core.workspaces.create({ name: 'Acme' }, 'console');
    const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    expect(await ipc['vault:lock']({})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await ipc['vault:unlock']({ passphrase: 'wrong horse battery staple' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await ipc['vault:unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: true, value: { locked: false } });
    expect(core.credentials.reveal(key.id, 'console').apiKey).toBe(FAKE.anthropic.apiKey);
  });

  it('refuses a confirmation that differs, a passphrase under 12 characters, and a second set-up, changing nothing', async () => {
    const before = snapshot(core);
    expect(await ipc['vault:setup']({ passphrase: PASSPHRASE, confirmation: 'correct horse battery stapel' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The two passphrases differ. Nothing was created.' },
    });
    expect(await ipc['vault:setup']({ passphrase: 'short pass', confirmation: 'short pass' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The passphrase must be at least 12 characters long. Nothing was created.' },
    });
    expect(await ipc['vault:setup']({ passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(snapshot(core)).toBe(before);
    expect(core.vault.status()).toMatchObject({ initialized: false, locked: true });
    expect(events).toEqual([]);

    expect(await ipc['vault:setup']({ passphrase: PASSPHRASE, confirmation: PASSPHRASE })).toMatchObject({ ok: true });
    const ws = core.workspaces.create({ name: 'Acme' }, 'console');
    const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const created = snapshot(core);
    const other = 'another passphrase entirely';
    expect(await ipc['vault:setup']({ passphrase: other, confirmation: other })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'The vault is already set up.' },
    });
    expect(snapshot(core)).toBe(created);
    core.vault.lock();
    expect(await ipc['vault:unlock']({ passphrase: other })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await ipc['vault:unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    expect(core.credentials.reveal(key.id, 'console').apiKey).toBe(FAKE.anthropic.apiKey);
  });

  it('rotates only with the current passphrase and a new one typed the same twice', async () => {
    await ipc['vault:setup']({ passphrase: PASSPHRASE, confirmation: PASSPHRASE });
    const ws = core.workspaces.create({ name: 'Acme' }, 'console');
    core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    const before = snapshot(core);
    const next = 'a brand new passphrase';
    expect(await ipc['vault:rotate']({})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ipc['vault:rotate']({ currentPassphrase: 'not the passphrase at all', newPassphrase: next, confirmation: next })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'The current passphrase is not correct; nothing was changed.' },
    });
    expect(
      await ipc['vault:rotate']({ currentPassphrase: PASSPHRASE, newPassphrase: next, confirmation: 'a brand new passfrase' }),
    ).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The two passphrases differ. Nothing was changed.' },
    });
    expect(snapshot(core)).toBe(before);
    expect(await ipc['vault:rotate']({ currentPassphrase: PASSPHRASE, newPassphrase: next, confirmation: next })).toMatchObject({
      ok: true,
      value: { generation: 2, locked: false },
    });
  });
});
