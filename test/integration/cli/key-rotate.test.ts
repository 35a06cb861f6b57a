import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { type MessagingSims, startMessagingSims } from '../../helpers/messaging';
import { cliLines, type CliLines } from '../../helpers/cli';

const NEW_TOKEN = '0123456789abcdef0123456789abcdef';
const DAY = 86_400_000;

describe('switchboard key rotate, confirm-revoked, deps and the 90-day reminder in key list', () => {
  let sims: MessagingSims;
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  // Every command runs on this clock; a test moves it by whole days.
  let now = Date.parse('2026-02-01T09:00:00Z');
  let oldToken = '';
  beforeAll(async () => {
    sims = await startMessagingSims();
    ({ dir, cleanup } = tempDir());
    oldToken = sims.twilio.state.authToken;
    sims.twilio.state.secondaryAuthToken = NEW_TOKEN;
  });
  afterAll(async () => {
    cleanup();
    await sims.close();
  });

  const run = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: join(dir, 'data'), ...sims.env }, keyStore, now: () => new Date(now) }));
  async function cli(args: string[], stdin = ''): Promise<CliLines> {
    const ran = await run(args, stdin);
    // No command ever prints a secret, whatever it did.
    for (const secret of [oldToken, NEW_TOKEN]) expect(ran.out.includes(secret) || ran.err.includes(secret)).toBe(false);
    return ran;
  }

  it('marks a key in use for 90 days in key list, with a line saying how to rotate it, and in --json', async () => {
    expect((await cli(['workspace', 'create', 'Acme Dental'])).code).toBe(0);
    expect((await cli(['key', 'set', 'Acme Dental', 'twilio', '--nickname', 'Main line'], JSON.stringify(sims.twilio.fields))).code).toBe(
      0,
    );
    const fresh = await cli(['key', 'list', 'Acme Dental']);
    expect(fresh.out).toMatch(/AGE/);
    expect(fresh.out).toMatch(/Main line .* 0 d /);
    expect(fresh.out).not.toContain('rotate');

    now += 90 * DAY;
    const due = await cli(['key', 'list', 'Acme Dental']);
    expect(due.out).toMatch(/Main line .* 90 d ⟳ rotate/);
    expect(due.out).toContain(
      '1 key has been in use for 90 days or more (twilio): rotate with `switchboard key rotate "Acme Dental" PROVIDER < new-key.json`.',
    );
    const json = JSON.parse((await cli(['key', 'list', 'Acme Dental', '--json'])).out) as {
      nickname: string;
      ageDays: number;
      rotationDue: boolean;
      standby: boolean;
    }[];
    expect(json).toEqual([expect.objectContaining({ nickname: 'Main line', ageDays: 90, rotationDue: true, standby: false })]);
    expect(JSON.parse((await cli(['key', 'list', 'Acme Dental', '--due', '--json'])).out)).toHaveLength(1);
  });

  it('shows what depends on the key and its age', async () => {
    const r = await cli(['key', 'deps', 'Acme Dental', 'twilio']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Twilio key “Main line” of Acme Dental: 90 days old — due for rotation (90 days or more).');
    expect(r.out).toContain('Used by 1 workspace, 0 campaigns, 0 workflow rules, 0 voice agents.');
    expect(r.out).toContain('  workspace  Acme Dental (its own key) — sms, voice-carrier');
    const json = JSON.parse((await cli(['key', 'deps', 'Acme Dental', 'twilio', '--json'])).out) as {
      workspaces: unknown[];
      age: { ageDays: number };
      standby: unknown;
    };
    expect(json).toMatchObject({ age: { ageDays: 90 }, standby: null });
    expect(json.workspaces).toHaveLength(1);
  });

  it('refuses bad input with one sentence and exit code 2, and a refused key with exit code 1, switching nothing', async () => {
    const bad = await cli(['key', 'rotate', 'Acme Dental', 'twilio'], '{"authToken": 42}');
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.err.trim()).toBe('switchboard: Every field value must be a string, in quotes; one is not.');
    const same = await cli(['key', 'rotate', 'Acme Dental', 'twilio'], JSON.stringify({ authToken: oldToken }));
    expect(same.code).toBe(2);
    expect(same.err).toContain('That is the Twilio key already in use');
    expect(same.out).toBe('');
    const refused = await cli(
      ['key', 'rotate', 'Acme Dental', 'twilio'],
      JSON.stringify({ authToken: 'abcdefabcdefabcdefabcdefabcdefab' }),
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Twilio refused the new key, so nothing was switched: “Main line” stays in use.');
    expect(JSON.parse((await cli(['key', 'list', 'Acme Dental', '--json'])).out)).toHaveLength(1);
  });

  it('rotates: checks live, switches, and prints the standby key; confirm-revoked asks for --yes, then destroys it', async () => {
    const r = await cli(
      ['key', 'rotate', 'Acme Dental', 'twilio', '--nickname', 'Main line 2026'],
      JSON.stringify({ authToken: NEW_TOKEN }),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Rotating Twilio key “Main line” of Acme Dental (90 days old; used by 1 workspace, 0 campaigns, 0 workflow rules, 0 voice agents).',
    );
    expect(r.out).toMatch(/ {2}✓ Account: /);
    expect(r.out).toMatch(/Switched: “Main line 2026” \(.*\) is in use for 1 workspace/);
    expect(r.out).toMatch(
      /On standby: “Main line” \(.*\), kept but never used\. Revoke it at Twilio, then run `switchboard key confirm-revoked "Acme Dental" twilio --yes` to destroy it\./,
    );
    const listed = await cli(['key', 'list', 'Acme Dental']);
    expect(listed.out).toMatch(/Main line 2026 .* active +0 d/);
    expect(listed.out).toMatch(/Main line .* standby \(rotated out\)/);
    expect(listed.out).toContain('1 rotated-out key waits on standby');

    const unsure = await cli(['key', 'confirm-revoked', 'Acme Dental', 'twilio']);
    expect(unsure.code).toBe(2);
    expect(unsure.err).toMatch(
      /Nothing was destroyed: “Main line” \(.*\) cannot be restored once destroyed, so revoke it at Twilio first and run again with --yes\./,
    );
    const done = await cli(['key', 'confirm-revoked', 'Acme Dental', 'twilio', '--yes', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ nickname: 'Main line', provider: 'twilio' });
    expect((await cli(['key', 'confirm-revoked', 'Acme Dental', 'twilio', '--yes'])).err).toContain(
      'Acme Dental has no Twilio production key on standby after a rotation.',
    );
    const audit = await cli(['audit', 'verify']);
    expect(audit.code).toBe(0);
  });
});
