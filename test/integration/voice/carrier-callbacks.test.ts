import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaServer, type Refusal } from '../../../electron/core/voice/runner/media-server';
import type { CarrierStatus, ExpectedCall, MachineVerdict } from '../../../electron/core/voice/types';

const AUTH = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const sid = (): string => `CA${randomBytes(16).toString('hex')}`;

let server: MediaServer;
let refusals: Refusal[];
let statuses: CarrierStatus[];
let verdicts: MachineVerdict[];

beforeEach(async () => {
  refusals = [];
  statuses = [];
  verdicts = [];
  server = new MediaServer({ onRefused: (r) => refusals.push(r) });
  const port = await server.start();
  server.setPublicUrl(`http://127.0.0.1:${port}`);
});
afterEach(() => server.close());

function expectCall(
  carrier: 'twilio' | 'exotel' = 'twilio',
  callId = carrier === 'twilio' ? sid() : 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
): { call: ExpectedCall; statusUrl: string; ref: string } {
  const call: ExpectedCall = {
    token: randomBytes(24).toString('base64url'),
    carrier,
    signingSecret: carrier === 'twilio' ? AUTH : null,
    callId,
    onLeg: () => undefined,
    onStatus: (s) => statuses.push(s),
    onMachine: (v) => verdicts.push(v),
  };
  const e = server.expect(call);
  return { call, statusUrl: e.statusUrl, ref: e.ref };
}

/** Posts a form signed as Twilio signs it (over the fields actually sent). */
function signed(url: string, params: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams(params).toString();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH, url, params),
    },
    body,
  });
}

describe('Twilio async answering-machine verdicts', () => {
  it('takes the four fields Twilio posts (no CallStatus) and reports the verdict', async () => {
    const { call, statusUrl } = expectCall();
    const res = await signed(statusUrl, {
      AccountSid: ACCOUNT,
      CallSid: call.callId ?? '',
      AnsweredBy: 'machine_end_beep',
      MachineDetectionDuration: '4120',
    });
    expect(res.status).toBe(204);
    expect(verdicts).toEqual([{ callId: call.callId, answeredBy: 'machine_end_beep', detectionMs: 4120 }]);
    expect(statuses).toEqual([]);
    expect(refusals).toEqual([]);
  });

  it('takes every AnsweredBy Twilio documents', async () => {
    for (const answeredBy of ['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown']) {
      const { call, statusUrl } = expectCall();
      expect(
        (
          await signed(statusUrl, {
            AccountSid: ACCOUNT,
            CallSid: call.callId ?? '',
            AnsweredBy: answeredBy,
            MachineDetectionDuration: '900',
          })
        ).status,
      ).toBe(204);
    }
    expect(verdicts.map((v) => v.answeredBy)).toEqual([
      'human',
      'machine_start',
      'machine_end_beep',
      'machine_end_silence',
      'machine_end_other',
      'fax',
      'unknown',
    ]);
  });

  it('answers 400 to an AnsweredBy Twilio does not document, changes nothing and says why for the audit', async () => {
    const { call, statusUrl, ref } = expectCall();
    const res = await signed(statusUrl, {
      AccountSid: ACCOUNT,
      CallSid: call.callId ?? '',
      AnsweredBy: 'robot',
      MachineDetectionDuration: '900',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('That is not a Twilio voice callback: its AnsweredBy is not one Twilio documents.');
    expect(verdicts).toEqual([]);
    expect(refusals).toEqual([
      expect.objectContaining({
        ref,
        reason: 'bad-status',
        route: 'status',
        why: 'That is not a Twilio voice callback: its AnsweredBy is not one Twilio documents.',
      }),
    ]);
  });

  it('answers 400 to a verdict with a field Twilio does not send, or one missing', async () => {
    const { call, statusUrl } = expectCall();
    const four = { AccountSid: ACCOUNT, CallSid: call.callId ?? '', AnsweredBy: 'human', MachineDetectionDuration: '900' };
    expect((await signed(statusUrl, { ...four, Confidence: '0.9' })).status).toBe(400);
    expect((await signed(statusUrl, { AccountSid: ACCOUNT, CallSid: call.callId ?? '', AnsweredBy: 'human' })).status).toBe(400);
    expect(verdicts).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual(['bad-status', 'bad-status']);
  });

  it('answers 400 to a verdict for another call', async () => {
    const { statusUrl } = expectCall();
    expect(
      (await signed(statusUrl, { AccountSid: ACCOUNT, CallSid: sid(), AnsweredBy: 'human', MachineDetectionDuration: '900' })).status,
    ).toBe(400);
    expect(verdicts).toEqual([]);
  });
});

describe('Twilio status callbacks at the edge', () => {
  it('takes a status callback with the fields Twilio documents', async () => {
    const { call, statusUrl } = expectCall();
    const params = {
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
      CallSid: call.callId ?? '',
      CallStatus: 'ringing',
      Called: '+14155550100',
      Caller: '+14155550199',
      CallbackSource: 'call-progress-events',
      Direction: 'outbound-api',
      From: '+14155550199',
      SequenceNumber: '1',
      Timestamp: 'Fri, 04 Dec 2026 18:00:00 +0000',
      To: '+14155550100',
    };
    expect((await signed(statusUrl, params)).status).toBe(204);
    expect(statuses).toEqual([{ callId: call.callId, status: 'ringing', durationSeconds: null, answeredBy: null }]);
  });

  it('answers 400 to a callback with an unknown field, changing nothing', async () => {
    const { call, statusUrl, ref } = expectCall();
    const res = await signed(statusUrl, { AccountSid: ACCOUNT, CallSid: call.callId ?? '', CallStatus: 'completed', Surprise: 'yes' });
    expect(res.status).toBe(400);
    expect(statuses).toEqual([]);
    expect(refusals).toEqual([
      expect.objectContaining({
        ref,
        reason: 'bad-status',
        route: 'status',
        why: 'That is not a Twilio voice callback: it carries a field Twilio does not send.',
      }),
    ]);
  });

  it('answers 400 to a truncated form (cut in the middle of a field name), changing nothing', async () => {
    const { call, statusUrl } = expectCall();
    // Signed over what arrived, so only the form's shape is wrong.
    const cut = { AccountSid: ACCOUNT, CallSid: call.callId ?? '', CallSta: '' };
    expect((await signed(statusUrl, cut)).status).toBe(400);
    expect(statuses).toEqual([]);
  });

  it('answers 413 to an oversized form and records the refusal', async () => {
    const { statusUrl, ref } = expectCall();
    const res = await fetch(statusUrl, { method: 'POST', body: `CallStatus=completed&Pad=${'x'.repeat(64 * 1024)}` }).catch(() => null);
    expect([413, null]).toContain(res?.status ?? null);
    expect(refusals).toContainEqual(expect.objectContaining({ ref, reason: 'too-large', route: 'status' }));
    expect(statuses).toEqual([]);
  });

  it('answers 400 to a repeated field', async () => {
    const { call, statusUrl } = expectCall();
    const body = `CallSid=${call.callId ?? ''}&CallStatus=completed&CallStatus=busy`;
    const sig = twilio.getExpectedTwilioSignature(AUTH, statusUrl, {
      CallSid: call.callId ?? '',
      CallStatus: ['completed', 'busy'],
    } as unknown as Record<string, string>);
    const res = await fetch(statusUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
      body,
    });
    expect([400, 403]).toContain(res.status);
    expect(statuses).toEqual([]);
  });
});
