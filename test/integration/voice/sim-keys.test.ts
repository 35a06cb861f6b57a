/**
 * The carrier simulators' side of keys played by the agent, held to the providers' contracts: neither
 * media stream takes a `dtmf` message from the server, and Twilio plays keys only as new TwiML on a
 * call in progress — which stops the running stream, plays `<Play digits>` and opens the new stream.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { CarrierVoiceSim } from '../../sim/carrier-voice';
import type { ProviderSim } from '../../sim/server';
import { startTwilioSim, type TwilioState } from '../../sim/twilio';
import { answerCall, serveCalls } from '../../sim/twilio-calls';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A WebSocket server standing in for the runner's media server; every socket and its messages, in order. */
async function mediaServer(): Promise<{ url: string; sockets: { ws: WebSocket; got: Record<string, unknown>[]; closed: boolean }[] }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  closers.push(() => new Promise((r) => wss.close(() => r())));
  await new Promise((r) => wss.once('listening', r));
  const sockets: { ws: WebSocket; got: Record<string, unknown>[]; closed: boolean }[] = [];
  wss.on('connection', (ws) => {
    const entry = { ws, got: [] as Record<string, unknown>[], closed: false };
    sockets.push(entry);
    ws.on('message', (d: Buffer) => entry.got.push(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.on('close', () => (entry.closed = true));
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, sockets };
}

describe('keys from the server on a media stream', () => {
  it.each(['twilio', 'exotel'] as const)('are refused by the %s stream: it takes only media, mark and clear', async (carrier) => {
    const server = await mediaServer();
    const media = await CarrierVoiceSim.connect({
      streamUrl: `${server.url}/s`,
      token: 't',
      callSid: 'CA1',
      authToken: 'x'.repeat(32),
      carrier,
    });
    await expect.poll(() => server.sockets.length, { timeout: 30_000 }).toBe(1);
    const sid = carrier === 'twilio' ? { streamSid: media.streamSid } : { stream_sid: media.streamSid };
    server.sockets[0]?.ws.send(JSON.stringify({ event: 'dtmf', ...sid, dtmf: { digit: '1' } }));
    await expect.poll(() => media.violations, { timeout: 30_000 }).toEqual(['dtmf from the server: the stream takes no key message']);
    expect(media.received).toEqual([]);
    media.stop();
  });
});

describe('the Twilio simulator’s call update with new TwiML', () => {
  async function liveCall(): Promise<{
    sim: ProviderSim<TwilioState>;
    server: Awaited<ReturnType<typeof mediaServer>>;
    calls: ReturnType<typeof serveCalls>;
    update: (twiml: string, sid?: string) => Promise<{ status: number; json: Record<string, unknown> }>;
  }> {
    const sim = await startTwilioSim();
    closers.push(() => sim.close());
    const calls = serveCalls(sim);
    const server = await mediaServer();
    const auth = `Basic ${Buffer.from(`${sim.state.accountSid}:${sim.state.authToken}`).toString('base64')}`;
    const base = `${sim.url}/2010-04-01/Accounts/${sim.state.accountSid}/Calls`;
    const post = async (url: string, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const first = `<Response><Connect><Stream url="${server.url}/a"><Parameter name="token" value="t1"/></Stream></Connect></Response>`;
    await post(`${base}.json`, { To: '+14155550100', From: sim.state.numbers[0]?.phoneNumber ?? '', Twiml: first });
    return { sim, server, calls, update: (twiml, sid) => post(`${base}/${sid ?? calls[0]?.sid ?? ''}.json`, { Twiml: twiml }) };
  }

  it('refuses a call that is not in progress with error 21220, and changes nothing', async () => {
    const { calls, update, server } = await liveCall();
    const answer = await update('<Response><Play digits="1"/></Response>');
    expect(answer).toMatchObject({ status: 400, json: { code: 21220 } });
    expect(calls[0]?.keysPlayed).toEqual([]);
    expect(server.sockets).toHaveLength(0);
  });

  it('stops the running stream, plays the keys (13430 for bad ones) and opens the new stream with its parameters', async () => {
    const { sim, calls, update, server } = await liveCall();
    const call = calls[0];
    if (!call) throw new Error('no call');
    await answerCall(sim, call);
    await expect.poll(() => server.sockets.length, { timeout: 30_000 }).toBe(1);
    const twiml = `<Response><Play digits="1x"/><Play digits="2w#"/><Connect><Stream url="${server.url}/b"><Parameter name="token" value="t2"/></Stream></Connect></Response>`;
    expect((await update(twiml)).status).toBe(200);
    await expect.poll(() => server.sockets.length, { timeout: 30_000 }).toBe(2);
    const [old, fresh] = server.sockets;
    expect(old?.got.at(-1)).toMatchObject({ event: 'stop' });
    expect(old?.closed).toBe(true);
    expect(call.keysPlayed).toEqual(['2w#']);
    expect(call.warnings).toEqual(['13430 Play: Invalid DTMF String']);
    await expect
      .poll(() => fresh?.got.find((m) => m.event === 'start'), { timeout: 30_000 })
      .toMatchObject({
        start: { callSid: call.sid, customParameters: { token: 't2' } },
      });
    expect(call.streams).toHaveLength(2);
    for (const s of call.streams) s.stop();
  });
});
