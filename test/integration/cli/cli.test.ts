import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { inProcessCli } from '../../helpers/cli';
import { FAKE, memoryKeyStore, tempDir } from '../../helpers/core';

// The CLI runs in this process with no keychain, as on a headless Linux box without a Secret Service.
const runSwitchboard = inProcessCli({ keyStore: noKeyStore });

describe('CLI without a keychain (passphrase mode)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const env = (extra: Record<string, string | undefined> = {}) => ({ SWITCHBOARD_DATA_DIR: dir, ...extra });

  it('creates workspaces without touching the vault', async () => {
    const r = await runSwitchboard(['workspace', 'create', 'Acme', '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'Acme', kind: 'client', mode: 'byok' });
  });

  it('refuses to create a vault with no keychain and no passphrase, and changes nothing', async () => {
    const r = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline'], { stdin: JSON.stringify(FAKE.anthropic), env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^switchboard: A passphrase is needed: set SWITCHBOARD_PASSPHRASE or pass --passphrase-file/);
    expect((await runSwitchboard(['key', 'list', 'Acme', '--json'], { env: env() })).stdout.trim()).toBe('[]');
  });

  it('stores a key in passphrase mode when given a passphrase', async () => {
    const r = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', 'Prod'], {
      stdin: JSON.stringify(FAKE.anthropic),
      env: env({ SWITCHBOARD_PASSPHRASE: 'correct horse battery' }),
    });
    expect(r.stderr).toContain('passphrase mode');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(FAKE.anthropic.apiKey);
    const status = JSON.parse((await runSwitchboard(['vault', 'status', '--json'], { env: env() })).stdout);
    expect(status).toMatchObject({ initialized: true, mode: 'passphrase' });
  });

  it('says clearly when the passphrase is wrong', async () => {
    const r = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline'], {
      stdin: JSON.stringify(FAKE.anthropic),
      env: env({ SWITCHBOARD_PASSPHRASE: 'wrong horse battery' }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('switchboard: That passphrase is not correct.');
    const keys = JSON.parse((await runSwitchboard(['key', 'list', 'Acme', '--json'], { env: env() })).stdout) as unknown[];
    expect(keys).toHaveLength(1);
  });

  it('reads the passphrase from a file', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/pass.txt`, 'correct horse battery\n', { mode: 0o600 });
    const r = await runSwitchboard(['--passphrase-file', `${dir}/pass.txt`, 'key', 'set', 'Acme', 'openai', '--offline'], {
      stdin: JSON.stringify({ apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz012345' }),
      env: env(),
    });
    expect(r.code).toBe(0);
  });
});

describe('CLI contract', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  // The contract is the same in either vault mode; a keychain keeps each run free of the passphrase's deliberate scrypt cost.
  const cli = inProcessCli({ keyStore: memoryKeyStore() });
  const run = (args: string[], stdin?: string) => cli(args, { stdin, env: { SWITCHBOARD_DATA_DIR: dir } });

  it('lists the catalog with every provider id and field', async () => {
    const r = await run(['providers', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; fields: { name: string; secret: boolean }[] }[];
    expect(list.map((p) => p.id)).toHaveLength(16);
    expect(list.find((p) => p.id === 'twilio')?.fields.find((f) => f.name === 'authToken')?.secret).toBe(true);
  });

  it('answers bad input with one sentence and exit code 2', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['frobnicate'], undefined, /unknown command/],
      [['workspace', 'create', 'X', '--mode', 'cheap'], undefined, /The mode must be byok or bundled\./],
      [
        ['key', 'set', 'Nobody', 'anthropic'],
        JSON.stringify(FAKE.anthropic),
        /^switchboard: No workspace has that id or name; `switchboard workspace list` shows them\.$/m,
      ],
      [['key', 'list'], undefined, /missing required argument/],
    ];
    await run(['workspace', 'create', 'Acme']);
    cases.push([['key', 'set', 'Acme', 'nope'], '{}', /^switchboard: That is not a provider id; see `switchboard providers`/]);
    cases.push([['key', 'set', 'Acme', 'anthropic'], '{not json', /Standard input is not valid JSON/]);
    cases.push([['key', 'set', 'Acme', 'anthropic'], '{"apiKey": 42}', /must be a string/]);
    cases.push([['key', 'set', 'Acme', 'anthropic'], '{"apiKey": "hunter2hunter2"}', /API key does not look like/]);
    for (const [args, stdin, sentence] of cases) {
      const r = await run(args, stdin);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(sentence);
      expect(r.stderr).not.toContain('hunter2');
    }
  });

  it('never takes a secret on the command line', async () => {
    const r = await run(['key', 'set', 'Acme', 'anthropic', '--api-key', FAKE.anthropic.apiKey]);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain(FAKE.anthropic.apiKey);
  });

  it('never repeats a secret typed or pasted in the wrong place', async () => {
    const secret = FAKE.anthropic.apiKey;
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['key', 'set', 'Acme', 'anthropic', `--api-key=${secret}`],
        undefined,
        /^switchboard: unknown option: that option is not known to `switchboard key set`; see `switchboard key set --help`\.$/,
      ],
      [[secret], undefined, /^switchboard: unknown command: that is not a command of `switchboard`; see `switchboard --help`\.$/],
      [['key', secret], undefined, /^switchboard: unknown command: that is not a command of `switchboard key`/],
      [['key', 'list', 'Acme', secret], undefined, /^switchboard: too many arguments: `switchboard key list` takes at most 1/],
      [['key', 'set', 'Acme', secret], '{}', /^switchboard: That is not a provider id/],
      [
        ['key', 'set', 'Acme', 'anthropic'],
        JSON.stringify({ [secret]: 'x' }),
        /^switchboard: One of the field names given is not an Anthropic field; the fields are apiKey\.$/,
      ],
      [['key', 'set', 'Acme', 'anthropic'], JSON.stringify({ [secret]: 42 }), /^switchboard: Every field value must be a string/],
      [['key', 'list', secret], undefined, /^switchboard: No workspace has that id or name; `switchboard workspace list` shows them\.$/],
    ];
    for (const [args, stdin, sentence] of cases) {
      const r = await run(args, stdin);
      const label = sentence.source.slice(0, 40);
      expect(r.code, label).toBe(2);
      expect(r.stdout + r.stderr, label).not.toContain(secret.slice(7, 20));
      expect(r.stderr.trim().split('\n'), label).toHaveLength(1);
      expect(r.stderr.trim(), label).toMatch(sentence);
    }
    const json = await run(['key', 'set', 'Acme', 'anthropic', `--api-key=${secret}`, '--json']);
    expect(json.stdout + json.stderr).not.toContain(secret.slice(7, 20));
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('prints errors as JSON in --json mode', async () => {
    const r = await run(['key', 'list', 'Nobody', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No workspace has that id or name; `switchboard workspace list` shows them.' },
    });
  });

  it('switches mode, deletes a key, and verifies the audit log', async () => {
    expect((await run(['key', 'set', 'Acme', 'anthropic', '--offline'], JSON.stringify(FAKE.anthropic))).code).toBe(0);
    expect((await run(['workspace', 'mode', 'Acme', 'bundled'])).code).toBe(0);
    const listed = JSON.parse((await run(['workspace', 'list', '--json'])).stdout) as { name: string; mode: string }[];
    expect(listed.find((w) => w.name === 'Acme')?.mode).toBe('bundled');
    expect(JSON.parse((await run(['key', 'list', 'Acme', '--json'])).stdout)).toHaveLength(1);
    const del = await run(['key', 'delete', 'Acme', 'anthropic']);
    expect(del.code).toBe(0);
    expect((await run(['key', 'delete', 'Acme', 'anthropic'])).code).toBe(2);
    const verify = await run(['audit', 'verify', '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    const deletes = JSON.parse(
      (await run(['audit', 'export', '--format', 'json', '--workspace', 'Acme', '--action', 'credential.delete'])).stdout,
    ) as { action: string }[];
    expect(deletes.map((r) => r.action)).toEqual(['credential.delete']);
    expect(await run(['audit', 'export', '--action', 'x; drop'])).toMatchObject({
      code: 2,
      stderr: 'switchboard: An action looks like credential.reveal or campaign.start.\n',
    });
  });
});
