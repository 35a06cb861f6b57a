import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore } from '../../../helpers/core';

const file = (text: string): Readable => Readable.from([Buffer.from(text)]);
const numbers = (n: number): string[] => Array.from({ length: n }, (_, i) => `+1415${String(3_000_000 + i).padStart(7, '0')}`);

describe('creating a campaign', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ws: string;
  beforeEach(async () => {
    core = await makeCore({ now: () => new Date('2026-01-15T15:00:00Z') });
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('fills a value a later duplicate brings, even from another batch, and renders the message again', async () => {
    const list = numbers(1500);
    const csv = [
      'phone,first_name,timezone',
      `${list[0]},,America/New_York`,
      ...list.slice(1).map((p, i) => `${p},P${i + 1},America/New_York`),
      `${list[0]},Zed,America/New_York`,
    ].join('\n');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: file(csv), template: 'Hi {{first_name|there}}!' },
      'console',
    );
    expect(made.campaign.imported).toMatchObject({ rows: 1501, recipients: 1500, merged: 1 });
    expect(core.campaigns.preview(made.campaign.id, 0)).toMatchObject({ recipient: list[0], name: 'Zed', body: 'Hi Zed!' });
  });

  it('keeps the message as it was when a duplicate’s value would push it past the SMS limit', async () => {
    const csv = ['phone,first_name,timezone', '+14155550100,,America/New_York', `+14155550100,${'W'.repeat(40)},America/New_York`].join(
      '\n',
    );
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: file(csv), template: `Hi {{first_name|there}} ${'x'.repeat(1585)}` },
      'console',
    );
    expect(made.campaign.imported).toMatchObject({ recipients: 1, merged: 1 });
    expect(core.campaigns.preview(made.campaign.id, 0).body).toBe(`Hi there ${'x'.repeat(1585)}`);
  });

  it('schedules each message for its recipient’s window and estimates segments and cost', async () => {
    // 10:00 in New York, 07:00 in Los Angeles: one can go now, the other waits an hour.
    const csv = ['phone,first_name,timezone', '+14155550100,Ann,America/New_York', '+14155550101,Bo,America/Los_Angeles'].join('\n');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: file(csv), template: `{{first_name}}: ${'x'.repeat(160)}` },
      'console',
    );
    expect(made.campaign).toMatchObject({
      window: '08:00-21:00',
      waiting: 1,
      nextOpeningAt: '2026-01-15T16:00:00.000Z',
      estimate: { provider: 'twilio', units: 4, maxSegments: 2, costUsd: 0.0316 },
    });
  });

  it('refuses rows whose country spans more time zones than a narrow window can serve at once, saying what to do', async () => {
    const csv = ['phone,first_name,timezone', '+14155550100,Ann,', '+14155550101,Bo,America/Los_Angeles', '+447911123456,Cy,'].join('\n');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: file(csv), template: 'Hi', window: '09:00-12:00' },
      'console',
    );
    // Los Angeles is named and Great Britain has one zone: only the US number without a zone is refused.
    expect(made.campaign.imported).toMatchObject({ rows: 3, recipients: 2, rejected: 1 });
    expect(made.issues).toEqual([
      {
        line: 2,
        kind: 'rejected',
        reason:
          'no time zone: US spans 8 time zones and the window 09:00-12:00 is never open in all of them at once; add a timezone column or widen the window',
      },
    ]);
  });

  it('checks the template before reading the file, and writes nothing for a bad file', async () => {
    await expect(
      core.campaigns.create(
        { workspaceId: ws, channel: 'email', contacts: file('email\nada@example.org\n'), template: 'No subject here' },
        'console',
      ),
    ).rejects.toThrow('An email template starts with a subject line');
    await expect(
      core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: file('phone\n+14155550100\n"unclosed\n'), template: 'Hi' },
        'console',
      ),
    ).rejects.toThrow(/never closed/);
    await expect(
      core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: file('phone,first_name\n+14155550100,Ann\n'), template: 'Hi {{nickname}}' },
        'console',
      ),
    ).rejects.toThrow('The template uses {{nickname}}, which is not a column of the contacts file.');
    await expect(
      core.campaigns.create({ workspaceId: ws, channel: 'sms', contacts: file('phone\nnope\n'), template: 'Hi' }, 'console'),
    ).rejects.toThrow('No row of the contacts file can be messaged (1 rejected, 0 excluded); line 2: “nope” is not a phone number.');
    expect(core.campaigns.list(ws)).toEqual([]);
    expect(core.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(core.db.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE name LIKE 'stage_%'").get()).toEqual({ n: 0 });
  });
});
