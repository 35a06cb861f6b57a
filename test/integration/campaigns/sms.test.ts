import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../../shared/campaigns';
import {
  ALL_DAY,
  addSendingKey,
  csv,
  type MessagingSims,
  makeMessagingCore,
  smsCsv,
  startMessagingSims,
  type TestCore,
  usNumbers,
} from '../../helpers/messaging';

describe('an SMS campaign against the Twilio simulator', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.sms.stats.reset();
    sims.sms.messages.splice(0);
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    await addSendingKey(core, sims, ws, 'twilio');
  });
  afterEach(() => core.dispose());

  it('sends every contact one message with its own first name, and records who paid', async () => {
    const numbers = usNumbers(40);
    const made = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'sms',
        contacts: csv(smsCsv(numbers)),
        template: 'Hi {{first_name}}, your table is ready.',
        window: ALL_DAY,
        rate: 100,
      },
      'console',
    );
    expect(made.campaign).toMatchObject({
      state: 'ready',
      imported: { rows: 40, recipients: 40, rejected: 0 },
      estimate: { provider: 'twilio', units: 40, costUsd: 0.316 },
    });
    expect(made.preview[0]).toMatchObject({
      recipient: numbers[0],
      body: 'Hi Contact0, your table is ready.',
      segments: 1,
      encoding: 'GSM-7',
    });

    const progress: CampaignProgress[] = [];
    core.campaigns.onProgress((p) => progress.push(p));
    const done = await core.campaigns.run(made.campaign.id, 'console');

    expect(done).toMatchObject({
      state: 'completed',
      keyOwner: 'own',
      provider: 'twilio',
      counts: { total: 40, sent: 40, failed: 0, queued: 0, sending: 0 },
    });
    expect([...sims.sms.stats.perRecipient.keys()].sort()).toEqual([...numbers].sort());
    expect(sims.sms.stats.duplicates()).toEqual([]);
    expect(sims.sms.messages.find((m) => m.to === numbers[7])?.body).toBe('Hi Contact7, your table is ready.');
    const rows = core.campaigns.messages(made.campaign.id, { limit: 100 }).rows;
    expect(rows.every((r) => r.status === 'sent' && /^SM[0-9a-f]{32}$/.test(r.providerId ?? ''))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'completed', counts: { sent: 40 } });
    expect(core.usage.summary(ws).byProvider.find((p) => p.provider === 'twilio')).toMatchObject({ messages: 40 });
  });

  it('skips a contact who opted out after the import, and one who replied STOP to the sending number', async () => {
    const numbers = usNumbers(5, 100);
    const made = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'sms',
        contacts: csv(smsCsv(numbers)),
        template: 'Hello {{first_name|there}}',
        window: ALL_DAY,
        rate: 100,
      },
      'console',
    );
    core.campaigns.dnc.add({ kind: 'workspace', workspaceId: ws }, [numbers[1] as string], 'opt-out', 'console', 'marked by the operator');
    sims.sms.inbound(numbers[3] as string, '+15005550006', 'STOP');
    // 1,200 later replies from other people: the STOP above is on the second page of Twilio's list.
    await new Promise((r) => setTimeout(r, 5));
    for (const other of usNumbers(1200, 5000)) sims.sms.inbound(other, '+15005550006', 'Thanks!');
    const done = await core.campaigns.run(made.campaign.id, 'console');

    expect(done.counts).toMatchObject({ sent: 3, skipped: 2, failed: 0 });
    const rows = core.campaigns.messages(made.campaign.id).rows;
    expect(rows.find((r) => r.recipient === numbers[1])).toMatchObject({ status: 'skipped', error: 'opted out' });
    // The STOP reply was read from Twilio before sending, so no request was wasted on it.
    expect(rows.find((r) => r.recipient === numbers[3])).toMatchObject({ status: 'skipped', error: 'opted out' });
    expect(core.campaigns.dnc.list({ kind: 'workspace', workspaceId: ws }).entries.find((e) => e.address === numbers[3])).toMatchObject({
      source: 'opt-out',
      note: 'replied STOP',
    });
    expect(sims.sms.stats.perRecipient.has(numbers[3] as string)).toBe(false);
  });

  it('records an unsubscribed recipient that Twilio reports with error 21610', async () => {
    const numbers = usNumbers(2, 150);
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(numbers)), template: 'Hello', window: ALL_DAY, rate: 100 },
      'console',
    );
    sims.sms.unsubscribed.add(numbers[0] as string);
    const done = await core.campaigns.run(made.campaign.id, 'console');
    expect(done.counts).toMatchObject({ sent: 1, failed: 1 });
    expect(core.campaigns.messages(made.campaign.id).rows.find((r) => r.recipient === numbers[0])).toMatchObject({
      status: 'failed',
      error: 'the recipient has unsubscribed (replied STOP)',
    });
    expect(core.campaigns.dnc.exclusionFor(ws)(numbers[0] as string)).toBe('opted out');
  });
});
