/**
 * What happens to messages left in doubt, and to runs stopped and started in quick succession,
 * against the Twilio and Resend simulators: a refused key while asking pauses instead of
 * looping, a message Twilio never took waits for its window again, a cancelled campaign leaves
 * nothing half-sent, and a Resume pressed while a Pause winds down is not lost.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANCELLED_IN_DOUBT } from '../../../electron/core/campaigns/messaging/run';
import { SenderLeases } from '../../../electron/core/campaigns/messaging/sender-lease';
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

const until = async (what: () => boolean, ms = 120_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('messages in doubt and interrupted runs', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  let keyId: string;
  /** The core's clock runs this far ahead of the machine's (which the simulators keep too: a Twilio lookup compares them). */
  let shift = 0;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    shift = 0;
    sims.sms.stats.reset();
    sims.sms.messages.splice(0);
    sims.twilio.clearRequests();
    core = await makeMessagingCore(sims, { now: () => new Date(Date.now() + shift) });
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    keyId = await addSendingKey(core, sims, ws, 'twilio');
  });
  afterEach(() => {
    sims.twilio.setFault(null);
    sims.sms.revokeAfter = null;
    sims.sms.revokedAt = null;
    sims.sms.failAfterAccept = 0;
    core.dispose();
  });

  const create = async (numbers: readonly string[], window = ALL_DAY, timezone = 'America/New_York') =>
    (
      await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(numbers, timezone)), template: 'Hi {{first_name}}', window, rate: 100 },
        'console',
      )
    ).campaign.id;
  const posts = () => sims.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
  const lookups = () => sims.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json') && r.query.From);

  it('pauses when the token is refused while asking Twilio about a message in doubt, instead of asking for ever', async () => {
    const [number] = usNumbers(1, 100);
    const id = await create([number ?? '']);
    // Twilio takes the message, the answer is lost, and the token is revoked right after.
    sims.sms.failAfterAccept = 1;
    sims.sms.revokeAfter = 1;
    const paused = await core.campaigns.run(id, 'console', { settleMs: 50 });

    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toBe(
      "The client's Twilio token was revoked or changed (Twilio answered HTTP 401 to the lookup). Nothing more was sent: update the key, then resume.",
    );
    // Still in doubt, not failed and not sent again: one POST, one refused lookup.
    expect(paused.counts).toMatchObject({ sending: 1, sent: 0, failed: 0 });
    expect(posts()).toHaveLength(1);
    expect(lookups().map((r) => r.status)).toEqual([401]);

    // With the new token the lookup finds it: recorded as sent, never sent twice.
    core.credentials.update(keyId, { fields: sims.twilio.fields }, 'console');
    await core.checks.test(keyId, 'console');
    const done = await core.campaigns.run(id, 'console', { settleMs: 50 });
    expect(done).toMatchObject({ state: 'completed', counts: { sent: 1, sending: 0 } });
    expect(posts()).toHaveLength(1);
    expect(sims.sms.stats.duplicates()).toEqual([]);
  });

  it('gives up asking after the attempts run out when Twilio keeps failing the lookup', async () => {
    const id = await create(usNumbers(1, 150));
    sims.sms.failAfterAccept = 1;
    // Every GET fails from here on; POSTs are not touched.
    sims.twilio.setFault({ kind: 'server-error', status: 500 }, { times: 100, method: 'GET' });
    const done = await core.campaigns.run(id, 'console', { settleMs: 20, maxAttempts: 3 });

    expect(done).toMatchObject({ state: 'completed', unconfirmed: 1, counts: { failed: 1, sending: 0 } });
    expect(core.campaigns.messages(id, { status: 'failed' }).rows[0]?.error).toMatch(
      /^gave up after 3 attempts: Twilio answered HTTP 500 to the lookup$/,
    );
    expect(posts()).toHaveLength(1);
  });

  it('sends a message Twilio never took only inside its window, even when the window closed while it was in doubt', async () => {
    // Open now for half an hour (from the core's current minute), so closed three hours from now.
    const open = utcWindow(core.now(), 0, 30);
    const id = await create(usNumbers(1, 200), open.window, 'UTC');
    sims.twilio.setFault({ kind: 'server-error', status: 503 }, { times: 1, method: 'POST' });
    core.campaigns.start(id, 'console');
    await until(() => posts().length === 1);
    // The clock moves past the window before Twilio is asked.
    shift = 3 * 3_600_000;
    await until(() => core.campaigns.get(id).counts.queued === 1 && lookups().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    core.campaigns.pause(id, 'console');
    await until(() => !core.campaigns.isRunningHere(id));

    const row = core.campaigns.messages(id).rows[0];
    expect(row).toMatchObject({ status: 'queued' });
    // Not before the window opens again: tomorrow at the same minute.
    expect(row?.notBefore).toBe(new Date(open.opensAt + 24 * 3_600_000).toISOString());
    expect(posts()).toHaveLength(1);
  });

  it('fails what is still in doubt when a campaign is cancelled, so nothing stays half-sent', async () => {
    const id = await create(usNumbers(3, 300));
    sims.sms.failAfterAccept = 1;
    core.campaigns.start(id, 'console');
    // The message in doubt rests a second before the lookup: cancel meanwhile.
    await until(() => core.campaigns.get(id).counts.sending === 1 && core.campaigns.get(id).counts.sent === 2);
    const cancelled = core.campaigns.cancel(id, 'console');
    await until(() => !core.campaigns.isRunningHere(id));

    const after = core.campaigns.get(id);
    expect(cancelled.state).toBe('cancelled');
    expect(after).toMatchObject({ state: 'cancelled', counts: { sending: 0, sent: 2, failed: 1 } });
    expect(core.campaigns.messages(id, { status: 'failed' }).rows[0]?.error).toBe(CANCELLED_IN_DOUBT);
  });

  describe('a Resend batch whose answer was lost', () => {
    const emails = (n: number, start: number): string =>
      ['email,first_name,timezone', ...Array.from({ length: n }, (_, i) => `p${start + i}@example.org,P${start + i},UTC`)].join('\n');
    const batches = () => sims.resend.requests.filter((r) => r.path === '/emails/batch');
    beforeEach(async () => {
      sims.emails.emails.splice(0);
      sims.emails.stats.reset();
      sims.resend.clearRequests();
      await addSendingKey(core, sims, ws, 'resend');
    });
    afterEach(() => {
      sims.emails.failAfterAccept = 0;
    });

    it('is not repeated once Resend may have forgotten its idempotency key', async () => {
      const id = (
        await core.campaigns.create(
          {
            workspaceId: ws,
            channel: 'email',
            contacts: csv(emails(3, 0)),
            template: 'Subject: Hi\n\nHello {{first_name}}',
            window: ALL_DAY,
          },
          'console',
        )
      ).campaign.id;
      sims.emails.failAfterAccept = 1;
      core.campaigns.start(id, 'console');
      await until(() => batches().length === 1);
      // A day passes before the run looks at it again (the machine slept).
      shift = 25 * 3_600_000;
      await until(() => !core.campaigns.isRunningHere(id));

      expect(core.campaigns.get(id)).toMatchObject({ state: 'completed', unconfirmed: 3, counts: { failed: 3, sending: 0 } });
      expect(core.campaigns.messages(id, { status: 'failed' }).rows[0]?.error).toBe(
        'in doubt for longer than Resend remembers a request, so it is not repeated; check Resend’s log before sending it again',
      );
      expect(batches()).toHaveLength(1);
    });

    it('is not repeated to a recipient who opted out meanwhile', async () => {
      const id = (
        await core.campaigns.create(
          {
            workspaceId: ws,
            channel: 'email',
            contacts: csv(emails(3, 10)),
            template: 'Subject: Hi\n\nHello {{first_name}}',
            window: ALL_DAY,
          },
          'console',
        )
      ).campaign.id;
      sims.emails.failAfterAccept = 1;
      core.campaigns.start(id, 'console');
      await until(() => batches().length === 1);
      core.campaigns.dnc.add({ kind: 'workspace', workspaceId: ws }, ['p11@example.org'], 'opt-out', 'console', 'unsubscribed');
      await until(() => !core.campaigns.isRunningHere(id));

      expect(core.campaigns.get(id)).toMatchObject({ state: 'completed', unconfirmed: 3, counts: { failed: 3 } });
      expect(core.campaigns.messages(id, { status: 'failed' }).rows[0]?.error).toBe(
        'in doubt, and a recipient of its request is now opted out, so the request is not repeated; check Resend’s log',
      );
      expect(batches()).toHaveLength(1);
    });
  });

  it('waits while another Switchboard process sends from the same number, then sends once it lets go', async () => {
    // The parent process stands for another live Switchboard (the console while the CLI runs).
    const other = new SenderLeases(core.db, process.ppid);
    const senderKey = `twilio:${sims.twilio.fields.phoneNumber}`;
    expect(other.acquire(senderKey)).toEqual({ ok: true });
    sims.twilio.clearRequests();
    const id = await create(usNumbers(3, 600));
    const notes: (string | null)[] = [];
    core.campaigns.onProgress((p) => p.campaignId === id && notes.push(p.note));
    core.campaigns.start(id, 'console');
    await new Promise((r) => setTimeout(r, 1200));
    expect(core.campaigns.get(id)).toMatchObject({ state: 'running', counts: { queued: 3, sent: 0 } });
    expect(notes).toContain(
      `Another Switchboard process (pid ${process.ppid}) is sending from ${sims.twilio.fields.phoneNumber}; this campaign starts as soon as it is done.`,
    );
    expect(sims.twilio.requests).toHaveLength(0);

    const freed = Date.now();
    other.release(senderKey);
    await until(() => !core.campaigns.isRunningHere(id));
    expect(core.campaigns.get(id)).toMatchObject({ state: 'completed', counts: { sent: 3 } });
    expect(notes.at(-1)).toBeNull();
    expect(Math.min(...sims.twilio.requests.map((r) => r.at))).toBeGreaterThanOrEqual(freed);
    // Let go again when done: the next process may take the number at once.
    expect(new SenderLeases(core.db, process.ppid).acquire(senderKey)).toEqual({ ok: true });
  });

  it('does not lose a Resume pressed while a Pause is still winding down', async () => {
    const id = await create(usNumbers(12, 400));
    core.campaigns.start(id, 'console');
    await until(() => core.campaigns.get(id).counts.sent >= 2);
    expect(() => core.campaigns.sendAgain(id, 'console')).toThrowError(
      'This campaign is sending: pause it first, then send the unconfirmed messages again.',
    );
    core.campaigns.pause(id, 'console');
    // Resume at once: the paused run is still waiting for its requests in flight.
    core.campaigns.start(id, 'console');
    const done = await core.campaigns.run(id, 'console');

    expect(done).toMatchObject({ state: 'completed', counts: { sent: 12 } });
    expect(sims.sms.stats.duplicates()).toEqual([]);
  });
});
