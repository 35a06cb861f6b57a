import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_DAY,
  addSendingKey,
  csv,
  type MessagingSims,
  makeMessagingCore,
  startMessagingSims,
  type TestCore,
} from '../../helpers/messaging';

const emailCsv = (n: number, start = 0): string =>
  [
    'Email,First Name,Country,Company',
    ...Array.from({ length: n }, (_, i) => `person${start + i}@example.org,Person${start + i},GB,Initech`),
  ].join('\n');
const TEMPLATE = 'Subject: A note for {{first_name}}\n\nHello {{first_name}} at {{company}},\nyour statement is ready.\n';

describe('an e-mail campaign', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.emails.stats.reset();
    sims.emails.emails.splice(0);
    sims.emails.replays = 0;
    sims.mail.stats.reset();
    sims.mail.mails.splice(0);
    sims.resend.clearRequests();
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Initech' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('sends 250 e-mails through Resend in three batch requests, within 2 requests a second', async () => {
    await addSendingKey(core, sims, ws, 'resend');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(250)), template: TEMPLATE, window: ALL_DAY },
      'console',
    );
    expect(made.preview[0]).toMatchObject({
      recipient: 'person0@example.org',
      subject: 'A note for Person0',
      body: 'Hello Person0 at Initech,\nyour statement is ready.',
    });
    expect(made.campaign.estimate).toMatchObject({ provider: 'resend', units: 250, costUsd: 0.25 });
    const done = await core.campaigns.run(made.campaign.id, 'console');

    expect(done).toMatchObject({ state: 'completed', provider: 'resend', counts: { sent: 250 } });
    const batches = sims.resend.requests.filter((r) => r.path === '/emails/batch');
    expect(batches.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([100, 100, 50]);
    expect(batches.every((r) => /^sb-[0-9a-f]{8}-[0-9a-f-]{36}$/.test(r.headers['idempotency-key'] ?? ''))).toBe(true);
    expect(sims.emails.stats.overLimit).toBe(0);
    expect(sims.emails.stats.perRecipient.size).toBe(250);
    expect(sims.emails.stats.duplicates()).toEqual([]);
  });

  it('repeats a batch whose answer was lost with the same idempotency key, so nobody gets it twice', async () => {
    await addSendingKey(core, sims, ws, 'resend');
    sims.emails.failAfterAccept = 1;
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(120, 1000)), template: TEMPLATE, window: ALL_DAY },
      'console',
    );
    const done = await core.campaigns.run(made.campaign.id, 'console');

    expect(done.counts).toMatchObject({ sent: 120, failed: 0 });
    const batches = sims.resend.requests.filter((r) => r.path === '/emails/batch');
    expect(batches.map((r) => r.status).sort()).toEqual([200, 200, 500]);
    const lost = batches.find((r) => r.status === 500);
    const repeat = batches.filter((r) => r !== lost && r.headers['idempotency-key'] === lost?.headers['idempotency-key']);
    expect(repeat).toHaveLength(1);
    expect(repeat[0]?.body).toBe(lost?.body);
    expect(sims.emails.replays).toBe(1);
    expect(sims.emails.stats.duplicates()).toEqual([]);
    expect(sims.emails.emails).toHaveLength(120);
  });

  it('fails only the e-mails Resend refuses in a batch; the rest of the batch is sent', async () => {
    await addSendingKey(core, sims, ws, 'resend');
    sims.emails.refuse.add('person4003@example.org');
    sims.emails.refuse.add('person4077@example.org');
    try {
      const made = await core.campaigns.create(
        { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(150, 4000)), template: TEMPLATE, window: ALL_DAY },
        'console',
      );
      const done = await core.campaigns.run(made.campaign.id, 'console');

      // Refused is final: there is nothing the operator could send again.
      expect(done).toMatchObject({ state: 'completed', unconfirmed: 0, counts: { sent: 148, failed: 2 } });
      expect(() => core.campaigns.sendAgain(made.campaign.id, 'console')).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
      const batches = sims.resend.requests.filter((r) => r.path === '/emails/batch');
      expect(batches.map((r) => [r.status, r.headers['x-batch-validation']])).toEqual([
        [200, 'permissive'],
        [200, 'permissive'],
      ]);
      const failed = core.campaigns.messages(made.campaign.id, { status: 'failed' }).rows;
      expect(failed.map((m) => [m.recipient, m.error])).toEqual([
        [
          'person4003@example.org',
          'Resend refused this e-mail: Invalid `to` field. The email address needs to follow the `email@example.com` format.',
        ],
        [
          'person4077@example.org',
          'Resend refused this e-mail: Invalid `to` field. The email address needs to follow the `email@example.com` format.',
        ],
      ]);
      // Every sent row carries the id Resend gave that recipient, not its neighbour's.
      const sent = core.campaigns.messages(made.campaign.id, { status: 'sent', limit: 500 }).rows;
      const byId = new Map(sims.emails.emails.map((e) => [e.id, e.to]));
      expect(sent).toHaveLength(148);
      expect(sent.every((m) => byId.get(m.providerId ?? '') === m.recipient)).toBe(true);
    } finally {
      sims.emails.refuse.clear();
    }
  });

  it('pauses with the reason when the Resend key is revoked', async () => {
    await addSendingKey(core, sims, ws, 'resend');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(150, 2000)), template: TEMPLATE, window: ALL_DAY },
      'console',
    );
    sims.emails.revokeAfter = 100;
    try {
      const paused = await core.campaigns.run(made.campaign.id, 'console');
      expect(paused.state).toBe('paused');
      expect(paused.pauseReason).toBe(
        "The client's Resend API key was revoked or changed (Resend answered HTTP 403, invalid_api_key). Nothing more was sent: update the key, then resume.",
      );
      expect(paused.counts).toMatchObject({ sent: 100, queued: 50 });
    } finally {
      sims.emails.revokeAfter = null;
      sims.emails.revokedAt = null;
      sims.resend.state.apiKey = 're_FullAccess_0000000000000000000';
    }
  });

  it('falls back to SendGrid when it is the e-mail key the workspace has', async () => {
    await addSendingKey(core, sims, ws, 'sendgrid');
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(4, 3000)), template: TEMPLATE, window: ALL_DAY, rate: 50 },
      'console',
    );
    expect(made.campaign.estimate.provider).toBe('sendgrid');
    const done = await core.campaigns.run(made.campaign.id, 'console');
    expect(done).toMatchObject({ state: 'completed', provider: 'sendgrid', counts: { sent: 4 } });
    expect([...sims.mail.stats.perRecipient.keys()].sort()).toEqual([
      'person3000@example.org',
      'person3001@example.org',
      'person3002@example.org',
      'person3003@example.org',
    ]);
    expect(sims.mail.mails[0]).toMatchObject({ subject: expect.stringMatching(/^A note for Person300\d$/) });
  });

  it('never sends a SendGrid e-mail twice: one whose answer was lost fails as in doubt', async () => {
    await addSendingKey(core, sims, ws, 'sendgrid');
    sims.mail.failAfterAccept = 1;
    try {
      const made = await core.campaigns.create(
        { workspaceId: ws, channel: 'email', contacts: csv(emailCsv(5, 5000)), template: TEMPLATE, window: ALL_DAY, rate: 50 },
        'console',
      );
      const done = await core.campaigns.run(made.campaign.id, 'console');

      expect(done.counts).toMatchObject({ sent: 4, failed: 1 });
      // SendGrid took all five (one answer was lost); nobody got a second copy.
      expect(sims.mail.mails).toHaveLength(5);
      expect(sims.mail.stats.duplicates()).toEqual([]);
      const [failed] = core.campaigns.messages(made.campaign.id, { status: 'failed' }).rows;
      expect(failed?.error).toBe(
        'in doubt: the request may have reached SendGrid, which cannot be asked; check its activity feed before sending again',
      );
    } finally {
      sims.mail.failAfterAccept = 0;
    }
  });
});
