import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { type MessagingSims, smsCsv, startMessagingSims, usNumbers } from '../../helpers/messaging';
import { cliLines } from '../../helpers/cli';

describe('switchboard campaign and dnc', () => {
  let sims: MessagingSims;
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  beforeAll(async () => {
    sims = await startMessagingSims();
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    cleanup();
    await sims.close();
  });

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: join(dir, 'data'), ...sims.env }, keyStore }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('creates a campaign from files, prints the report, preview and cost, then runs it to the end', async () => {
    expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
    expect((await cli(['key', 'set', 'Acme', 'twilio'], JSON.stringify(sims.twilio.fields))).code).toBe(0);
    const numbers = usNumbers(6, 9000);
    const contacts = file('contacts.csv', `${smsCsv(numbers)}\n12,Nobody,America/New_York\n${numbers[0]},Again,America/New_York\n`);
    const template = file('sms.txt', 'Hi {{first_name}}, your parcel arrives tomorrow.\n');
    const created = await cli([
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
      'Parcels',
      '--rate',
      '50',
      '--window',
      '00:00-24:00',
      '--country',
      'US',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toContain('Contacts: 8 rows → 6 recipients · 1 rejected · 0 excluded · 1 duplicate merged.');
    expect(created.out).toContain('  line 8: rejected — 12 is not a valid US number');
    expect(created.out).toContain('  line 9: merged — same number as line 2');
    expect(created.out).toContain('Estimated cost: $0.05 — 6 segments (6 GSM-7, 0 UCS-2; longest 1) at $0.0079 each (Twilio).');
    expect(created.out).toContain('  │ Hi Contact0, your parcel arrives tomorrow.');
    const id = /\(([0-9a-f-]{36})\)/.exec(created.out)?.[1] ?? '';

    const run = await cli(['campaign', 'run', id, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ state: 'completed', counts: { sent: 6 } });
    const status = await cli(['campaign', 'status', id, '--messages']);
    expect(status.out).toContain('● Completed');
    expect(status.out).toMatch(new RegExp(`${numbers[1]?.replace('+', '\\+')}\\s+Contact1\\s+sent\\s+SM[0-9a-f]{32}\\s+1`));
    const issues = JSON.parse((await cli(['campaign', 'status', id, '--issues', '--json'])).out) as { issues: { total: number } };
    expect(issues.issues.total).toBe(2);
    expect((await cli(['campaign', 'run', id])).code).toBe(2);
    expect(await cli(['campaign', 'send-again', id])).toMatchObject({
      code: 2,
      err: 'switchboard: No message of this campaign failed without a confirmed answer, so there is nothing to send again.',
    });
  });

  it('answers a bad contact file with one sentence and exit 2, creating nothing', async () => {
    const template = file('t.txt', 'Hi');
    const bad = await cli([
      'campaign',
      'create',
      'Acme',
      '--channel',
      'sms',
      '--contacts',
      file('bad.csv', 'name\nAda\n'),
      '--template',
      template,
    ]);
    expect(bad).toMatchObject({
      code: 2,
      err: 'switchboard: The contacts file has no phone column (phone, mobile or phone_number) in its first line, which reads “name”.',
    });
    expect((await cli(['campaign', 'create', 'Acme', '--channel', 'fax', '--contacts', 'x.csv', '--template', template])).err).toBe(
      'switchboard: The channel must be sms, email or voice.',
    );
    expect(
      (await cli(['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', join(dir, 'missing.csv'), '--template', template])).code,
    ).toBe(2);
    expect(JSON.parse((await cli(['campaign', 'list', 'Acme', '--json'])).out)).toHaveLength(1);
  });

  it('pauses from another command, and a later run resumes', async () => {
    const contacts = file('p.csv', smsCsv(usNumbers(3, 9100)));
    const created = JSON.parse(
      (
        await cli([
          'campaign',
          'create',
          'Acme',
          '--channel',
          'sms',
          '--contacts',
          contacts,
          '--template',
          file('p.txt', 'Hello'),
          '--window',
          '00:00-24:00',
          '--name',
          'Pausable',
          '--json',
        ])
      ).out,
    ) as { campaign: { id: string } };
    const paused = await cli(['campaign', 'pause', created.campaign.id]);
    expect(paused.out).toBe(`Pausable is paused: 0 sent, 3 still queued. Resume with: switchboard campaign run ${created.campaign.id}`);
    const resumed = JSON.parse((await cli(['campaign', 'run', created.campaign.id, '--json'])).out) as {
      state: string;
      counts: { sent: number };
    };
    expect(resumed).toMatchObject({ state: 'completed', counts: { sent: 3 } });
  });

  it('manages do-not-contact lists, opt-outs and the NCPR list', async () => {
    expect((await cli(['dnc', 'add', 'Acme', '+14155550123', '(415) 555-0124'])).code).toBe(2);
    expect((await cli(['dnc', 'add', 'Acme', '+14155550123'])).out).toBe("Added 1 to Acme's list.");
    expect((await cli(['dnc', 'optout', 'Acme', '+14155550125'])).out).toBe("Recorded 1 opt-out on Acme's list.");
    const ncpr = await cli(['dnc', 'import', 'ncpr', file('ncpr.txt', '9876543210\n9876543211\nnot a number\n'), '--replace']);
    expect(ncpr.out).toContain("Replaced India's NCPR list: 2 new, 2 in all; 1 of 3 lines were not numbers or addresses.");
    const list = JSON.parse((await cli(['dnc', 'list', 'Acme', '--json'])).out) as { total: number };
    expect(list.total).toBe(2);
    expect((await cli(['dnc', 'remove', 'Acme', '+14155550123'])).out).toBe("Removed 1 from Acme's list.");
  });
});
