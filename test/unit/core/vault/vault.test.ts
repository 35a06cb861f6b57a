import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/app';
import { dbFile } from '../../../../electron/core/paths';
import { noKeyStore } from '../../../../electron/core/vault/keychain';
import { openBytes } from '../../../../electron/core/vault/seal';
import { FAKE, makeCore, memoryKeyStore, tempDir } from '../../../helpers/core';

describe('vault', () => {
  it('keeps the master key in the keychain and never in the database', async () => {
    const core = await makeCore();
    try {
      expect(core.vault.status()).toMatchObject({ initialized: true, mode: 'keychain', locked: false });
      const [master] = [...(core.keyStore as ReturnType<typeof memoryKeyStore>).entries.values()];
      expect(master).toHaveLength(32);
      const row = core.db.prepare('SELECT * FROM vault_meta').get() as Record<string, unknown>;
      for (const v of Object.values(row)) if (Buffer.isBuffer(v)) expect(v.includes(master as Buffer)).toBe(false);
      expect(row.wrapped_master).toBeNull();
    } finally {
      core.dispose();
    }
  });

  it('fails closed without a keychain and without a passphrase', async () => {
    const { dir, cleanup } = tempDir();
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
    try {
      await expect(core.start()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
      expect(core.vault.status().initialized).toBe(false);
    } finally {
      core.close();
      cleanup();
    }
  });

  it('uses passphrase mode without a keychain and tells a wrong passphrase apart', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
      expect(await first.start({ passphrase: 'correct horse battery' })).toEqual({ mode: 'passphrase', created: true });
      const ws = first.workspaces.create({ name: 'Acme' }, 'cli');
      const key = first.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'cli');
      first.close();

      const second = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
      await second.start({ passphrase: 'correct horse battery' });
      await expect(second.vault.rotateMasterKey()).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^Rotating a passphrase-protected vault needs the passphrase/),
      });
      second.vault.lock();
      await expect(second.start({ passphrase: 'wrong passphrase!' })).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
        message: 'That passphrase is not correct.',
      });
      expect(second.vault.isUnlocked()).toBe(false);
      expect(() => second.credentials.reveal(key.id, 'cli')).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }));
      await second.start({ passphrase: 'correct horse battery' });
      expect(second.credentials.reveal(key.id, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
      second.close();
    } finally {
      cleanup();
    }
  });

  it('checks a passphrase without unlocking or auditing, and refuses a wrong one', async () => {
    const { dir, cleanup } = tempDir();
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
    try {
      await core.vault.checkPassphrase('anything at all');
      await core.start({ passphrase: 'correct horse battery' });
      core.vault.lock();
      const audited = core.audit.verify().rows;
      await core.vault.checkPassphrase('correct horse battery');
      await expect(core.vault.checkPassphrase('wrong passphrase!')).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
        message: 'That passphrase is not correct.',
      });
      expect(core.vault.isUnlocked()).toBe(false);
      expect(core.audit.verify().rows).toBe(audited);
    } finally {
      core.close();
      cleanup();
    }
  });

  it('rotates the master key: every secret still opens and the old key opens nothing', async () => {
    const core = await makeCore();
    try {
      const store = core.keyStore as ReturnType<typeof memoryKeyStore>;
      const oldMaster = Buffer.from([...store.entries.values()][0] as Buffer);
      const ids: string[] = [];
      for (const name of ['Acme', 'Globex', 'Initech']) {
        const ws = core.workspaces.create({ name }, 'console');
        ids.push(core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console').id);
        ids.push(core.credentials.add({ workspaceId: ws.id, provider: 'twilio', fields: FAKE.twilio }, 'console').id);
      }
      expect(await core.vault.rotateMasterKey()).toBe(2);
      expect(store.entries.size).toBe(1);
      const newMaster = [...store.entries.values()][0] as Buffer;
      expect(newMaster.equals(oldMaster)).toBe(false);
      for (const id of ids) expect(Object.keys(core.credentials.reveal(id, 'console')).length).toBeGreaterThan(0);
      const wrapped = core.db.prepare('SELECT workspace_id, wrapped FROM data_keys').all() as { workspace_id: string; wrapped: Buffer }[];
      expect(wrapped.length).toBe(3);
      for (const w of wrapped) {
        expect(() => openBytes(oldMaster, w.wrapped, `datakey:${w.workspace_id}`)).toThrowError(
          expect.objectContaining({ code: 'TAMPERED' }),
        );
        expect(openBytes(newMaster, w.wrapped, `datakey:${w.workspace_id}`)).toHaveLength(32);
      }
      // A fresh process with only the new keychain entry opens everything too.
      core.vault.lock();
      await core.vault.unlock();
      for (const id of ids) expect(core.credentials.reveal(id, 'console')).toBeTruthy();
    } finally {
      core.dispose();
    }
  });

  it('rotates a passphrase-mode vault: every secret opens with the new passphrase, the old passphrase opens nothing', async () => {
    const { dir, cleanup } = tempDir();
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      await core.start({ passphrase: 'correct horse battery' });
      const ids: string[] = [];
      for (const name of ['Acme', 'Globex']) {
        const ws = core.workspaces.create({ name }, 'cli');
        ids.push(core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'cli').id);
        ids.push(core.credentials.add({ workspaceId: ws.id, provider: 'twilio', fields: FAKE.twilio }, 'cli').id);
      }
      const next = 'tangerine lighthouse orbit';
      expect(
        await core.vault.rotateMasterKey({ currentPassphrase: 'correct horse battery', newPassphrase: next, confirmation: next }),
      ).toBe(2);
      core.close();

      // A fresh process, as after a restart: only the new passphrase opens the vault.
      const again = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
      try {
        await expect(again.start({ passphrase: 'correct horse battery' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
        expect(again.vault.isUnlocked()).toBe(false);
        await again.start({ passphrase: next });
        expect(again.vault.status()).toMatchObject({ mode: 'passphrase', generation: 2, locked: false });
        for (const id of ids) expect(Object.keys(again.credentials.reveal(id, 'cli')).length).toBeGreaterThan(0);
        expect(again.credentials.reveal(ids[0] as string, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
      } finally {
        again.close();
      }
    } finally {
      cleanup();
    }
  });

  it('changes nothing when the current passphrase is wrong or the new one is mistyped or too short', async () => {
    const { dir, cleanup } = tempDir();
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      await core.start({ passphrase: 'correct horse battery' });
      const ws = core.workspaces.create({ name: 'Acme' }, 'cli');
      const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'cli');
      const rows = (): unknown => [core.db.prepare('SELECT * FROM vault_meta').all(), core.db.prepare('SELECT * FROM data_keys').all()];
      const before = rows();
      const next = 'tangerine lighthouse orbit';
      await expect(
        core.vault.rotateMasterKey({ currentPassphrase: 'correct horse battery!', newPassphrase: next, confirmation: next }),
      ).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
        message: 'The current passphrase is not correct; nothing was changed.',
      });
      await expect(
        core.vault.rotateMasterKey({
          currentPassphrase: 'correct horse battery',
          newPassphrase: next,
          confirmation: 'tangerine lighthouse orbits',
        }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: 'The two passphrases differ. Nothing was changed.',
      });
      await expect(
        core.vault.rotateMasterKey({ currentPassphrase: 'correct horse battery', newPassphrase: 'tangerine', confirmation: 'tangerine' }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: 'The passphrase must be at least 12 characters long. Nothing was changed.',
      });
      expect(rows()).toEqual(before);
      expect(core.vault.status()).toMatchObject({ generation: 1, locked: false });
      expect(core.credentials.reveal(key.id, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
      core.vault.lock();
      await expect(core.vault.unlock(next)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      await core.vault.unlock('correct horse battery');
      expect(core.credentials.reveal(key.id, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
    } finally {
      core.close();
      cleanup();
    }
  });

  it('locks on demand and after the idle period, forgetting every key', async () => {
    const core = await makeCore({ autoLockMs: 50 });
    try {
      const ws = core.workspaces.create({ name: 'Acme' }, 'console');
      const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
      core.vault.lock();
      expect(() => core.credentials.reveal(key.id, 'console')).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }));
      await core.vault.unlock();
      expect(core.credentials.reveal(key.id, 'console').apiKey).toBe(FAKE.anthropic.apiKey);
      await new Promise((r) => setTimeout(r, 200));
      expect(core.vault.isUnlocked()).toBe(false);
    } finally {
      core.dispose();
    }
  });

  it('refuses a master key that does not belong to this data', async () => {
    const core = await makeCore();
    const store = core.keyStore as ReturnType<typeof memoryKeyStore>;
    try {
      const [account] = [...store.entries.keys()];
      store.entries.set(account as string, Buffer.alloc(32, 7));
      core.vault.lock();
      await expect(core.vault.unlock()).rejects.toMatchObject({ code: 'TAMPERED' });
    } finally {
      core.dispose();
    }
  });

  it('locks once: locking a locked vault, or closing it, writes nothing more to the audit log', async () => {
    const core = await makeCore();
    const locks = () => core.audit.list({ action: 'vault.lock' }).length;
    try {
      core.vault.lock();
      expect(locks()).toBe(1);
      core.vault.lock();
      expect(locks()).toBe(1);
      expect(core.audit.verify()).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
    const again = createCore({ dataDir: core.dataDir, actor: 'cli', keyStore: core.keyStore });
    try {
      expect(again.audit.list({ action: 'vault.lock' })).toHaveLength(1);
    } finally {
      again.close();
      core.dispose();
    }
  });

  it('refuses to unlock with scrypt settings edited past their bounds, as tampering', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
      await first.start({ passphrase: 'correct horse battery' });
      first.close();
      const raw = new Database(dbFile(dir));
      const kdf = JSON.parse((raw.prepare('SELECT kdf FROM vault_meta').get() as { kdf: string }).kdf) as Record<string, unknown>;
      raw.prepare('UPDATE vault_meta SET kdf = ?').run(JSON.stringify({ ...kdf, N: 2 ** 40, r: 1024 }));
      raw.close();
      const second = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
      try {
        await expect(second.start({ passphrase: 'correct horse battery' })).rejects.toMatchObject({
          code: 'TAMPERED',
          message: expect.stringMatching(/^The vault’s passphrase settings were altered on disk/),
        });
        expect(second.vault.isUnlocked()).toBe(false);
      } finally {
        second.close();
      }
    } finally {
      cleanup();
    }
  });

  it('never writes the passphrase-wrapped master key in plaintext', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore });
      await core.start({ passphrase: 'correct horse battery' });
      core.close();
      const db = new Database(dbFile(dir), { readonly: true });
      const meta = db.prepare('SELECT mode, kdf, wrapped_master FROM vault_meta').get() as {
        mode: string;
        kdf: string;
        wrapped_master: Buffer;
      };
      db.close();
      expect(meta.mode).toBe('passphrase');
      expect(JSON.parse(meta.kdf)).toMatchObject({ alg: 'scrypt', N: 131072, r: 8, p: 1 });
      expect(meta.wrapped_master.length).toBe(1 + 12 + 16 + 32);
    } finally {
      cleanup();
    }
  });
});
