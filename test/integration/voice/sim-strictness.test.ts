import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CarrierVoiceSim } from '../../sim/carrier-voice';
import { startDeepgramLiveSim } from '../../sim/deepgram-live';
import type { ProviderSim } from '../../sim/server';
import type { TwilioState } from '../../sim/twilio';
import { postMachineVerdict, type SimCall } from '../../sim/twilio-calls';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('the carrier simulator acts only on Media Streams messages the carrier takes', () => {
  it('records a message without this stream’s streamSid, or with a bad payload or event, and plays none of them', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    closers.push(() => new Promise((r) => wss.close(() => r())));
    await new Promise((r) => wss.once('listening', r));
    const media = await CarrierVoiceSim.connect({
      streamUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`,
      token: 't',
      callSid: 'CA1',
      authToken: 'x'.repeat(32),
      markEcho: 'immediate',
    });
    const [runner] = [...wss.clients];
    const sid = media.streamSid;
    for (const m of [
      { event: 'media', media: { payload: 'AAAA' } },
      { event: 'media', streamSid: 'MZother', media: { payload: 'AAAA' } },
      { event: 'media', streamSid: sid, media: { payload: '!!' } },
      { event: 'mark', streamSid: sid },
      { event: 'pause', streamSid: sid },
      { event: 'media', streamSid: sid, media: { payload: 'AAAA' } },
    ])
      runner?.send(JSON.stringify(m));
    await expect.poll(() => media.received.length).toBe(1);
    expect(media.violations).toEqual([
      "media without this stream's streamSid",
      "media without this stream's streamSid",
      'media without a base64 payload',
      'mark without a name',
      'unknown event pause',
    ]);
    media.stop();
  });
});

describe('the Twilio simulator’s AMD verdict', () => {
  it('posts exactly AccountSid, CallSid, AnsweredBy and MachineDetectionDuration, signed, to AsyncAmdStatusCallback', async () => {
    const bodies: { body: string; signed: boolean }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push({ body, signed: typeof req.headers['x-twilio-signature'] === 'string' });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/amd`;
    const sim = { state: { authToken: 'f'.repeat(32) } } as unknown as ProviderSim<TwilioState>;
    const call = {
      sid: `CA${'1'.repeat(32)}`,
      accountSid: `AC${'2'.repeat(32)}`,
      asyncAmdStatusCallback: url,
      answeredBy: null,
    } as unknown as SimCall;
    expect(await postMachineVerdict(sim, call, 'machine_end_beep', 4120)).toBe(204);
    expect([...new URLSearchParams(bodies[0]?.body)].map(([k]) => k).sort()).toEqual([
      'AccountSid',
      'AnsweredBy',
      'CallSid',
      'MachineDetectionDuration',
    ]);
    expect(bodies[0]?.signed).toBe(true);
  });
});

describe('the Deepgram simulator’s Flux side takes only Flux’s client messages', () => {
  it.each(['KeepAlive', 'Finalize'])('answers a v1 %s with an UNPARSABLE_CLIENT_MESSAGE Error and closes the socket', async (type) => {
    const sim = await startDeepgramLiveSim();
    closers.push(() => sim.close());
    const url = `${sim.url.replace('http', 'ws')}/v2/listen?model=flux-general-en&encoding=mulaw&sample_rate=8000`;
    const ws = new WebSocket(url, { headers: { Authorization: `Token ${sim.apiKey}` } });
    const got: Record<string, unknown>[] = [];
    ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type }));
    await new Promise((r) => ws.once('close', r));
    expect(got.map((m) => m.type)).toEqual(['Connected', 'Error']);
    expect(got[1]).toMatchObject({ code: 'UNPARSABLE_CLIENT_MESSAGE', sequence_id: 1 });
    expect(sim.flux.connections[0]?.controls).toEqual([type]);
  });
});
