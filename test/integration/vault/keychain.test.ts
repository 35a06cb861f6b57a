import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { osKeyStore } from '../../../electron/core/vault/keychain';
import { FAKE, tempDir } from '../../helpers/core';

// Runs against the real Secret Service that `scripts/with-keyring.mjs` starts (npm run test:unit).
const hasSecretService = process.env.SWITCHBOARD_KEYRING_SESSION === '1';

describe.skipIf(!hasSecretService)('OS keychain (Secret Service)', () => {
  it('stores, reads and deletes a 32-byte key', () => {
    const account = `test:${randomUUID()}`;
    const key = randomBytes(32);
    osKeyStore.set(account, key);
    expect(osKeyStore.get(account)?.equals(key)).toBe(true);
    osKeyStore.delete(account);
    expect(osKeyStore.get(account)).toBeNull();
  });

  it('keeps the vault master key there across restarts of the core', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = createCore({ dataDir: dir, actor: 'cli' });
      expect(await first.start()).toEqual({ mode: 'keychain', created: true });
      const ws = first.workspaces.create({ name: 'Acme' }, 'cli');
      const key = first.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'cli');
      first.close();
      const second = createCore({ dataDir: dir, actor: 'cli' });
      expect(await second.start()).toEqual({ mode: 'keychain', created: false });
      expect(second.credentials.reveal(key.id, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
      await second.vault.rotateMasterKey();
      second.close();
      const third = createCore({ dataDir: dir, actor: 'cli' });
      await third.start();
      expect(third.credentials.reveal(key.id, 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
      third.close();
    } finally {
      cleanup();
    }
  });
});
