/** A passphrase that was handed over and is wrong is refused by every command, even those that never unlock. */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { inProcessCli } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';

// In this process with no keychain, as on a headless Linux box without a Secret Service.
const runSwitchboard = inProcessCli({ keyStore: noKeyStore });
const RIGHT = 'correct horse battery';
const WRONG = 'wrong-passphrase';

describe('CLI with a wrong passphrase', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    await runSwitchboard(['workspace', 'create', 'Acme'], { env: env() });
    const set = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline'], {
      stdin: JSON.stringify(FAKE.anthropic),
      env: env({ SWITCHBOARD_PASSPHRASE: RIGHT }),
    });
    expect(set.code).toBe(0);
  });
  afterAll(() => cleanup());
  const env = (extra: Record<string, string | undefined> = {}) => ({ SWITCHBOARD_DATA_DIR: dir, ...extra });

  it.each([
    ['key list', ['key', 'list', 'Acme']],
    ['workspace list', ['workspace', 'list']],
    ['audit verify', ['audit', 'verify']],
    ['vault status', ['vault', 'status']],
  ])('refuses it for %s, in one sentence, exit 2, printing nothing else', async (_name, args) => {
    const r = await runSwitchboard(args, { env: env({ SWITCHBOARD_PASSPHRASE: WRONG }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('switchboard: That passphrase is not correct.');
  });

  it('refuses one read from --passphrase-file too, and in --json mode answers with the code', async () => {
    writeFileSync(`${dir}/wrong.txt`, `${WRONG}\n`, { mode: 0o600 });
    const r = await runSwitchboard(['--passphrase-file', `${dir}/wrong.txt`, '--json', 'key', 'list', 'Acme'], { env: env() });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: 'That passphrase is not correct.' } });
  });

  it('changes nothing when a command that writes is given a wrong one', async () => {
    const r = await runSwitchboard(['workspace', 'create', 'Globex'], { env: env({ SWITCHBOARD_PASSPHRASE: WRONG }) });
    expect(r.code).toBe(2);
    const list = JSON.parse((await runSwitchboard(['workspace', 'list', '--json'], { env: env() })).stdout) as { name: string }[];
    expect(list.map((w) => w.name)).toEqual(['Agency', 'Acme']);
  });

  it('still runs those commands with the right passphrase, or with none', async () => {
    const right = await runSwitchboard(['key', 'list', 'Acme', '--json'], { env: env({ SWITCHBOARD_PASSPHRASE: RIGHT }) });
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toHaveLength(1);
    expect((await runSwitchboard(['audit', 'verify'], { env: env({ SWITCHBOARD_PASSPHRASE: RIGHT }) })).code).toBe(0);
    expect((await runSwitchboard(['workspace', 'list'], { env: env() })).code).toBe(0);
  });
});
