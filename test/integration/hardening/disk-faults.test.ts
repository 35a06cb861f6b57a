/**
 * The real CLI on a data folder whose disk is full (a tiny tmpfs, filled up) and on one mounted
 * read-only, inside a private mount namespace (unshare -rm; nothing outside sees the mounts).
 * Every command says one sentence and exits 1; once there is room again (or the folder is
 * writable again) every table holds the rows it held before, the keys list the same, the vault
 * opens with its passphrase and gives back the key stored before, and the audit chain verifies.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { FAULT_SENTENCES } from '../../../electron/core/store/faults';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { type CliRun, runSwitchboard } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';
import { expectRefusal, rowCounts } from '../../helpers/hardening';
import { smsCsv, usNumbers } from '../../helpers/messaging';
import { type Namespace, namespacesWork, openNamespace } from '../../helpers/namespace';

const PASS = 'correct horse battery';
const ENV = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus', SWITCHBOARD_PASSPHRASE: PASS };
const SECOND_KEY = { apiKey: 'sk-ant-api03-SECONDsecondSECONDsecond-7yPb' };
const WORKS = namespacesWork();

/** Opens a copy of the data folder with the passphrase and returns the stored Anthropic key. */
async function unlockAndReveal(dataDir: string): Promise<Record<string, string>> {
  const core = createCore({ dataDir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
  try {
    await core.start({ passphrase: PASS });
    const ws = core.workspaces.list().find((w) => w.name === 'Acme');
    const key = core.credentials.list(ws?.id ?? '').find((k) => k.provider === 'anthropic');
    return core.credentials.reveal(key?.id ?? '', 'cli');
  } finally {
    core.close();
  }
}

describe.skipIf(!WORKS)('the CLI on a full disk and a read-only data folder', () => {
  let dir: string;
  let cleanup: () => void;
  let populated: string;
  /** `key list Acme --json` before any fault. */
  let keysBefore: string;
  let contacts: string;
  let template: string;
  /** The keys list as before and the audit chain verifies (which appends a row: call it last). */
  const expectIntact = async (run: (args: string[]) => Promise<CliRun>): Promise<void> => {
    expect((await run(['key', 'list', 'Acme', '--json'])).stdout).toBe(keysBefore);
    expect((await run(['audit', 'verify'])).stdout).toMatch(/^The audit log is intact: \d+ rows, every link checked\.\n$/);
  };
  /** The three writes tried against each fault. */
  const writes = (): { name: string; args: string[]; stdin?: string }[] => [
    { name: 'key set', args: ['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', 'Second'], stdin: JSON.stringify(SECOND_KEY) },
    { name: 'workspace create', args: ['workspace', 'create', 'Globex'] },
    {
      name: 'campaign create',
      args: ['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', contacts, '--template', template, '--window', '00:00-24:00'],
    },
  ];

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    populated = join(dir, 'populated');
    contacts = join(dir, 'contacts.csv');
    template = join(dir, 'sms.txt');
    writeFileSync(contacts, smsCsv(usNumbers(3000)));
    writeFileSync(template, 'Hi {{first_name}}, your parcel ships today.\n');
    const run = (args: string[], stdin?: string) => runSwitchboard(args, { stdin, env: { ...ENV, SWITCHBOARD_DATA_DIR: populated } });
    expect((await run(['workspace', 'create', 'Acme'])).code).toBe(0);
    expect((await run(['key', 'set', 'Acme', 'anthropic', '--offline'], JSON.stringify(FAKE.anthropic))).code).toBe(0);
    expect(
      (await run(['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', contacts, '--template', template, '--name', 'Before']))
        .code,
    ).toBe(0);
    keysBefore = (await run(['key', 'list', 'Acme', '--json'])).stdout;
    expect(JSON.parse(keysBefore)).toHaveLength(1);
  }, 240_000);
  afterAll(() => cleanup());

  describe('a full disk', () => {
    let ns: Namespace;
    let mnt: string;
    let data: string;
    const run = (args: string[], stdin?: string) => ns.cli(args, { stdin, env: { ...ENV, SWITCHBOARD_DATA_DIR: data } });
    /** The database as it is inside the namespace, counted from a copy taken out of it. */
    let copies = 0;
    const countsInside = async (): Promise<Record<string, number>> => {
      copies += 1;
      const copy = join(dir, `copy-${copies}`);
      expect((await ns.sh(`mkdir -p '${copy}' && cp -a '${data}/.' '${copy}/'`)).code).toBe(0);
      return rowCounts(copy);
    };
    beforeAll(async () => {
      mnt = join(dir, 'tiny');
      data = join(mnt, 'data');
      cpSync(populated, join(dir, 'tiny-seed'), { recursive: true });
      ns = await openNamespace(
        `mkdir -p '${mnt}' && mount -t tmpfs -o size=16m tmpfs '${mnt}' && cp -a '${join(dir, 'tiny-seed')}' '${data}'`,
      );
    });
    afterAll(async () => ns?.close());

    it('refuses each write with one sentence while the disk has no room at all, and loses nothing', async () => {
      const start = await countsInside();
      const fill = await ns.sh(`cat /dev/zero > '${mnt}/filler' 2>/dev/null; df -k '${mnt}' | tail -1`);
      expect(fill.stdout.trim().split(/\s+/)[3]).toBe('0');
      for (const w of writes()) {
        const r = await run(w.args, w.stdin);
        expectRefusal(r, 1, FAULT_SENTENCES.full);
        expect(r.stderr).not.toContain('SECONDsecond');
      }
      expect((await ns.sh(`rm '${mnt}/filler'`)).code).toBe(0);
      expect(await countsInside()).toEqual(start);
      await expectIntact(run);
    }, 240_000);

    it('refuses a campaign that does not fit in the room left, midway through writing it, and loses nothing', async () => {
      const start = await countsInside();
      // 64 KB free: the database opens and the write starts, then SQLite finds no page to grow into.
      const fill = await ns.sh(`cat /dev/zero > '${mnt}/filler' 2>/dev/null; truncate -s -64K '${mnt}/filler' && df -k '${mnt}' | tail -1`);
      expect(Number(fill.stdout.trim().split(/\s+/)[3])).toBeGreaterThan(0);
      const r = await run(writes()[2]?.args ?? []);
      expectRefusal(r, 1, FAULT_SENTENCES.full);
      expect((await ns.sh(`rm '${mnt}/filler'`)).code).toBe(0);
      expect(await countsInside()).toEqual(start);
      await expectIntact(run);
    }, 240_000);

    it('answers the console’s IPC writes with the same sentence when the disk fills while the app is open', async () => {
      const start = await countsInside();
      const r = await ns.node(join(__dirname, '..', '..', 'helpers', 'ipc-on-full-disk.ts'), {
        env: { ...ENV, SWITCHBOARD_DATA_DIR: data, FILLER: join(mnt, 'filler') },
      });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as {
        full: Record<string, unknown>;
        after: { workspaces: { ok: boolean; value: { name: string }[] }; keys: { ok: boolean; value: { nickname: string }[] } };
      };
      const refused = { ok: false, error: { code: 'STORAGE', message: FAULT_SENTENCES.full } };
      expect(out.full).toEqual({ create: refused, add: refused, campaign: refused });
      expect(out.after.workspaces.value.map((w) => w.name).sort()).toEqual(['Acme', 'Agency']);
      expect(out.after.keys.value.map((k) => k.nickname)).toEqual(['Anthropic production']);
      expect(r.stdout).not.toContain('THIRDthird');
      // The app's own unlock (before the disk filled) is audited: one row more there, and nothing else.
      expect(await countsInside()).toEqual({ ...start, audit_log: (start.audit_log ?? 0) + 1 });
    }, 240_000);

    it('works again once there is room: the vault opens and the key stored before reads back', async () => {
      const copy = join(dir, 'after-full');
      expect((await ns.sh(`cp -a '${data}' '${copy}'`)).code).toBe(0);
      expect(await unlockAndReveal(copy)).toEqual(FAKE.anthropic);
      expect((await run(['workspace', 'create', 'Globex'])).code).toBe(0);
    }, 240_000);
  });

  describe('a read-only data folder', () => {
    let ns: Namespace;
    let data: string;
    const run = (args: string[], stdin?: string) => ns.cli(args, { stdin, env: { ...ENV, SWITCHBOARD_DATA_DIR: data } });
    beforeAll(async () => {
      data = join(dir, 'read-only');
      cpSync(populated, data, { recursive: true });
      ns = await openNamespace(`mount --bind '${data}' '${data}' && mount -o remount,bind,ro '${data}'`);
    });
    afterAll(async () => ns?.close());

    it('refuses each write with one sentence, and loses nothing once the folder is writable again', async () => {
      const start = rowCounts(data);
      expect((await ns.sh(`touch '${data}/probe'`)).code).not.toBe(0);
      for (const w of writes()) {
        const r = await run(w.args, w.stdin);
        expectRefusal(r, 1, FAULT_SENTENCES.readOnly);
        expect(r.stderr).not.toContain('SECONDsecond');
      }
      // Reads need SQLite's -shm file, which cannot be made there either: the same sentence, not a crash.
      expectRefusal(await run(['key', 'list', 'Acme']), 1, FAULT_SENTENCES.readOnly);
      expect((await ns.sh(`mount -o remount,bind,rw '${data}'`)).code).toBe(0);
      expect(rowCounts(data)).toEqual(start);
      await expectIntact(run);
      expect(await unlockAndReveal(data)).toEqual(FAKE.anthropic);
      expect((await run(['workspace', 'create', 'Globex'])).code).toBe(0);
    }, 240_000);
  });
});
