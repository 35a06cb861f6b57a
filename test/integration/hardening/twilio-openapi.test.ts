/**
 * Every request the core sends to Twilio, checked against Twilio's own OpenAPI description rather
 * than only against our simulators: SMS sending, the opt-out and crash-recovery lookups, the live
 * check (Account, IncomingPhoneNumbers, Messaging Service), and the streamed dial and hang-up. The validator itself is shown to refuse unknown and missing parameters first.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { twilioSender } from '../../../electron/core/messaging/senders/twilio';
import { originEnvName } from '../../../electron/core/providers/origin';
import { dialTwilioStream, hangUpTwilio } from '../../../electron/core/voice/carriers/twilio/calls';
import {
  ALL_DAY,
  addSendingKey,
  csv,
  makeMessagingCore,
  type MessagingSims,
  smsCsv,
  startMessagingSims,
  usNumbers,
} from '../../helpers/messaging';
import { type CapturedRequest, checkTwilioRequest, checkTwilioRequests } from '../../helpers/twilio-openapi';
import { addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims } from '../../helpers/voice';
import type { RecordedRequest } from '../../sim/server';

const SID = `AC${'a1'.repeat(16)}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (path: string, body: string): CapturedRequest => ({ method: 'POST', path, search: '', headers: FORM, body });
const messages = `/2010-04-01/Accounts/${SID}/Messages.json`;

/** The operations seen, and every request's problems (expected: none). */
function verdicts(reqs: readonly RecordedRequest[]): { operations: Set<string | null>; problems: string[] } {
  const all = checkTwilioRequests(reqs);
  return {
    operations: new Set(all.map((v) => v.operation)),
    problems: all.flatMap((v) => v.problems.map((p) => `${v.operation ?? '?'}: ${p}`)),
  };
}

describe('the Twilio OpenAPI validator', () => {
  it('accepts a well-formed message and call', () => {
    expect(
      checkTwilioRequest(post(messages, 'To=%2B14155550100&From=%2B15005550006&Body=Hi&StatusCallback=https%3A%2F%2Fexample.com%2Fs')),
    ).toEqual({ operation: 'POST /2010-04-01/Accounts/{AccountSid}/Messages.json', problems: [] });
    const call =
      'To=%2B14155550100&From=%2B15005550006&Twiml=%3CResponse%3E%3CSay%3EHi%3C%2FSay%3E%3C%2FResponse%3E&StatusCallbackEvent=initiated&StatusCallbackEvent=completed&StatusCallbackMethod=POST&Timeout=30';
    expect(checkTwilioRequest(post(`/2010-04-01/Accounts/${SID}/Calls.json`, call)).problems).toEqual([]);
  });

  it('refuses a parameter the operation does not declare, and a missing required one', () => {
    expect(checkTwilioRequest(post(messages, 'To=%2B14155550100&Body=Hi&Priority=high')).problems).toEqual([
      'form parameter Priority is not a parameter of POST /2010-04-01/Accounts/{AccountSid}/Messages.json',
    ]);
    expect(checkTwilioRequest(post(messages, 'From=%2B15005550006&Body=Hi')).problems).toEqual(['required form parameter To is missing']);
    expect(
      checkTwilioRequest({
        method: 'GET',
        path: `/2010-04-01/Accounts/${SID}/IncomingPhoneNumbers.json`,
        search: 'PhoneNumber=%2B15005550006&Limit=1',
        headers: {},
        body: '',
      }).problems,
    ).toEqual(['query parameter Limit is not a parameter of GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json']);
  });

  it('refuses a bad account SID, enum value, URI, integer, repeated scalar and unknown path', () => {
    const bad = checkTwilioRequest(
      post(
        '/2010-04-01/Accounts/AC123/Calls.json',
        'To=%2B14155550100&From=%2B15005550006&Url=calls&StatusCallbackMethod=PUT&Timeout=soon&From=%2B15005550007',
      ),
    );
    expect(bad.problems).toEqual([
      'AccountSid="AC123" does not match ^AC[0-9a-fA-F]{32}$',
      'AccountSid="AC123" is shorter than 34 characters',
      'From is sent 2 times but is not an array',
      'Url="calls" is not an absolute URI',
      'StatusCallbackMethod="PUT" is not one of GET, POST',
      'Timeout="soon" is not an integer',
    ]);
    expect(checkTwilioRequest(post(`/2010-04-01/Accounts/${SID}/Calls/CA${'0'.repeat(32)}.json`, 'Status=hung-up')).problems).toEqual([
      'Status="hung-up" is not one of canceled, completed',
    ]);
    expect(
      checkTwilioRequest({ method: 'GET', path: `/2010-04-01/Accounts/${SID}/Texts.json`, search: '', headers: {}, body: '' }),
    ).toMatchObject({ operation: null, problems: [expect.stringContaining('is not an operation')] });
    expect(
      checkTwilioRequest({ ...post(messages, 'To=%2B14155550100&Body=Hi'), headers: { 'content-type': 'application/json' } }).problems,
    ).toEqual(['the body is sent as application/json, not application/x-www-form-urlencoded']);
  });
});

