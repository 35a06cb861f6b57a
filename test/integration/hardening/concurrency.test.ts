/**
 * Twenty real CLI processes writing to one workspace in one data folder at the same moment: each
 * either succeeds or fails with one clear sentence (never SQLITE_BUSY, an internal error or a
 * stack), every write that reported success is there afterwards, the audit chain still verifies
 * and the vault still opens every key.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { dbFile } from '../../../electron/core/paths';
import { BUSY_SENTENCE } from '../../../electron/core/store/busy';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { type CliRun, runSwitchboard } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';

// Passphrase mode, no Secret Service: every writer derives the key itself, which keeps them busy at once.
const PASSPHRASE = 'correct horse battery';
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus', SWITCHBOARD_PASSPHRASE: PASSPHRASE };

/** One writer: its command, its stdin, and what must be found afterwards if it succeeded. */
interface Writer {
  readonly args: string[];
  readonly stdin?: string;
  readonly kind: 'key' | 'country' | 'campaign' | 'dnc' | 'workspace';
  readonly value: string;
}

/** A failure the operator can read: one line, a sentence, no internals. */
function isClearFailure(r: CliRun): boolean {
  const lines = r.stderr.trim().split('\n');
  return (
    lines.length === 1 &&
    /^switchboard: [A-Z][^\n]*[.)]$/.test(lines[0] ?? '') &&
    !/internal error|SQLITE|Error:|\bat \S+:\d+/.test(r.stderr)
  );
}

