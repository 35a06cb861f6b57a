/**
 * Bundles with the real `age` command-line tool on both sides: age decrypts what Switchboard
 * exports, and Switchboard imports what age encrypted to its recipient. A damaged, cut-short or
 * wrongly-locked file is refused with one sentence and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport, exportBundle, planImport } from '../../../electron/core/offline/bundle';
import { encryptText } from '../../../electron/core/offline/bundle-file';
import { agencyIdentity } from '../../../electron/core/offline/identities';
import { AppError } from '../../../shared/errors';
import { runSwitchboard } from '../../helpers/cli';
import { FAKE, makeCore, tempDir } from '../../helpers/core';
import { expectNoLeakInDir } from '../../helpers/leaks';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

/** What a failed import may not change: workspaces, keys (with their versions) and the audit log. */
function snapshot(core: TestCore): string {
  return JSON.stringify([
    core.workspaces.list({ includeArchived: true }),
    core.workspaces.list({ includeArchived: true }).map((w) => core.credentials.list(w.id)),
    core.audit.list({ limit: 1000 }).length,
  ]);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('bundles', () => {
  let a: TestCore;
  let b: TestCore;
  let files: { dir: string; cleanup: () => void };
  beforeEach(async () => {
    a = await makeCore();
    b = await makeCore();
    files = tempDir();
    const acme = a.workspaces.create({ name: 'Acme', mode: 'bundled' }, 'console');
    a.credentials.add({ workspaceId: acme.id, provider: 'twilio', fields: FAKE.twilio }, 'console');
    a.credentials.add({ workspaceId: acme.id, provider: 'resend', fields: FAKE.resend, nickname: 'Newsletters' }, 'console');
    a.credentials.add({ workspaceId: a.workspaces.agency().id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
  });
  afterEach(() => {
    a.dispose();
    b.dispose();
    files.cleanup();
  });

  it('exports a file the age CLI decrypts with its own identity', async () => {
    const keyFile = join(files.dir, 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
    const out = join(files.dir, 'acme.age');
    writeFileSync(
      out,
      await exportBundle(
        a,
        { workspaceIds: [a.workspaces.find('Acme').id, a.workspaces.agency().id], lock: { recipients: [recipient] } },
        'console',
      ),
    );
    expect(readFileSync(out, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    const plain = JSON.parse(execFileSync('age', ['-d', '-i', keyFile, out], { encoding: 'utf8' })) as {
      workspaces: { name: string; mode: string; credentials: { provider: string; fields: Record<string, string> }[] }[];
    };
    expect(plain.workspaces.map((w) => w.name)).toEqual(['Acme', 'Agency']);
    expect(plain.workspaces[0]?.mode).toBe('bundled');
    expect(plain.workspaces[0]?.credentials.find((c) => c.provider === 'twilio')?.fields).toEqual(FAKE.twilio);
    expect(a.audit.list({ action: 'bundle.export' }).length).toBe(1);
  });

  it('imports a bundle the age CLI encrypted to this agency’s recipient, all in one go', async () => {
    const recipient = (await agencyIdentity(b)).recipient;
    const plainFile = join(files.dir, 'plain.json');
    // The plaintext comes out of a passphrase export, opened by Switchboard itself, then re-encrypted by age.
    const viaPass = await exportBundle(
      a,
      { workspaceIds: [a.workspaces.find('Acme').id], lock: { passphrase: 'a long team passphrase', workFactor: 10 } },
      'console',
    );
    const keyFile = join(files.dir, 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const own = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(files.dir, 'x.age'),
      await exportBundle(a, { workspaceIds: [a.workspaces.find('Acme').id], lock: { recipients: [own] } }, 'console'),
    );
    execFileSync('age', ['-d', '-i', keyFile, '-o', plainFile, join(files.dir, 'x.age')]);
    const sealed = join(files.dir, 'for-b.age');
    execFileSync('age', ['-r', recipient, '-o', sealed, plainFile]);
    const plan = await planImport(b, readFileSync(sealed));
    expect(plan.preview.via).toBe('agency');
    expect(plan.preview.workspaces).toEqual([expect.objectContaining({ name: 'Acme', action: 'create' })]);
    expect(plan.preview.workspaces[0]?.keys.map((k) => [k.provider, k.action])).toEqual([
      ['resend', 'add'],
      ['twilio', 'add'],
    ]);
    expect(JSON.stringify(plan.preview)).not.toContain(FAKE.twilio.authToken);
    expect(applyImport(b, plan, 'console')).toEqual({ workspaces: 1, keys: 2 });
    const acme = b.workspaces.find('Acme');
    expect(acme.mode).toBe('bundled');
    const twilio = b.credentials.list(acme.id).find((k) => k.provider === 'twilio');
    expect(twilio && b.credentials.fieldsFor(twilio.id)).toEqual(FAKE.twilio);
    // Importing the passphrase export again replaces the same keys instead of doubling them.
    const again = await planImport(b, Buffer.from(viaPass), { passphrase: 'a long team passphrase' });
    expect(again.preview.workspaces[0]?.keys.map((k) => k.action)).toEqual(['replace', 'replace']);
    applyImport(b, again, 'console');
    expect(b.credentials.list(acme.id).length).toBe(2);
    expect(b.audit.list({ action: 'bundle.import' }).length).toBe(2);
  });

  it('refuses an edited byte, a cut-short file, a wrong passphrase and a stranger’s file, changing nothing', async () => {
    const ws = a.workspaces.find('Acme').id;
    const locked = Buffer.from(
      await exportBundle(a, { workspaceIds: [ws], lock: { passphrase: 'a long team passphrase', workFactor: 10 } }, 'console'),
    );
    const before = snapshot(b);
    const edited = Buffer.from(locked);
    // A byte of the payload, well after the header: the armor still decodes, the payload's tag does not.
    const at = edited.length - 40;
    edited[at] = edited[at] === 0x41 ? 0x42 : 0x41;
    const cut = locked.subarray(0, locked.length - 80);
    const errors = [
      await refusal(planImport(b, edited, { passphrase: 'a long team passphrase' })),
      await refusal(planImport(b, cut, { passphrase: 'a long team passphrase' })),
      await refusal(planImport(b, locked, { passphrase: 'not the passphrase' })),
      await refusal(planImport(b, Buffer.from(await encryptText('{}', { recipients: [(await agencyIdentity(a)).recipient] })))),
      await refusal(planImport(b, Buffer.from('TWILIO_AUTH_TOKEN=x\n'))),
    ];
    expect(errors.map((e) => e.code)).toEqual(['TAMPERED', 'TAMPERED', 'WRONG_PASSPHRASE', 'FORBIDDEN', 'INVALID_INPUT']);
    for (const e of errors) expect(e.message.split(/[.;] /).length <= 2 && e.message.endsWith('nothing was imported.')).toBe(true);
    // agencyIdentity(a) created a's identity, not b's; b's state is untouched.
    expect(snapshot(b)).toBe(before);
  });

  it('checks every entry before writing any: one bad key refuses the whole file', async () => {
    const recipient = (await agencyIdentity(b)).recipient;
    const payload = {
      format: 'switchboard-bundle',
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      workspaces: [
        {
          name: 'Good Co',
          kind: 'client',
          mode: 'byok',
          allowAgencyFallback: true,
          defaultCountry: null,
          credentials: [
            { provider: 'resend', environment: 'production', nickname: 'Mail', endpoint: null, active: true, fields: FAKE.resend },
          ],
        },
        {
          name: 'Bad Co',
          kind: 'client',
          mode: 'byok',
          allowAgencyFallback: true,
          defaultCountry: null,
          credentials: [
            {
              provider: 'twilio',
              environment: 'production',
              nickname: 'Voice',
              endpoint: null,
              active: true,
              fields: { ...FAKE.twilio, authToken: 'short' },
            },
          ],
        },
      ],
    };
    const before = snapshot(b);
    const e = await refusal(planImport(b, Buffer.from(await encryptText(JSON.stringify(payload), { recipients: [recipient] }))));
    expect(e.message).toMatch(/^Key 1 of Bad Co \(Twilio\) is not valid: .* Nothing was imported\.$/);
    expect(e.message).not.toContain('short');
    const odd = {
      ...payload,
      workspaces: [
        { ...payload.workspaces[0], credentials: [{ ...payload.workspaces[0]?.credentials[0], fields: { [FAKE.anthropic.apiKey]: 1 } }] },
      ],
    };
    const e2 = await refusal(planImport(b, Buffer.from(await encryptText(JSON.stringify(odd), { recipients: [recipient] }))));
    expect(e2.message).toMatch(/not a valid Switchboard bundle/);
    expect(e2.message).not.toContain(FAKE.anthropic.apiKey);
    expect(snapshot(b)).toBe(before);
  });

  it('through the CLI, refuses a wrong passphrase, an edited byte and a cut-short file in one line each, then imports the intact one', async () => {
    const from = tempDir();
    const to = tempDir();
    try {
      const envA = { SWITCHBOARD_DATA_DIR: from.dir };
      const envB = { ...envA, SWITCHBOARD_DATA_DIR: to.dir };
      expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env: envA })).code).toBe(0);
      expect(
        (await runSwitchboard(['key', 'set', 'Acme', 'twilio', '--offline'], { env: envA, stdin: JSON.stringify(FAKE.twilio) })).code,
      ).toBe(0);
      const recipient = (await runSwitchboard(['bundle', 'identity'], { env: envB })).stdout.trim();
      expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
      const out = join(files.dir, 'acme.age');
      expect((await runSwitchboard(['bundle', 'export', 'Acme', '--to', recipient, '--out', out], { env: envA })).code).toBe(0);
      const good = readFileSync(out);
      const edited = Buffer.from(good);
      edited[edited.length - 40] = edited[edited.length - 40] === 0x41 ? 0x42 : 0x41;
      writeFileSync(join(files.dir, 'edited.age'), edited);
      writeFileSync(join(files.dir, 'cut.age'), good.subarray(0, good.length - 80));
      // A passphrase-locked file made here with a small scrypt cost, so the wrong passphrase is found quickly.
      writeFileSync(join(files.dir, 'locked.age'), await encryptText('{}', { passphrase: 'a long team passphrase', workFactor: 10 }));
      const wrong = join(files.dir, 'wrong.txt');
      writeFileSync(wrong, 'not the team passphrase\n');
      const listWorkspaces = async () =>
        JSON.parse((await runSwitchboard(['workspace', 'list', '--json'], { env: envB })).stdout) as unknown;
      const before = await listWorkspaces();
      const refusals = [
        await runSwitchboard(['bundle', 'import', join(files.dir, 'locked.age'), '--yes', '--bundle-passphrase-file', wrong], {
          env: envB,
        }),
        await runSwitchboard(['bundle', 'import', join(files.dir, 'edited.age'), '--yes'], { env: envB }),
        await runSwitchboard(['bundle', 'import', join(files.dir, 'cut.age'), '--yes'], { env: envB }),
      ];
      expect(refusals.map((r) => [r.code, r.stdout, r.stderr.trim().split('\n').length])).toEqual([
        [2, '', 1],
        [1, '', 1],
        [1, '', 1],
      ]);
      expect(refusals.map((r) => r.stderr)).toEqual([
        expect.stringContaining('That passphrase does not open this bundle; nothing was imported.'),
        expect.stringContaining('This bundle is damaged, cut short or was altered; nothing was imported.'),
        expect.stringContaining('This bundle is damaged, cut short or was altered; nothing was imported.'),
      ]);
      expect(await listWorkspaces()).toEqual(before);
      const ok = await runSwitchboard(['bundle', 'import', out, '--yes'], { env: envB });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain("Bundle opened with this agency's recipient.");
      expect(ok.stdout).toContain('Imported 1 key into 1 workspace.');
      const listed = JSON.parse((await runSwitchboard(['key', 'list', 'Acme', '--json'], { env: envB })).stdout) as { provider: string }[];
      expect(listed.map((k) => k.provider)).toEqual(['twilio']);
      expect([...refusals, ok].map((r) => r.stdout + r.stderr).join('\n')).not.toContain(FAKE.twilio.authToken);
      expectNoLeakInDir(to.dir, [FAKE.twilio.authToken]);
    } finally {
      from.cleanup();
      to.cleanup();
    }
  });
});
