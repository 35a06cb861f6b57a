import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaServer, type Refusal } from '../../../electron/core/voice/runner/media-server';
import type { CallEvent, CallLeg, CarrierStatus, ExpectedCall } from '../../../electron/core/voice/types';
import { CarrierVoiceSim } from '../../sim/carrier-voice';

const AUTH = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const sid = (): string => `CA${randomBytes(16).toString('hex')}`;
const fast = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Harness {
  server: MediaServer;
  refusals: Refusal[];
  legs: CallLeg[];
  events: CallEvent[];
  statuses: CarrierStatus[];
  expect(over?: Partial<ExpectedCall>): { call: ExpectedCall; streamUrl: string; statusUrl: string; ref: string };
}

let h: Harness;

beforeEach(async () => {
  const refusals: Refusal[] = [];
  const server = new MediaServer({ onRefused: (r) => refusals.push(r), startTimeoutMs: 2_000 });
  const port = await server.start();
  server.setPublicUrl(`http://127.0.0.1:${port}`);
  const legs: CallLeg[] = [];
  const events: CallEvent[] = [];
  const statuses: CarrierStatus[] = [];
  h = {
    server,
    refusals,
    legs,
    events,
    statuses,
    expect(over = {}) {
      const call: ExpectedCall = {
        token: randomBytes(24).toString('base64url'),
        carrier: 'twilio',
        signingSecret: AUTH,
        callId: sid(),
        onLeg: (leg) => {
          legs.push(leg);
          leg.onEvent((e) => events.push(e));
        },
        onStatus: (s) => statuses.push(s),
        ...over,
      };
      const e = server.expect(call);
      return { call, ...e };
    },
  };
});

afterEach(async () => {
  await h.server.close();
});

async function connect(
  streamUrl: string,
  call: ExpectedCall,
  over: Partial<Parameters<typeof CarrierVoiceSim.connect>[0]> = {},
): Promise<CarrierVoiceSim> {
  return CarrierVoiceSim.connect({
    streamUrl,
    token: call.token,
    callSid: call.callId ?? '',
    authToken: AUTH,
    sleep: fast,
    markEcho: 'immediate',
    ...over,
  });
}

/** Sends start then a media frame, and waits for the socket to close: the refusal path. */
async function refusedAfterStart(sim: CarrierVoiceSim): Promise<number> {
  sim.start();
  sim.media(Buffer.alloc(160, 0x55));
  return (await sim.closed).code;
}

