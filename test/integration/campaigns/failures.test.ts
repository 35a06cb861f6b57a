import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampaignProgress } from '../../../shared/campaigns';
import { monthOf } from '../../../electron/core/usage/cost';
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
  utcWindow,
} from '../../helpers/messaging';

describe('an SMS campaign when things go wrong', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  let keyId: string;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.sms.stats.reset();
    sims.sms.messages.splice(0);
    sims.twilio.clearRequests();
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    keyId = await addSendingKey(core, sims, ws, 'twilio');
  });
  afterEach(() => {
    sims.twilio.setFault(null);
    sims.sms.revokeAfter = null;
    sims.sms.revokedAt = null;
    core.dispose();
  });

  const create = async (n: number, start: number, window = ALL_DAY, timezone = 'America/New_York') =>
    (
      await core.campaigns.create(
        {
          workspaceId: ws,
          channel: 'sms',
          contacts: csv(smsCsv(usNumbers(n, start), timezone)),
          template: 'Hi {{first_name}}',
          window,
          rate: 100,
        },
        'console',
      )
    ).campaign.id;
  const posts = () => sims.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));

  it('pauses with the reason when the token is revoked mid-campaign, and sends nothing more', async () => {
    const id = await create(30, 0);
    sims.sms.revokeAfter = 10;
    const paused = await core.campaigns.run(id, 'console', { maxInFlight: 1 });

    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toBe(
      "The client's Twilio token was revoked or changed (Twilio answered HTTP 401, error 20003). Nothing more was sent: update the key, then resume.",
    );
    expect(paused.counts).toMatchObject({ sent: 10, queued: 20, sending: 0, failed: 0 });
    const all = posts();
    const after = all.slice(all.findLastIndex((r) => r.status === 201) + 1);
    expect(after.map((r) => r.status)).toEqual([401]);
    expect(core.audit.list({ workspaceId: ws, action: 'campaign.pause' })[0]?.detail).toMatchObject({ reason: paused.pauseReason });

    // The client gives the new token: the campaign resumes where it stopped.
    core.credentials.update(keyId, { fields: sims.twilio.fields }, 'console');
    await core.checks.test(keyId, 'console');
    const done = await core.campaigns.run(id, 'console');
    expect(done).toMatchObject({ state: 'completed', pauseReason: null, counts: { sent: 30 } });
    expect(sims.sms.stats.perRecipient.size).toBe(30);
    expect(sims.sms.stats.duplicates()).toEqual([]);
  });

  it('lets no more than the requests already in flight meet a revoked token', async () => {
    const id = await create(40, 100);
    sims.sms.revokeAfter = 5;
    const paused = await core.campaigns.run(id, 'console');
    expect(paused.state).toBe('paused');
    const rejected = posts().filter((r) => r.status === 401);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeLessThanOrEqual(8);
  });

  it('waits out a 429 for as long as Retry-After says, then sends each message once', async () => {
    const id = await create(6, 200);
    // The first two sends meet the 429 (the run's read of STOP replies, a GET, is left alone).
    sims.twilio.setFault({ kind: 'rate-limited', retryAfterSeconds: 1 }, { times: 2, method: 'POST' });
    // One request at a time: which sends meet a 429 then depends on the runner alone, not on how
    // many were already on their way when the first 429 came back (under load that was a third,
    // accepted 20 ms after the 429 it had been sent before the runner could read).
    const done = await core.campaigns.run(id, 'console', { maxInFlight: 1 });
    expect(done.counts).toMatchObject({ sent: 6, failed: 0 });
    const all = posts();
    expect(all.map((r) => r.status)).toEqual([429, 429, 201, 201, 201, 201, 201, 201]);
    // After each 429 nothing went for Retry-After's second (the simulator stamps whole milliseconds).
    for (const i of [0, 1]) expect((all[i + 1]?.at ?? 0) - (all[i]?.at ?? 0)).toBeGreaterThanOrEqual(999);
    expect(sims.sms.stats.duplicates()).toEqual([]);
  });

  it('looks a message up after a 500 and does not send it again when Twilio had accepted it', async () => {
    const id = await create(5, 300);
    sims.sms.failAfterAccept = 2;
    const done = await core.campaigns.run(id, 'console', { settleMs: 50 });
    expect(done.counts).toMatchObject({ sent: 5, failed: 0 });
    expect(sims.sms.stats.perRecipient.size).toBe(5);
    expect(sims.sms.stats.duplicates()).toEqual([]);
    expect(sims.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json') && r.query.From)).toHaveLength(2);
  });

  it('sends again after a 503 when the lookup shows Twilio never took the message', async () => {
    const id = await create(3, 400);
    sims.twilio.setFault({ kind: 'server-error', status: 503 }, { times: 1 });
    const done = await core.campaigns.run(id, 'console', { settleMs: 50 });
    expect(done.counts).toMatchObject({ sent: 3 });
    expect(sims.sms.stats.perRecipient.size).toBe(3);
    expect(sims.sms.stats.duplicates()).toEqual([]);
  });

  it('holds two campaigns on one number to the lower of their rates together, not each to its own', async () => {
    const fast = (
      await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(10, 800))), template: 'Hi', window: ALL_DAY, rate: 50 },
        'console',
      )
    ).campaign.id;
    const slow = (
      await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(10, 900))), template: 'Hi', window: ALL_DAY, rate: 5 },
        'console',
      )
    ).campaign.id;
    const [a, b] = await Promise.all([core.campaigns.run(fast, 'console'), core.campaigns.run(slow, 'console')]);
    expect([a.counts.sent, b.counts.sent]).toEqual([10, 10]);
    // Twenty sends on one number at 5/s: no window of one second saw more than five. Timed when this
    // process sent them (the moment each was marked in flight), not when the simulator, in the same
    // busy process, got round to reading them: a loaded machine can bunch arrivals, not sends.
    const sends = (
      core.db.prepare('SELECT inflight_at AS at FROM messages WHERE campaign_id IN (?, ?)').all(fast, slow) as { at: number }[]
    ).map((r) => r.at);
    expect(sends).toHaveLength(20);
    const busiest = Math.max(...sends.map((t) => sends.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(5);
  });

  it('stops before sending when the workspace has no key and forbids the agency fallback', async () => {
    const other = core.workspaces.create({ name: 'Globex', defaultCountry: 'US' }, 'console').id;
    await addSendingKey(core, sims, core.workspaces.agency().id, 'twilio');
    core.workspaces.setFallback(other, false, 'console');
    const made = await core.campaigns.create(
      { workspaceId: other, channel: 'sms', contacts: csv(smsCsv(usNumbers(3, 500))), template: 'Hi', window: ALL_DAY },
      'console',
    );
    expect(made.warnings).toEqual([
      "Globex has no validated SMS key and does not allow falling back to the agency's keys. The campaign will not send until then.",
    ]);
    const paused = await core.campaigns.run(made.campaign.id, 'console');
    expect(paused).toMatchObject({
      state: 'paused',
      pauseReason: "Globex has no validated SMS key and does not allow falling back to the agency's keys.",
      counts: { queued: 3, sent: 0 },
    });
    expect(posts()).toHaveLength(0);

    core.workspaces.setFallback(other, true, 'console');
    const done = await core.campaigns.run(made.campaign.id, 'console');
    expect(done).toMatchObject({ state: 'completed', keyOwner: 'agency', counts: { sent: 3 } });
    const billed = core.usage.billingCsv(monthOf(core.now()), other);
    expect(billed).toMatch(/Globex,twilio,agency,0,3,/);
  });

  it('holds a contact outside the window until it opens, without sending or dropping it', async () => {
    // Opens two hours from the core's current minute, for an hour.
    const later = utcWindow(core.now(), 120, 60);
    const id = await create(2, 600, later.window, 'UTC');
    const waiting = new Promise<CampaignProgress>((resolve) =>
      core.campaigns.onProgress((p) => p.campaignId === id && p.waiting === 2 && resolve(p)),
    );
    const run = core.campaigns.run(id, 'console');
    const p = await waiting;
    core.campaigns.pause(id, 'console');
    const paused = await run;

    expect(paused.counts).toMatchObject({ queued: 2, sent: 0 });
    expect(p.nextOpeningAt).toBe(new Date(later.opensAt).toISOString());
    expect(posts()).toHaveLength(0);
  });
});
