/**
 * Client key intake: the client encrypts a .env with the real `age` CLI to a one-client recipient;
 * the file lands only in that workspace, and opens once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport, planImport } from '../../../electron/core/offline/bundle';
import { intakeIdentities } from '../../../electron/core/offline/identities';
import { createIntake } from '../../../electron/core/offline/intake';
import { AppError } from '../../../shared/errors';
import { runSwitchboard } from '../../helpers/cli';
import { FAKE, makeCore, tempDir } from '../../helpers/core';
import { filesUnder } from '../../helpers/leaks';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

describe('client key intake', () => {
  let core: TestCore;
  let files: { dir: string; cleanup: () => void };
  beforeEach(async () => {
    core = await makeCore();
    files = tempDir();
  });
  afterEach(() => {
    core.dispose();
    files.cleanup();
  });

  it('prints a recipient and a sheet naming the keys and the age command', async () => {
    const ws = core.workspaces.create({ name: 'Acme' }, 'console');
    const made = await createIntake(
      core,
      { workspaceId: ws.id, providers: ['twilio', 'resend'], agencyName: 'Northwind Agency' },
      'console',
    );
    expect(made.identity.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(made.sheet).toContain('TWILIO_ACCOUNT_SID=');
    expect(made.sheet).toContain('RESEND_API_KEY=');
    expect(made.sheet).toContain(`age -r ${made.identity.recipient} -o keys.env.age keys.env`);
    expect(made.sheet).not.toContain('AGE-SECRET-KEY');
    expect(core.audit.list({ action: 'intake.create' }).length).toBe(1);
    await expect(createIntake(core, { workspaceId: core.workspaces.agency().id }, 'console')).rejects.toThrow(/for a client workspace/);
  });

  it('lands a client’s age-encrypted .env in that workspace only, and only once', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console');
    const other = core.workspaces.create({ name: 'Other' }, 'console');
    const made = await createIntake(core, { workspaceId: acme.id }, 'console');
    const envFile = join(files.dir, 'keys.env');
    writeFileSync(
      envFile,
      [
        `TWILIO_ACCOUNT_SID=${FAKE.twilio.accountSid}`,
        `TWILIO_AUTH_TOKEN=${FAKE.twilio.authToken}`,
        `RESEND_API_KEY=${FAKE.resend.apiKey}`,
        'SOMETHING_ELSE=1',
        '',
      ].join('\n'),
    );
    const sealed = join(files.dir, 'keys.env.age');
    execFileSync('age', ['-r', made.identity.recipient, '-o', sealed, envFile]);
    const plan = await planImport(core, readFileSync(sealed));
    expect(plan.preview.via).toBe('intake');
    expect(plan.preview.workspaces.map((w) => w.name)).toEqual(['Acme']);
    expect(plan.preview.env?.skipped.map((s) => s.name)).toEqual(['SOMETHING_ELSE']);
    expect(applyImport(core, plan, 'console')).toEqual({ workspaces: 1, keys: 2 });
    expect(
      core.credentials
        .list(acme.id)
        .map((k) => k.provider)
        .sort(),
    ).toEqual(['resend', 'twilio']);
    expect(core.credentials.list(other.id)).toEqual([]);
    expect(intakeIdentities(core, acme.id)).toEqual([]);
    // The identity is gone: the same file no longer opens.
    const again = await planImport(core, readFileSync(sealed)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).message).toMatch(/not encrypted for this Switchboard/);
    // A plan made before the first import finished cannot be applied a second time either.
    expect(() => applyImport(core, plan, 'console')).toThrow(/already used/);
    expect(core.credentials.list(acme.id).length).toBe(2);
  });

  it('keeps the intake open when the client’s file holds no complete key', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console');
    const made = await createIntake(core, { workspaceId: acme.id }, 'console');
    const envFile = join(files.dir, 'keys.env');
    writeFileSync(envFile, `TWILIO_ACCOUNT_SID=${FAKE.twilio.accountSid}\n`);
    const sealed = join(files.dir, 'keys.env.age');
    execFileSync('age', ['-r', made.identity.recipient, '-o', sealed, envFile]);
    await expect(planImport(core, readFileSync(sealed))).rejects.toThrow(
      /no complete key for Acme; nothing was imported and the intake stays open/,
    );
    expect(intakeIdentities(core, acme.id).length).toBe(1);
  });

  it('through the CLI, writes the sheet and intake.html, and keeps the identity’s secret half out of every file', async () => {
    const data = tempDir();
    try {
      const env = { SWITCHBOARD_DATA_DIR: data.dir };
      expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env })).code).toBe(0);
      const html = join(files.dir, 'intake.html');
      const sheet = join(files.dir, 'sheet.txt');
      const r = await runSwitchboard(
        ['intake', 'new', 'Acme', '--providers', 'twilio,resend', '--agency', 'Northwind', '--html', html, '--sheet', sheet],
        { env },
      );
      expect(r.code).toBe(0);
      const recipient = r.stdout.trim();
      expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
      expect(r.stderr).toContain(`Wrote the intake page for Acme to ${html}`);
      const page = readFileSync(html, 'utf8');
      expect(page).toContain(recipient);
      expect(page).toContain('TWILIO_AUTH_TOKEN');
      expect(readFileSync(sheet, 'utf8')).toContain(`age -r ${recipient} -o keys.env.age keys.env`);
      for (const f of [...filesUnder(data.dir), html, sheet])
        expect(readFileSync(f).includes('AGE-SECRET-KEY-1'), `${f} holds an age secret key`).toBe(false);
      const listed = JSON.parse((await runSwitchboard(['intake', 'list', 'Acme', '--json'], { env })).stdout) as {
        id: string;
        recipient: string;
      }[];
      expect(listed.map((i) => i.recipient)).toEqual([recipient]);
      const closed = await runSwitchboard(['intake', 'close', 'Acme', listed[0]?.id ?? ''], { env });
      expect(closed.stdout).toContain('Closed the intake');
      expect((await runSwitchboard(['intake', 'list', 'Acme'], { env })).stdout).toContain('No open intake for Acme.');
      const again = await runSwitchboard(['intake', 'close', 'Acme', listed[0]?.id ?? ''], { env });
      expect([again.code, again.stderr.trim()]).toEqual([
        2,
        'switchboard: That intake is not open in this workspace; nothing was changed.',
      ]);
    } finally {
      data.cleanup();
    }
  });
});