describe('MediaServer', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(h.server.address().address).toBe('127.0.0.1');
  });

  it('accepts a signed stream with its token and call, then hands over media and sends commands', async () => {
    const { call, streamUrl } = h.expect();
    const sim = await connect(streamUrl, call);
    sim.start();
    await waitFor(() => h.legs.length === 1);
    const leg = h.legs[0] as CallLeg;
    expect(leg).toMatchObject({
      carrier: 'twilio',
      callId: call.callId,
      streamId: sim.streamSid,
      format: { encoding: 'mulaw', sampleRate: 8000 },
    });
    sim.media(Buffer.alloc(160, 0x12));
    await waitFor(() => h.events.length === 1);
    expect(h.events[0]).toEqual({ type: 'media', audio: Buffer.alloc(160, 0x12), timestampMs: 0 });
    leg.send({ type: 'media', audio: Buffer.alloc(160, 0x34) });
    leg.send({ type: 'mark', name: 'reply-1' });
    await waitFor(() => h.events.some((e) => e.type === 'mark'));
    expect(sim.agentAudio()).toEqual(Buffer.alloc(160, 0x34));
    expect(h.events.at(-1)).toEqual({ type: 'mark', name: 'reply-1' });
    sim.stop();
    await sim.closed;
    expect(h.refusals).toEqual([]);
  });

  it.each([['wrong' as const], ['missing' as const]])('refuses a %s signature with 403 before the upgrade', async (signature) => {
    const { call, streamUrl, ref } = h.expect();
    await expect(connect(streamUrl, call, { signature })).rejects.toMatchObject({ status: 403 });
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'bad-signature' }]);
    expect(h.legs).toEqual([]);
  });

  it('refuses an unknown ref with 404', async () => {
    const { call, streamUrl } = h.expect();
    const forged = streamUrl.replace(/[^/]+$/, 'not-a-ref');
    await expect(connect(forged, call)).rejects.toMatchObject({ status: 404 });
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref: 'not-a-ref', reason: 'unknown-ref' }]);
  });

  it('closes with 1008 on a wrong token and never delivers the media sent after start', async () => {
    const { call, streamUrl, ref } = h.expect();
    const sim = await connect(streamUrl, call, { token: 'x'.repeat(32) });
    expect(await refusedAfterStart(sim)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'bad-token' }]);
    expect(h.legs).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('refuses a missing token', async () => {
    const { call, streamUrl, ref } = h.expect();
    const sim = await connect(streamUrl, call, { token: null });
    expect(await refusedAfterStart(sim)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'bad-token' }]);
  });

  it('refuses a replayed token: the second stream with it never becomes a leg', async () => {
    const { call, streamUrl, ref } = h.expect();
    const first = await connect(streamUrl, call);
    first.start();
    await waitFor(() => h.legs.length === 1);
    const again = await connect(streamUrl, call);
    expect(await refusedAfterStart(again)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'replayed-token' }]);
    expect(h.legs.length).toBe(1);
    expect(h.events).toEqual([]);
    first.stop();
  });

  it('refuses a stream for a call the runner has not placed yet (no call id from the carrier), even with its token', async () => {
    const { call, streamUrl, ref } = h.expect({ callId: null });
    const sim = await connect(streamUrl, call, { callSid: sid() });
    expect(await refusedAfterStart(sim)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'not-placed' }]);
    expect(h.legs).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('refuses a stream for another call sid', async () => {
    const { call, streamUrl, ref } = h.expect();
    const sim = await connect(streamUrl, call, { callSid: sid() });
    expect(await refusedAfterStart(sim)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'wrong-call' }]);
    expect(h.legs).toEqual([]);
  });

  it('refuses media before start', async () => {
    const { call, streamUrl, ref } = h.expect();
    const sim = await connect(streamUrl, call);
    sim.media(Buffer.alloc(160));
    expect((await sim.closed).code).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'media-before-start' }]);
    expect(h.legs).toEqual([]);
  });

  it('refuses a socket that never sends start', async () => {
    const server = new MediaServer({ startTimeoutMs: 50 });
    const port = await server.start();
    server.setPublicUrl(`http://localhost:${port}`);
    const call: ExpectedCall = {
      token: 't'.repeat(32),
      carrier: 'twilio',
      signingSecret: AUTH,
      callId: sid(),
      onLeg: () => h.legs.push({} as CallLeg),
      onStatus: () => undefined,
    };
    const { streamUrl } = server.expect(call);
    const sim = await CarrierVoiceSim.connect({ streamUrl, token: call.token, callSid: call.callId ?? '', authToken: AUTH });
    expect((await sim.closed).code).toBe(1008);
    expect(h.legs).toEqual([]);
    await server.close();
  });

  it('accepts an Exotel stream on token and call id alone, reading its PCM format', async () => {
    const { call, streamUrl } = h.expect({ carrier: 'exotel', signingSecret: null });
    const sim = await connect(streamUrl, call, { carrier: 'exotel', authToken: null });
    sim.start();
    await waitFor(() => h.legs.length === 1);
    expect(h.legs[0]?.format).toEqual({ encoding: 'pcm16', sampleRate: 8000 });
    sim.stop();
  });

  it('refuses an Exotel stream with the wrong token', async () => {
    const { call, streamUrl, ref } = h.expect({ carrier: 'exotel', signingSecret: null });
    const sim = await connect(streamUrl, call, { carrier: 'exotel', authToken: null, token: 'nope' });
    expect(await refusedAfterStart(sim)).toBe(1008);
    expect(h.refusals.map(({ ref, reason }) => ({ ref, reason }))).toEqual([{ ref, reason: 'bad-token' }]);
  });

  it('forgets a call: its stream is then an unknown ref', async () => {
    const { call, streamUrl } = h.expect();
    h.server.expect(call).forget();
    const e = h.server.expect(call);
    e.forget();
    await expect(connect(e.streamUrl, call)).rejects.toMatchObject({ status: 404 });
    expect(streamUrl).not.toBe(e.streamUrl);
  });
});

