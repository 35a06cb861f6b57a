/** `switchboard workspace create --country` and `workspace set --country`: numbers in national format are read in the workspace's country. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { type MessagingSims, startMessagingSims } from '../../helpers/messaging';
import { cliLines } from '../../helpers/cli';

describe('switchboard workspace --country', () => {
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
  const country = async (ws: string): Promise<string | null> => {
    const list = JSON.parse((await cli(['workspace', 'list', '--json'])).out) as { name: string; defaultCountry: string | null }[];
    return list.find((w) => w.name === ws)?.defaultCountry ?? null;
  };

  it('imports a national-format contact file in a workspace created with --country US, with no --country on the campaign', async () => {
    const made = await cli(['workspace', 'create', 'Acme', '--country', 'us']);
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(made.out).toMatch(/^Created workspace Acme \([0-9a-f-]{36}\), mode byok, numbers read in US\.$/);
    expect((await cli(['key', 'set', 'Acme', 'twilio'], JSON.stringify(sims.twilio.fields))).code).toBe(0);
    const contacts = join(dir, 'national.csv');
    writeFileSync(
      contacts,
      'phone,first_name,timezone\n(415) 200-9000,Ada,America/New_York\n415.200.9001,Grace,America/New_York\n4152009002,Linus,America/New_York\n',
    );
    const template = join(dir, 'sms.txt');
    writeFileSync(template, 'Hi {{first_name}}, your parcel arrives tomorrow.\n');
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
      '--window',
      '00:00-24:00',
    ]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Contacts: 3 rows → 3 recipients · 0 rejected · 0 excluded · 0 duplicates merged.');
  });

  it('changes the country with `workspace set`, clears it with none, and refuses a bad code in one sentence', async () => {
    const set = await cli(['workspace', 'set', 'Acme', '--country', 'GB']);
    expect(set).toMatchObject({ code: 0, out: 'Acme reads numbers without a country code as GB numbers.' });
    expect(await country('Acme')).toBe('GB');

    const bad = await cli(['workspace', 'set', 'Acme', '--country', 'Britain']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('switchboard: A country is a two-letter ISO 3166 code with a phone numbering plan, such as US, GB or IN.');
    expect(await country('Acme')).toBe('GB');

    const badCreate = await cli(['workspace', 'create', 'Globex', '--country', 'XX']);
    expect(badCreate.code).toBe(2);
    expect(await country('Globex')).toBeNull();
    expect((await cli(['workspace', 'list'])).out).not.toContain('Globex');

    const cleared = await cli(['workspace', 'set', 'Acme', '--country', 'none']);
    expect(cleared).toMatchObject({
      code: 0,
      out: 'Acme has no default country: numbers need their country code (+…) or a campaign --country.',
    });
    expect(await country('Acme')).toBeNull();
    expect((await cli(['audit', 'export', '--format', 'json', '--out', join(dir, 'audit.json')])).code).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as { action: string }[];
    expect(audit.filter((e) => e.action === 'workspace.country')).toHaveLength(2);
  });

  it('tells how to read national numbers when a workspace without a country rejects them', async () => {
    const contacts = join(dir, 'mixed.csv');
    writeFileSync(contacts, 'phone,first_name,timezone\n(415) 200-9000,Ada,America/New_York\n+14152009001,Grace,America/New_York\n');
    const created = await cli([
      'campaign',
      'create',
      'Acme',
      '--channel',
      'sms',
      '--contacts',
      contacts,
      '--template',
      join(dir, 'sms.txt'),
      '--window',
      '00:00-24:00',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toContain('line 2: rejected — (415) 200-9000 has no country code and no default country is set');
    expect(created.out).toContain(
      'Numbers without a country code are read in the workspace\'s country once it has one: switchboard workspace set "Acme" --country US',
    );
  });
});
