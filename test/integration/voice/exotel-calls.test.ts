import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  dialExotelStream,
  exotelStatus,
  hangUpExotel,
  type ExotelCallClient,
  type ExotelStreamDial,
} from '../../../electron/core/voice/carriers/exotel/calls';
import { MediaServer } from '../../../electron/core/voice/runner/media-server';
import type { CallLeg } from '../../../electron/core/voice/types';
import { startExotelSim, type ExotelState } from '../../sim/exotel';
import { CarrierVoiceSim } from '../../sim/carrier-voice';
import { answerExotelCall, serveExotelCalls, type ExotelSimCall } from '../../sim/exotel-calls';
import type { ProviderSim } from '../../sim/server';

let sim: ProviderSim<ExotelState>;
let calls: ExotelSimCall[];

beforeEach(async () => {
  sim = await startExotelSim();
  calls = serveExotelCalls(sim);
});
afterEach(async () => {
  await sim.close();
});

const client = (over: Partial<ExotelCallClient> = {}): ExotelCallClient => ({
  fields: sim.fields,
  endpoint: sim.url,
  env: {},
  timeoutMs: 60_000,
  ...over,
});
const token = (): string => randomBytes(24).toString('base64url');
const dial = (over: Partial<ExotelStreamDial> = {}): ExotelStreamDial => ({
  to: '+919876543210',
  callerId: sim.fields.phoneNumber ?? '',
  streamUrl: 'wss://runner.example.com/exotel/stream/ref123/tok_0123456789abcdefABCDEF',
  token: 'tok_0123456789abcdefABCDEF',
  statusUrl: 'https://runner.example.com/exotel/status/ref123',
  ...over,
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('dialExotelStream', () => {
  it('posts Calls/connect with the stream URL, token, caller id and status callback, and returns the call sid', async () => {
    const placed = await dialExotelStream(client(), dial({ ringSeconds: 30, timeLimitSeconds: 600 }));
    expect(placed.status).toBe('in-progress');
    expect(calls).toHaveLength(1);
    const call = calls[0] as ExotelSimCall;
    expect(placed.callId).toBe(call.sid);
    expect(call).toMatchObject({
      from: '+919876543210',
      callerId: sim.fields.phoneNumber,
      // The token once, in the path the media server checks at the upgrade; the query names only the sample rate.
      streamUrl: 'wss://runner.example.com/exotel/stream/ref123/tok_0123456789abcdefABCDEF?sample-rate=8000',
      streamType: 'bidirectional',
      statusCallback: 'https://runner.example.com/exotel/status/ref123',
      statusCallbackEvents: ['answered', 'terminal'],
      timeOut: '30',
      timeLimit: '600',
    });
    // The field names and array form of Exotel's Connect Voice AI example.
    expect(Object.keys(call.form)).toEqual([
      'From',
      'CallerId',
      'StreamUrl',
      'StreamType',
      'StatusCallback',
      'StatusCallbackEvents[]',
      'TimeOut',
      'TimeLimit',
    ]);
    const req = sim.requests.find((r) => r.path.endsWith('/Calls/connect.json'));
    expect(req).toMatchObject({
      method: 'POST',
      auth: 'basic',
      authorized: true,
      path: `/v1/Accounts/${sim.state.sid}/Calls/connect.json`,
    });
  });

  it('says so in one sentence when Exotel rejects the key, rate-limits, or fails', async () => {
    sim.setFault({ kind: 'unauthorized' });
    const auth = await failure(dialExotelStream(client(), dial()));
    expect(auth).toMatchObject({ code: 'PROVIDER_AUTH', message: 'Exotel rejected the API key and token (HTTP 401); test the key.' });
    sim.setFault({ kind: 'forbidden' });
    expect((await failure(dialExotelStream(client(), dial()))).code).toBe('FORBIDDEN');
    sim.setFault({ kind: 'rate-limited', retryAfterSeconds: 5 });
    expect(await failure(dialExotelStream(client(), dial()))).toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Exotel is rate-limiting calls (HTTP 429); try again shortly.',
    });
    sim.setFault({ kind: 'server-error', status: 503 });
    expect((await failure(dialExotelStream(client(), dial()))).message).toMatch(/^Exotel had a server error \(HTTP 503/);
    expect(calls).toHaveLength(0);
  });

  it("names Exotel's error code for a refused call without repeating its message", async () => {
    const err = await failure(dialExotelStream(client(), dial({ callerId: '+918000000001' })));
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: 'Exotel refused the call (HTTP 400, error 10017).' });
  });

  it('leaves the call in doubt when the answer cannot be read, and says nothing was placed when Exotel is unreachable', async () => {
    sim.setFault({ kind: 'malformed' });
    expect((await failure(dialExotelStream(client(), dial()))).message).toMatch(
      /could not be read; check the Exotel dashboard before dialling again/,
    );
    sim.setFault(null);
    await sim.close();
    expect((await failure(dialExotelStream(client(), dial()))).message).toBe('Exotel could not be reached; no call was placed.');
  });

  it('refuses bad input before any request', async () => {
    const cases: Partial<ExotelStreamDial>[] = [
      { to: 'call me' },
      { streamUrl: 'https://runner.example.com/exotel/stream/ref' },
      { streamUrl: 'wss://runner.example.com/s?x=1' },
      { streamUrl: 'ws://runner.example.com/exotel/stream/ref' },
      { token: 'short' },
      { streamUrl: 'wss://runner.example.com/exotel/stream/ref123/another_token_0123456789' },
      { streamUrl: `wss://runner.example.com/${'a'.repeat(600)}/tok_0123456789abcdefABCDEF` },
    ];
    for (const c of cases) expect((await failure(dialExotelStream(client(), dial(c)))).code).toBe('INVALID_INPUT');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('an Exotel call through the media server', () => {
  it('connects the answered call to the stream with its token, and hangs up by closing the socket', async () => {
    const server = new MediaServer({ startTimeoutMs: 2_000 });
    const port = await server.start();
    try {
      server.setPublicUrl(`http://127.0.0.1:${port}`);
      const legs: CallLeg[] = [];
      const expected = {
        token: token(),
        carrier: 'exotel' as const,
        signingSecret: null,
        callId: null as string | null,
        onLeg: (leg: CallLeg) => void legs.push(leg),
        onStatus: () => undefined,
      };
      const e = server.expect(expected);
      const placed = await dialExotelStream(client(), dial({ streamUrl: e.streamUrl, token: expected.token, statusUrl: e.statusUrl }));
      expected.callId = placed.callId;
      const media = await answerExotelCall(calls[0] as ExotelSimCall, { sleep: () => Promise.resolve() });
      await expect.poll(() => legs.length, { timeout: 120_000 }).toBe(1);
      expect(legs[0]).toMatchObject({ carrier: 'exotel', callId: placed.callId, format: { encoding: 'pcm16', sampleRate: 8000 } });
      expect(hangUpExotel(placed.callId, legs[0] ?? null)).toBe('stream-closed');
      expect((await media.closed).code).toBe(1000);
    } finally {
      await server.close();
    }
  });

  for (const queryIn of ['url', 'start'] as const) {
    it(`accepts the stream when the token arrives only ${queryIn === 'url' ? 'on the socket request URL' : 'in start.custom_parameters'}`, async () => {
      const server = new MediaServer({ startTimeoutMs: 2_000 });
      const port = await server.start();
      try {
        server.setPublicUrl(`http://127.0.0.1:${port}`);
        const legs: CallLeg[] = [];
        const expected = {
          token: token(),
          carrier: 'exotel' as const,
          signingSecret: null,
          callId: null as string | null,
          onLeg: (leg: CallLeg) => void legs.push(leg),
          onStatus: () => undefined,
        };
        const e = server.expect(expected);
        const placed = await dialExotelStream(client(), dial({ streamUrl: e.streamUrl, token: expected.token, statusUrl: e.statusUrl }));
        expected.callId = placed.callId;
        const media = await answerExotelCall(calls[0] as ExotelSimCall, { sleep: () => Promise.resolve() }, queryIn);
        await expect.poll(() => legs.length, { timeout: 120_000 }).toBe(1);
        expect(legs[0]?.callId).toBe(placed.callId);
        media.stop();
      } finally {
        await server.close();
      }
    });
  }

  it('refuses a wrong or replayed token on the socket URL before accepting the socket, and a start whose token disagrees with it', async () => {
    const refusals: string[] = [];
    const server = new MediaServer({ startTimeoutMs: 2_000, onRefused: (r) => refusals.push(r.reason) });
    const port = await server.start();
    try {
      server.setPublicUrl(`http://127.0.0.1:${port}`);
      const legs: CallLeg[] = [];
      const expected = {
        token: token(),
        carrier: 'exotel' as const,
        signingSecret: null,
        callId: 'a1b2c3d4e5f6',
        onLeg: (leg: CallLeg) => void legs.push(leg),
        onStatus: () => undefined,
      };
      const e = server.expect(expected);
      const open = (query: string): Promise<unknown> =>
        CarrierVoiceSim.connect({
          streamUrl: `${e.streamUrl}${query}`,
          token: null,
          callSid: 'a1b2c3d4e5f6',
          authToken: null,
          carrier: 'exotel',
        }).catch((err: unknown) => err);
      expect(await open(`?token=${token()}`)).toMatchObject({ status: 403 });
      expect(await open(`?token=${expected.token}&token=${expected.token}`)).toMatchObject({ status: 403 });
      // The right token on the URL, but start carries another one: refused, and the token is spent.
      const liar = await CarrierVoiceSim.connect({
        streamUrl: `${e.streamUrl}?token=${expected.token}`,
        token: token(),
        callSid: 'a1b2c3d4e5f6',
        authToken: null,
        carrier: 'exotel',
      });
      liar.start();
      expect((await liar.closed).code).toBe(1008);
      expect(await open(`?token=${expected.token}`)).toMatchObject({ status: 403 });
      expect(legs).toHaveLength(0);
      expect(liar.received).toHaveLength(0);
      expect(refusals).toEqual(['bad-token', 'bad-token', 'bad-token', 'replayed-token']);
    } finally {
      await server.close();
    }
  });

  it('says there is nothing to close before the callee answered, and refuses another call’s stream', () => {
    expect(hangUpExotel('a1b2c3d4e5f6', null)).toBe('not-connected');
    expect(() => hangUpExotel('a1b2c3d4e5f6', { callId: 'ffffffffffff', close: () => undefined })).toThrow(
      'That media stream belongs to another Exotel call.',
    );
    expect(() => hangUpExotel('CA../../x', null)).toThrow('That is not an Exotel call sid.');
  });
});

describe('exotelStatus', () => {
  it('reads answered and terminal callbacks, and nothing else', () => {
    expect(exotelStatus({ CallSid: 'a1b2c3d4e5f6', EventType: 'answered', Status: 'in-progress' })).toEqual({
      callId: 'a1b2c3d4e5f6',
      status: 'in-progress',
      durationSeconds: null,
      answeredBy: null,
    });
    expect(exotelStatus({ CallSid: 'a1b2c3d4e5f6', EventType: 'terminal', Status: 'completed', ConversationDuration: '42' })).toMatchObject(
      { status: 'completed', durationSeconds: 42 },
    );
    expect(exotelStatus({ CallSid: 'a1b2c3d4e5f6', Status: 'no-answer' })).toMatchObject({ status: 'no-answer' });
    expect(exotelStatus({ CallSid: 'a1b2c3d4e5f6', Status: 'exploded' })).toBeNull();
    expect(exotelStatus({ Status: 'completed' })).toBeNull();
  });
});
