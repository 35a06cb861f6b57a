/** `switchboard vault rotate` in passphrase mode: the current passphrase is proven, the new one is given on purpose. */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { inProcessCli } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';

// In this process with no keychain, as on a headless Linux box without a Secret Service.
const runSwitchboard = inProcessCli({ keyStore: noKeyStore });
const OLD = 'correct horse battery';
const NEXT = 'tangerine lighthouse orbit';

describe('CLI vault rotate without a keychain', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const env = (extra: Record<string, string | undefined> = {}) => ({ SWITCHBOARD_DATA_DIR: dir, ...extra });
  const generation = async (): Promise<number> =>
    (JSON.parse((await runSwitchboard(['vault', 'status', '--json'], { env: env() })).stdout) as { generation: number }).generation;

  it('refuses a wrong current passphrase, or no new one, and changes nothing', async () => {
    await runSwitchboard(['workspace', 'create', 'Acme'], { env: env() });
    expect(
      (
        await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline'], {
          stdin: JSON.stringify(FAKE.anthropic),
          env: env({ SWITCHBOARD_PASSPHRASE: OLD }),
        })
      ).code,
    ).toBe(0);
    writeFileSync(`${dir}/new.txt`, `${NEXT}\n`, { mode: 0o600 });

    const wrong = await runSwitchboard(['vault', 'rotate', '--new-passphrase-file', `${dir}/new.txt`], {
      env: env({ SWITCHBOARD_PASSPHRASE: 'wrong horse battery' }),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe('switchboard: That passphrase is not correct.');

    const noNew = await runSwitchboard(['vault', 'rotate'], { env: env({ SWITCHBOARD_PASSPHRASE: OLD }) });
    expect(noNew.code).toBe(2);
    expect(noNew.stderr.trim()).toBe(
      'switchboard: A new passphrase is needed: pass --new-passphrase-file (no terminal to ask on); nothing was changed.',
    );

    writeFileSync(`${dir}/short.txt`, 'tangerine\n', { mode: 0o600 });
    const short = await runSwitchboard(['vault', 'rotate', '--new-passphrase-file', `${dir}/short.txt`], {
      env: env({ SWITCHBOARD_PASSPHRASE: OLD }),
    });
    expect(short.code).toBe(2);
    expect(short.stderr.trim()).toBe('switchboard: The passphrase must be at least 12 characters long. Nothing was changed.');
    expect(await generation()).toBe(1);
  });

  it('rotates with the new passphrase from a file: every secret opens with it, the old passphrase opens nothing', async () => {
    const r = await runSwitchboard(['vault', 'rotate', '--new-passphrase-file', `${dir}/new.txt`], {
      env: env({ SWITCHBOARD_PASSPHRASE: OLD }),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Master key rotated (generation 2); every data key was re-wrapped.');
    expect(await generation()).toBe(2);

    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      await expect(core.start({ passphrase: OLD })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      await core.start({ passphrase: NEXT });
      const [key] = core.credentials.list(core.workspaces.find('Acme').id);
      expect(core.credentials.reveal(key?.id ?? '', 'cli').apiKey).toBe(FAKE.anthropic.apiKey);
    } finally {
      core.close();
    }
  });
});
