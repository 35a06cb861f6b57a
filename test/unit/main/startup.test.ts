import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { dbFile } from '../../../electron/core/paths';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { openCore, startupFailureSentence } from '../../../electron/main/startup';
import { tempDir } from '../../helpers/core';

describe('desktop start-up', () => {
  it('opens with the vault not set up on a machine without a keychain, so the vault screen can ask for a passphrase', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const core = await openCore({ dataDir: dir, actor: 'console', keyStore: noKeyStore });
      expect(core.vault.status()).toMatchObject({ initialized: false, locked: true });
      core.close();
    } finally {
      cleanup();
    }
  });

  it('refuses data from a newer Switchboard with one sentence and leaves the file as it was', async () => {
    const { dir, cleanup } = tempDir();
    try {
      createCore({ dataDir: dir, actor: 'console', keyStore: noKeyStore }).close();
      const db = new Database(dbFile(dir));
      db.pragma('user_version = 999');
      db.close();
      const err: unknown = await openCore({ dataDir: dir, actor: 'console', keyStore: noKeyStore }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DB_TOO_NEW' });
      expect(startupFailureSentence(err)).toMatch(
        /^This data was written by a newer Switchboard \(schema 999, this app knows \d+\); update the app to open it\.$/,
      );
      const after = new Database(dbFile(dir), { readonly: true });
      expect(after.pragma('user_version', { simple: true })).toBe(999);
      after.close();
    } finally {
      cleanup();
    }
  });

  it('says a plain sentence for a failure without a code, never its internals', () => {
    const sentence = startupFailureSentence(new Error('EACCES: permission denied, open /home/someone/.config/Switchboard/switchboard.db'));
    expect(sentence).toBe('Switchboard could not open its data folder; nothing was changed.');
  });
});