describe('status callbacks', () => {
  const post = (url: string, params: Record<string, string>, signature: string | null): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: new URLSearchParams(params).toString(),
    });

  it('takes a correctly signed callback and reports it', async () => {
    const { call, statusUrl } = h.expect();
    const params = {
      CallSid: call.callId ?? '',
      CallStatus: 'completed',
      CallDuration: '42',
      AnsweredBy: 'human',
      AccountSid: `AC${'0'.repeat(32)}`,
    };
    const res = await post(statusUrl, params, twilio.getExpectedTwilioSignature(AUTH, statusUrl, params));
    expect(res.status).toBe(204);
    expect(h.statuses).toEqual([{ callId: call.callId, status: 'completed', durationSeconds: 42, answeredBy: 'human' }]);
  });

  it('answers 403 to a forged or missing signature and reports nothing', async () => {
    const { call, statusUrl, ref } = h.expect();
    const params = { CallSid: call.callId ?? '', CallStatus: 'completed' };
    expect((await post(statusUrl, params, twilio.getExpectedTwilioSignature('0'.repeat(32), statusUrl, params))).status).toBe(403);
    expect((await post(statusUrl, params, null)).status).toBe(403);
    const tampered = await post(statusUrl, { ...params, CallStatus: 'busy' }, twilio.getExpectedTwilioSignature(AUTH, statusUrl, params));
    expect(tampered.status).toBe(403);
    expect(h.statuses).toEqual([]);
    expect(h.refusals.every((r) => r.ref === ref && r.reason === 'bad-signature')).toBe(true);
  });

  it('answers 400 to a signed callback of another call', async () => {
    const { statusUrl } = h.expect();
    const params = { CallSid: sid(), CallStatus: 'completed' };
    expect((await post(statusUrl, params, twilio.getExpectedTwilioSignature(AUTH, statusUrl, params))).status).toBe(400);
    expect(h.statuses).toEqual([]);
  });

  it('gives every bad request a short 4xx without a stack trace', async () => {
    const { statusUrl } = h.expect();
    const base = statusUrl.replace(/\/twilio\/.*$/, '');
    const cases = [
      await fetch(`${base}/nothing`),
      await fetch(statusUrl),
      await fetch(`${base}/twilio/status/unknown`, { method: 'POST', body: 'a=1' }),
      await fetch(statusUrl, { method: 'POST', body: 'x'.repeat(64 * 1024) }).catch(() => null),
    ];
    const statuses = cases.map((r) => r?.status ?? 'closed');
    expect(statuses.slice(0, 3)).toEqual([404, 405, 404]);
    expect([413, 'closed']).toContain(statuses[3]);
    for (const r of cases.slice(0, 3)) expect(await r?.text()).not.toMatch(/at |Error/);
  });
});

describe('public URL', () => {
  it('turns https into wss stream URLs and keeps status callbacks on https', () => {
    h.server.setPublicUrl('https://calls.example.com/');
    const e = h.server.expect({
      token: 't',
      carrier: 'twilio',
      signingSecret: AUTH,
      callId: null,
      onLeg: () => undefined,
      onStatus: () => undefined,
    });
    expect(e.streamUrl).toBe(`wss://calls.example.com/twilio/stream/${e.ref}`);
    expect(e.statusUrl).toBe(`https://calls.example.com/twilio/status/${e.ref}`);
    expect(e.ref).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const ok of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000'])
      expect(() => h.server.setPublicUrl(ok)).not.toThrow();
    for (const bad of [
      'http://calls.example.com',
      'http://10.0.0.5',
      'ftp://x.example.com',
      'https://u:p@x.example.com',
      'https://x.example.com/?a=1',
      'not a url',
    ]) {
      expect(() => h.server.setPublicUrl(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('refuses to register a call before a public URL is set', async () => {
    const server = new MediaServer();
    expect(() =>
      server.expect({
        token: 't',
        carrier: 'twilio',
        signingSecret: AUTH,
        callId: null,
        onLeg: () => undefined,
        onStatus: () => undefined,
      }),
    ).toThrow(/public URL/);
  });
});

async function waitFor(cond: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