describe('requests the core sends for SMS and the live check', () => {
  let sims: MessagingSims;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(() => sims.twilio.clearRequests());

  it('sends a campaign from a phone number, reads STOP replies, and checks the key, all as Twilio describes them', async () => {
    const core = await makeMessagingCore(sims);
    try {
      const ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
      await addSendingKey(core, sims, ws, 'twilio');
      const numbers = usNumbers(3, 700);
      sims.sms.inbound(numbers[2] as string, '+15005550006', 'STOP');
      const made = await core.campaigns.create(
        {
          workspaceId: ws,
          channel: 'sms',
          contacts: csv(smsCsv(numbers)),
          template: 'Hi {{first_name}} — café at 5?',
          window: ALL_DAY,
          rate: 100,
        },
        'console',
      );
      expect((await core.campaigns.run(made.campaign.id, 'console')).counts).toMatchObject({ sent: 2, skipped: 1 });
    } finally {
      core.dispose();
    }
    const v = verdicts(sims.twilio.requests);
    expect(v.problems).toEqual([]);
    expect([...v.operations].sort()).toEqual([
      'GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'GET /2010-04-01/Accounts/{AccountSid}/Messages.json',
      'GET /2010-04-01/Accounts/{Sid}.json',
      'POST /2010-04-01/Accounts/{AccountSid}/Messages.json',
    ]);
  });

  it('sends through a Messaging Service and looks a message up after a crash, as Twilio describes them', async () => {
    const core = await makeMessagingCore(sims);
    const mg = sims.twilio.state.services[0]?.sid ?? '';
    try {
      const ws = core.workspaces.create({ name: 'Beta', defaultCountry: 'US' }, 'console').id;
      await addSendingKey(core, sims, ws, 'twilio', { messagingServiceSid: mg });
      const made = await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(2, 800))), template: 'Hello', window: ALL_DAY, rate: 100 },
        'console',
      );
      expect((await core.campaigns.run(made.campaign.id, 'console')).counts).toMatchObject({ sent: 2 });
    } finally {
      core.dispose();
    }
    // The lookup a resumed campaign makes for a message that was in flight when the process died.
    const env = { [originEnvName('twilio')]: sims.twilio.url };
    for (const fields of [sims.twilio.fields, { ...sims.twilio.fields, messagingServiceSid: mg }]) {
      const sender = twilioSender({ fields, endpoint: null }, env);
      const found = await sender.lookup?.(
        { id: 1, recipient: usNumbers(1, 800)[0] as string, subject: null, body: 'Hello' },
        Date.now() - 60_000,
        () => false,
        new AbortController().signal,
      );
      expect(found?.kind).toBe('found');
    }
    const v = verdicts(sims.twilio.requests);
    expect(v.problems).toEqual([]);
    expect(v.operations).toContain('GET /v1/Services/{Sid}');
    expect(v.operations).toContain('POST /2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(v.operations).toContain('GET /2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(
      sims.twilio.requests.filter((r) => r.method === 'POST').every((r) => new URLSearchParams(r.body).get('MessagingServiceSid') === mg),
    ).toBe(true);
  });
});

describe('requests the core sends to place and end calls', () => {
  let sims: OnboardingSims;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(() => sims.twilio.clearRequests());

  it('checks a voice key live before any call, as Twilio describes it', async () => {
    const core = await makeSimCore(sims);
    try {
      const ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
      await addVoiceKeys(core, sims, ws);
    } finally {
      core.dispose();
    }
    const v = verdicts(sims.twilio.requests);
    expect(v.problems).toEqual([]);
    expect(v.operations).toContain('GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json');
  });

  it('dials a streamed call with every option (async detection, ring time) and hangs it up, as Twilio describes them', async () => {
    const client = {
      accountSid: sims.twilio.state.accountSid,
      authToken: sims.twilio.state.authToken,
      endpoint: sims.twilio.url,
      timeoutMs: 60_000,
    };
    const dial = {
      to: '+14155550101',
      from: '+15005550006',
      streamUrl: 'wss://voice.example.com/media',
      token: 'tok_0123456789',
      statusUrl: 'https://voice.example.com/status',
    };
    const plain = await dialTwilioStream(client, dial);
    const full = await dialTwilioStream(client, { ...dial, machineDetection: 'DetectMessageEnd', asyncAmd: true, ringSeconds: 25 });
    await hangUpTwilio(client, plain.callSid);
    await hangUpTwilio(client, full.callSid);
    expect(sims.calls.filter((c) => c.hungUp).map((c) => c.sid)).toEqual(expect.arrayContaining([plain.callSid, full.callSid]));

    const v = verdicts(sims.twilio.requests);
    expect(v.problems).toEqual([]);
    expect([...v.operations].sort()).toEqual([
      'POST /2010-04-01/Accounts/{AccountSid}/Calls.json',
      'POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
    ]);
    const sent = new URLSearchParams(sims.twilio.requests.find((r) => r.path.endsWith('/Calls.json') && r.body.includes('AsyncAmd'))?.body);
    expect(sent.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(sent.get('AsyncAmdStatusCallbackMethod')).toBe('POST');
  });
});