describe('twenty CLI writers on one workspace at once', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const env = { ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: '' };

  it('lets each succeed or fail in one sentence, keeps every successful write, and leaves the audit log and vault whole', async () => {
    env.SWITCHBOARD_DATA_DIR = join(dir, 'data');
    expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env })).code).toBe(0);
    const first = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', 'Base'], {
      stdin: JSON.stringify(FAKE.anthropic),
      env,
    });
    expect(first.code).toBe(0);
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(contacts, 'phone,first_name,timezone\n+14152000001,Ann,America/New_York\n+14152000002,Bob,America/New_York\n');
    const template = join(dir, 'template.txt');
    writeFileSync(template, 'Hi {{first_name}}, see you soon.\n');

    const keyWriters: Writer[] = [
      ...['A1', 'A2', 'A3'].map((n) => ({
        args: ['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', n],
        stdin: JSON.stringify(FAKE.anthropic),
        kind: 'key' as const,
        value: n,
      })),
      ...['T1', 'T2', 'T3'].map((n) => ({
        args: ['key', 'set', 'Acme', 'twilio', '--offline', '--nickname', n],
        stdin: JSON.stringify(FAKE.twilio),
        kind: 'key' as const,
        value: n,
      })),
      ...['R1', 'R2'].map((n) => ({
        args: ['key', 'set', 'Acme', 'resend', '--offline', '--env', 'test', '--nickname', n],
        stdin: JSON.stringify(FAKE.resend),
        kind: 'key' as const,
        value: n,
      })),
    ];
    const writers: Writer[] = [
      ...keyWriters,
      ...['US', 'GB', 'IN', 'CA'].map((c) => ({ args: ['workspace', 'set', 'Acme', '--country', c], kind: 'country' as const, value: c })),
      ...['C1', 'C2', 'C3', 'C4'].map((n) => ({
        args: [
          'campaign',
          'create',
          'Acme',
          '--channel',
          'sms',
          '--contacts',
          contacts,
          '--template',
          template,
          '--name',
          n,
          '--country',
          'US',
        ],
        kind: 'campaign' as const,
        value: n,
      })),
      ...['+14155550181', '+14155550182'].map((n) => ({ args: ['dnc', 'add', 'Acme', n], kind: 'dnc' as const, value: n })),
      ...['Side One', 'Side Two'].map((n) => ({ args: ['workspace', 'create', n], kind: 'workspace' as const, value: n })),
    ];
    expect(writers).toHaveLength(20);

    // All twenty spawned in the same tick; the generous limit is for a loaded two-core machine.
    const runs = await Promise.all(writers.map((w) => runSwitchboard(w.args, { stdin: w.stdin, env, timeoutMs: 240_000 })));
    const outcomes = writers.map((w, i) => ({ w, r: runs[i] as CliRun }));
    for (const { w, r } of outcomes) {
      const label = `${w.args.slice(0, 2).join(' ')} ${w.value}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`;
      // Killed by the timeout (-1) or crashed (any other code without a sentence) both fail here.
      expect(r.code === 0 ? r.stderr === '' : r.code > 0 && isClearFailure(r), label).toBe(true);
    }
    const ok = outcomes.filter((o) => o.r.code === 0).map((o) => o.w);
    // Contention may refuse a few in a sentence; most must get through.
    expect(ok.length).toBeGreaterThanOrEqual(15);

    const core = createCore({ dataDir: env.SWITCHBOARD_DATA_DIR, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      await core.start({ passphrase: PASSPHRASE });
      const ws = core.workspaces.find('Acme');
      const keys = core.credentials.list(ws.id);
      const nicknames = keys.map((k) => k.nickname);
      for (const w of ok.filter((x) => x.kind === 'key')) expect(nicknames).toContain(w.value);
      expect(nicknames).toContain('Base');
      // Every key stored, whichever process wrote it, opens with the one master key.
      for (const k of keys) expect(Object.values(core.credentials.reveal(k.id, 'cli')).length).toBeGreaterThan(0);
      expect(core.credentials.reveal(keys.find((k) => k.nickname === 'T1')?.id ?? keys[0]?.id ?? '', 'cli')).toMatchObject(
        ok.some((w) => w.value === 'T1') ? { authToken: FAKE.twilio.authToken } : {},
      );

      const countries = ok.filter((w) => w.kind === 'country').map((w) => w.value);
      if (countries.length > 0) expect(countries).toContain(ws.defaultCountry);
      const campaigns = core.campaigns.list(ws.id).map((c) => c.name);
      for (const w of ok.filter((x) => x.kind === 'campaign')) expect(campaigns).toContain(w.value);
      const blocked = core.campaigns.dnc.list({ kind: 'workspace', workspaceId: ws.id }).entries.map((e) => e.address);
      for (const w of ok.filter((x) => x.kind === 'dnc')) expect(blocked).toContain(w.value);
      const names = core.workspaces.list().map((x) => x.name);
      for (const w of ok.filter((x) => x.kind === 'workspace')) expect(names).toContain(w.value);

      const verdict = core.audit.verify();
      expect(verdict).toMatchObject({ ok: true });
      // One credential.add row per key that reported success (plus the first one), no more, no fewer.
      expect(core.audit.list({ action: 'credential.add' }).length).toBe(1 + ok.filter((w) => w.kind === 'key').length);
    } finally {
      core.close();
    }
    const verify = await runSwitchboard(['audit', 'verify'], { env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^The audit log is intact: \d+ rows, every link checked\.\n$/);
  }, 400_000);

  it('refuses in one sentence, and changes nothing, when another writer holds the database past the busy timeout', async () => {
    const env = { ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: join(dir, 'busy') };
    expect((await runSwitchboard(['workspace', 'create', 'Acme', '--country', 'US'], { env })).code).toBe(0);
    // Another process (a campaign import of a huge file, the app) keeps its write transaction open.
    const holder = new Database(dbFile(env.SWITCHBOARD_DATA_DIR));
    let blocked: CliRun;
    const before = (
      holder.prepare("SELECT default_country FROM workspaces WHERE name = 'Acme'").get() as { default_country: string | null }
    ).default_country;
    try {
      holder.prepare('BEGIN IMMEDIATE').run();
      blocked = await runSwitchboard(['workspace', 'set', 'Acme', '--country', before === 'FR' ? 'DE' : 'FR'], { env, timeoutMs: 240_000 });
      holder.prepare('ROLLBACK').run();
    } finally {
      holder.close();
    }
    expect(blocked.code, blocked.stderr).toBeGreaterThan(0);
    expect(isClearFailure(blocked), blocked.stderr).toBe(true);
    expect(blocked.stderr).toBe(`switchboard: ${BUSY_SENTENCE}\n`);
    const after = await runSwitchboard(['workspace', 'list', '--json'], { env });
    expect(
      (JSON.parse(after.stdout) as { name: string; defaultCountry: string | null }[]).find((w) => w.name === 'Acme')?.defaultCountry,
    ).toBe(before);
    // Once the other writer is done, the same command goes through.
    expect((await runSwitchboard(['workspace', 'set', 'Acme', '--country', 'FR'], { env })).code).toBe(0);
  }, 300_000);
});
