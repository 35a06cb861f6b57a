import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenTag } from '../../sim/server';
import { promoteSecondary } from '../../sim/twilio';
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

/** Twilio's secondary auth token, created in its console for the rotation. */
const NEW_TOKEN = '0123456789abcdef0123456789abcdef';

describe('rotating a key under a running campaign', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  let oldKey: string;
  let oldToken: string;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.sms.stats.reset();
    sims.sms.messages.splice(0);
    sims.sms.onAccepted = null;
    sims.sms.onArrival = null;
    sims.twilio.state.secondaryAuthToken = null;
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    oldKey = await addSendingKey(core, sims, ws, 'twilio');
    oldToken = sims.twilio.state.authToken;
    // The client adds a secondary token at Twilio: both work until it is promoted.
    sims.twilio.state.secondaryAuthToken = NEW_TOKEN;
  });
  afterEach(() => {
    // The next test starts from the old primary token again.
    if (sims.twilio.state.authToken !== oldToken) sims.twilio.state.authToken = oldToken;
    core.dispose();
  });

  /** Runs `act` while Twilio holds the answer to this test's `k`-th accepted message. */
  const whenAccepted = (k: number, act: () => Promise<void>): void => {
    sims.sms.onAccepted = async () => {
      if (sims.sms.messages.filter((m) => m.direction === 'outbound-api').length === k) await act();
    };
  };

  /** Per credential, the messages usage billed to it. */
  const billed = (): Record<string, number> =>
    Object.fromEntries(
      (
        core.db.prepare('SELECT credential_id AS id, SUM(messages) AS n FROM usage_daily GROUP BY credential_id').all() as {
          id: string;
          n: number;
        }[]
      ).map((r) => [r.id, r.n]),
    );

  it('switches between two messages: the first twelve go with the old token, every later one with the new, each contact once', async () => {
    const numbers = usNumbers(30);
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(numbers)), template: 'Hi {{first_name}}', window: ALL_DAY, rate: 100 },
      'console',
    );
    let newKey: string | null = null;
    // Twilio has accepted message 12 and not answered yet: the campaign waits on it while the key rotates.
    whenAccepted(12, async () => {
      const r = await core.rotation.rotate(oldKey, { fields: { authToken: NEW_TOKEN } }, 'console');
      expect(r).toMatchObject({ switched: true, reason: null, check: { status: 'valid' }, moved: { workspaces: 1, campaigns: 1 } });
      newKey = r.newCredentialId;
    });
    const done = await core.campaigns.run(made.campaign.id, 'console', { maxInFlight: 1 });

    expect(done).toMatchObject({ state: 'completed', counts: { total: 30, sent: 30, failed: 0, queued: 0, sending: 0 } });
    expect([...sims.sms.stats.perRecipient.keys()].sort()).toEqual([...numbers].sort());
    expect(sims.sms.stats.duplicates()).toEqual([]);
    const tags = sims.sms.messages.filter((m) => m.direction === 'outbound-api').map((m) => m.tokenTag);
    expect(tags).toEqual([...Array<string>(12).fill(tokenTag(oldToken)), ...Array<string>(18).fill(tokenTag(NEW_TOKEN))]);
    // Whoever sent a message pays for it: usage is split between the two keys exactly there.
    expect(newKey).not.toBeNull();
    expect(billed()).toEqual({ [oldKey]: 12, [newKey ?? '']: 18 });
    expect(core.campaigns.get(made.campaign.id)).toMatchObject({ provider: 'twilio' });
    expect(core.db.prepare('SELECT credential_id FROM campaigns WHERE id = ?').get(made.campaign.id)).toEqual({ credential_id: newKey });
    const switches = core.audit.list({ action: 'campaign.switch-key' });
    expect(switches).toHaveLength(1);
    expect(switches[0]?.detail).toMatchObject({ from: oldKey, to: newKey });
  });

  it('loses and doubles nothing when the old token is revoked the moment the switch commits, with requests in flight', async () => {
    const numbers = usNumbers(40, 500);
    const made = await core.campaigns.create(
      { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(numbers)), template: 'Hello {{first_name}}', window: ALL_DAY, rate: 200 },
      'console',
    );
    // While the key rotates, requests that left with the old token wait at Twilio's door.
    let parked = 0;
    let release: (() => void) | null = null;
    const gate = new Promise<void>((r) => (release = r));
    let rotating = false;
    sims.sms.onArrival = async (tag) => {
      if (!rotating || tag !== tokenTag(oldToken)) return;
      parked += 1;
      await gate;
    };
    let rotated = false;
    whenAccepted(10, async () => {
      rotating = true;
      // The campaign keeps sending while message 10's answer is held: wait until one more request is in flight.
      for (let i = 0; i < 200 && parked === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
      const r = await core.rotation.rotate(oldKey, { fields: { authToken: NEW_TOKEN } }, 'console');
      expect(r.switched).toBe(true);
      // The operator promotes the secondary token at once: the requests still on their way with the old one meet a 401.
      promoteSecondary(sims.twilio.state);
      rotated = true;
      release?.();
    });
    const done = await core.campaigns.run(made.campaign.id, 'console', { maxInFlight: 8 });

    expect(rotated).toBe(true);
    expect(parked).toBeGreaterThan(0);
    expect(sims.twilio.requests.filter((r) => r.method === 'POST' && r.status === 401).length).toBeGreaterThanOrEqual(parked);
    expect(done).toMatchObject({ state: 'completed', pauseReason: null, counts: { total: 40, sent: 40, failed: 0 } });
    expect([...sims.sms.stats.perRecipient.keys()].sort()).toEqual([...numbers].sort());
    expect(sims.sms.stats.duplicates()).toEqual([]);
    const tags = sims.sms.messages.filter((m) => m.direction === 'outbound-api').map((m) => m.tokenTag);
    // Old-token messages all come first; once the new token appears the old one never does again.
    const firstNew = tags.indexOf(tokenTag(NEW_TOKEN));
    expect(firstNew).toBeGreaterThanOrEqual(10);
    expect(tags.slice(firstNew).every((t) => t === tokenTag(NEW_TOKEN))).toBe(true);
    expect(core.audit.list({ action: 'campaign.pause' })).toEqual([]);

    // Revoked at Twilio: the operator confirms, and the old key's ciphertext goes.
    core.rotation.confirmRevoked(oldKey, 'console');
    expect(core.db.prepare('SELECT ciphertext, deleted_at IS NOT NULL AS gone FROM credentials WHERE id = ?').get(oldKey)).toEqual({
      ciphertext: null,
      gone: 1,
    });
  });

  it('moves an e-mail campaign to the new Resend key between two batches', async () => {
    sims.emails.emails.splice(0);
    sims.emails.stats.reset();
    const oldResend = await addSendingKey(core, sims, ws, 'resend');
    const oldApiKey = sims.resend.state.apiKey;
    // Resend's rotation: a new key next to the old one (here a sending-only key), both valid until the old is deleted.
    const newApiKey = sims.resend.state.sendingKeys[0] ?? '';
    const people = Array.from({ length: 250 }, (_, i) => `person${i}@example.org`);
    const made = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'email',
        contacts: csv(['email,first_name,timezone', ...people.map((e, i) => `${e},P${i},UTC`)].join('\n')),
        template: 'Subject: News\nHello {{first_name}}',
        window: ALL_DAY,
      },
      'console',
    );
    let switched = false;
    sims.emails.onAccepted = async (n) => {
      if (n !== 100 || switched) return;
      const r = await core.rotation.rotate(oldResend, { fields: { apiKey: newApiKey } }, 'console');
      expect(r).toMatchObject({ switched: true, check: { status: 'warning' }, moved: { campaigns: 1 } });
      switched = true;
    };
    try {
      const done = await core.campaigns.run(made.campaign.id, 'console', { maxInFlight: 1 });
      expect(done).toMatchObject({ state: 'completed', counts: { total: 250, sent: 250, failed: 0 } });
    } finally {
      sims.emails.onAccepted = null;
    }
    expect(switched).toBe(true);
    expect([...sims.emails.stats.perRecipient.keys()].sort()).toEqual([...people].sort());
    expect(sims.emails.stats.duplicates()).toEqual([]);
    expect(sims.emails.emails.map((e) => e.keyTag)).toEqual([
      ...Array<string>(100).fill(tokenTag(oldApiKey)),
      ...Array<string>(150).fill(tokenTag(newApiKey)),
    ]);
  });
});
