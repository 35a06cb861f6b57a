/**
 * SMS campaigns for a workspace whose only SMS key is Exotel, against the Exotel simulator:
 * every message once, a revoked token pauses the campaign, and a message in doubt (Exotel cannot
 * be asked whether it took it) fails instead of going out twice.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exotelSender } from '../../../electron/core/messaging/senders/exotel';
import { originEnvName } from '../../../electron/core/providers/origin';
import { makeCore } from '../../helpers/core';
import { ALL_DAY, csv, smsCsv, type TestCore } from '../../helpers/messaging';
import { type ExotelState, startExotelSim } from '../../sim/exotel';
import { type ExotelSimMessaging, serveExotelSms } from '../../sim/exotel-sms';
import type { ProviderSim } from '../../sim/server';

/** `n` Indian mobile numbers in E.164, distinct. */
const inNumbers = (n: number, start = 0): string[] => Array.from({ length: n }, (_, i) => `+9198${String(start + i).padStart(8, '0')}`);
const IN_DOUBT = 'in doubt: the request may have reached Exotel, which cannot be asked; check its SMS log before sending again';

describe('an SMS campaign sent through Exotel', () => {
  let sim: ProviderSim<ExotelState>;
  let sms: ExotelSimMessaging;
  let core: TestCore;
  let ws: string;
  let keyId: string;
  beforeAll(async () => {
    sim = await startExotelSim();
    sms = serveExotelSms(sim);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sms.stats.reset();
    sms.messages.splice(0);
    sim.clearRequests();
    core = await makeCore({ env: { [originEnvName('exotel')]: sim.url }, checkTimeoutMs: 60_000 });
    ws = core.workspaces.create({ name: 'Chai Co', defaultCountry: 'IN' }, 'console').id;
    keyId = core.credentials.add({ workspaceId: ws, provider: 'exotel', fields: sim.fields }, 'console').id;
    expect((await core.checks.test(keyId, 'console')).status).toBe('valid');
  });
  afterEach(() => {
    sms.revokeAfter = null;
    sms.revokedAt = null;
    sms.failAfterAccept = 0;
    core.dispose();
  });

  const create = async (numbers: readonly string[]) =>
    (
      await core.campaigns.create(
        {
          workspaceId: ws,
          channel: 'sms',
          contacts: csv(smsCsv(numbers, 'Asia/Kolkata')),
          template: 'Namaste {{first_name}}, your order is ready.',
          window: ALL_DAY,
          rate: 100,
        },
        'console',
      )
    ).campaign.id;
  const posts = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Sms/send.json'));

  it('resolves Exotel for the SMS line and sends every contact one message from the ExoPhone', async () => {
    expect(core.resolver.describe(ws, 'sms')).toMatchObject({ provider: 'exotel', owner: 'own', credentialId: keyId });
    expect(core.onboarding.get(ws).channels.find((c) => c.channel === 'sms')).toMatchObject({
      ready: true,
      lines: [{ state: 'validated', provider: 'exotel' }],
    });
    const numbers = inNumbers(20);
    const id = await create(numbers);
    const done = await core.campaigns.run(id, 'console');

    expect(done).toMatchObject({
      state: 'completed',
      provider: 'exotel',
      keyOwner: 'own',
      counts: { total: 20, sent: 20, failed: 0, queued: 0, sending: 0 },
    });
    expect([...sms.stats.perRecipient.keys()].sort()).toEqual([...numbers].sort());
    expect(sms.stats.duplicates()).toEqual([]);
    expect(sms.messages.find((m) => m.to === numbers[3])).toMatchObject({
      from: sim.fields.phoneNumber,
      body: 'Namaste Contact3, your order is ready.',
    });
    const rows = core.campaigns.messages(id, { limit: 100 }).rows;
    expect(new Set(rows.map((r) => r.providerId))).toEqual(new Set(sms.messages.map((m) => m.sid)));
    expect(core.usage.summary(ws).byProvider.find((p) => p.provider === 'exotel')).toMatchObject({ messages: 20 });
  });

  it('pauses with the reason when the API token is revoked, and sends nothing more', async () => {
    const id = await create(inNumbers(15, 100));
    sms.revokeAfter = 5;
    const paused = await core.campaigns.run(id, 'console', { maxInFlight: 1 });

    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toBe(
      "The client's Exotel API token was revoked or changed (Exotel answered HTTP 401). Nothing more was sent: update the key, then resume.",
    );
    expect(paused.counts).toMatchObject({ sent: 5, queued: 10, sending: 0, failed: 0 });
    const all = posts();
    expect(all.slice(all.findLastIndex((r) => r.status === 200) + 1).map((r) => r.status)).toEqual([401]);
    expect(paused.pauseReason).not.toContain(sim.fields.apiToken);

    // A second run with the revoked key meets one 401 and stops again.
    expect((await core.campaigns.run(id, 'console', { maxInFlight: 1 })).state).toBe('paused');
    expect(sms.messages).toHaveLength(5);
  });

  it('fails a message that was in flight when the process died, and never sends it twice', async () => {
    const numbers = inNumbers(6, 200);
    const id = await create(numbers);
    const victim = numbers[2] as string;
    // The dead process marked the row in flight and its request reached Exotel before the crash.
    const row = core.db.prepare('SELECT id FROM messages WHERE campaign_id = ? AND recipient = ?').get(id, victim) as { id: number };
    core.db
      .prepare("UPDATE messages SET state = 'sending', attempts = 1, sender = ?, inflight_at = ?, not_before = ? WHERE id = ?")
      .run(`exotel:${sim.fields.phoneNumber}`, Date.now() - 5_000, Date.now() - 5_000, row.id);
    const sent = await exotelSender({ fields: sim.fields, endpoint: sim.url }, {}).send(
      [{ id: row.id, recipient: victim, subject: null, body: 'Namaste Contact2, your order is ready.' }],
      '',
      AbortSignal.timeout(5_000),
    );
    expect(sent.kind).toBe('accepted');

    const done = await core.campaigns.run(id, 'console');
    expect(done).toMatchObject({ state: 'completed', counts: { total: 6, sent: 5, failed: 1 } });
    expect(core.campaigns.messages(id).rows.find((r) => r.recipient === victim)).toMatchObject({ status: 'failed', error: IN_DOUBT });
    expect(sms.stats.perRecipient.get(victim)).toBe(1);
    expect(sms.stats.duplicates()).toEqual([]);
    expect(sms.stats.perRecipient.size).toBe(6);
  });

  it('fails rather than repeats a message whose answer was lost in a 500', async () => {
    const numbers = inNumbers(3, 300);
    const id = await create(numbers);
    sms.failAfterAccept = 1;
    const done = await core.campaigns.run(id, 'console', { maxInFlight: 1 });
    expect(done).toMatchObject({ state: 'completed', counts: { sent: 2, failed: 1 } });
    expect(
      core.campaigns
        .messages(id)
        .rows.filter((r) => r.status === 'failed')
        .map((r) => r.error),
    ).toEqual([IN_DOUBT]);
    expect(posts()).toHaveLength(3);
    expect(sms.stats.duplicates()).toEqual([]);
  });

  it('sends an in-doubt message again only when the operator says so, and only that one', async () => {
    const numbers = inNumbers(3, 400);
    const id = await create(numbers);
    sms.failAfterAccept = 1;
    const done = await core.campaigns.run(id, 'console', { maxInFlight: 1 });
    expect(done).toMatchObject({ state: 'completed', unconfirmed: 1, counts: { sent: 2, failed: 1 } });
    const victim = core.campaigns.messages(id, { status: 'failed' }).rows[0]?.recipient ?? '';

    // The count the operator confirmed must still hold.
    expect(() => core.campaigns.sendAgain(id, 'console', 2)).toThrowError(
      '1 messages are unconfirmed now, not 2: look at the campaign again before sending them.',
    );
    const again = core.campaigns.sendAgain(id, 'console', 1);
    expect(again).toMatchObject({ state: 'paused', pauseReason: null, unconfirmed: 0, counts: { sent: 2, failed: 0, queued: 1 } });
    expect(core.audit.list({ action: 'campaign.send-again' }).map((r) => r.detail)).toEqual([{ messages: 1 }]);
    const after = await core.campaigns.run(id, 'console');

    expect(after).toMatchObject({ state: 'completed', counts: { sent: 3, failed: 0 } });
    // Exotel had taken the first one (its answer was lost): the operator chose a second copy for that one recipient alone.
    expect(sms.stats.perRecipient.get(victim)).toBe(2);
    expect([...sms.stats.perRecipient.entries()].filter(([to]) => to !== victim).every(([, n]) => n === 1)).toBe(true);
    expect(() => core.campaigns.sendAgain(id, 'console')).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
