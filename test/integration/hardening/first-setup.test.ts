/**
 * Twenty `key set` processes started at once on a fresh data folder (a workspace, no vault yet):
 * one sets the vault up, the other nineteen open what it created, and all twenty keys are stored.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { FAKE, tempDir } from '../../helpers/core';
import { runCliProcess } from '../../helpers/cli-process';

// Passphrase mode (no Secret Service): each process derives its key for a while, which widens the race.
const PASSPHRASE = 'correct horse battery';
const CREATED = 'No system keychain: the vault was created in passphrase mode; every later command needs the same passphrase.\n';

describe('the vault’s first set-up under concurrency', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('stores all twenty keys when twenty first `key set` processes race on a fresh data folder', async () => {
    const env = {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus',
      SWITCHBOARD_PASSPHRASE: PASSPHRASE,
      SWITCHBOARD_DATA_DIR: join(dir, 'data'),
    };
    expect((await runCliProcess(['workspace', 'create', 'Acme'], { env })).code).toBe(0);
    const nicknames = Array.from({ length: 20 }, (_, i) => `K${i + 1}`);
    const runs = await Promise.all(
      nicknames.map((n) =>
        runCliProcess(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', n], {
          stdin: JSON.stringify(FAKE.anthropic),
          env,
          timeoutMs: 240_000,
        }),
      ),
    );
    for (const [i, r] of runs.entries())
      expect
        .soft({ nickname: nicknames[i], code: r.code, stderr: r.stderr.replace(CREATED, '') })
        .toEqual({ nickname: nicknames[i], code: 0, stderr: '' });
    // One process created the vault and said so; the other nineteen opened it in silence.
    expect(runs.filter((r) => r.stderr.includes(CREATED))).toHaveLength(1);
    const core = createCore({ dataDir: env.SWITCHBOARD_DATA_DIR, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      await core.start({ passphrase: PASSPHRASE });
      const keys = core.credentials.list(core.workspaces.find('Acme').id);
      expect(keys.map((k) => k.nickname).sort()).toEqual([...nicknames].sort());
      // One master key opens every one of them, whichever process wrote it.
      for (const k of keys) expect(core.credentials.reveal(k.id, 'cli')).toMatchObject({ apiKey: FAKE.anthropic.apiKey });
      expect(core.audit.list({ action: 'vault.create' })).toHaveLength(1);
      expect(core.audit.verify()).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
  }, 300_000);
});
