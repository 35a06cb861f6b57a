import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaServer, type Refusal } from '../../../electron/core/voice/runner/media-server';
import { faultSentence } from '../../../electron/core/voice/runner/fault-guard';
import { VoiceRunner } from '../../../electron/core/voice/runner/runner';
import { dialTwilioStream } from '../../../electron/core/voice/carriers/twilio/calls';
import type { CallLeg, ExpectedCall } from '../../../electron/core/voice/types';
import { CarrierVoiceSim } from '../../sim/carrier-voice';
import { HOSTILE, hostileFrame, rawSocket, sendHostile } from '../../helpers/hostile-frames';
import { addChecked, addVoiceKeys, makeSimCore, startOnboardingSims } from '../../helpers/voice';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';

let rig: VoiceRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const REASON = {
  oversize: "The carrier's media stream sent a frame over the size limit, so the call was ended.",
  'bad-utf8': "The carrier's media stream sent a text frame that is not valid UTF-8, so the call was ended.",
  'reserved-bits': "The carrier's media stream sent a frame with reserved bits set, so the call was ended.",
} as const;

describe('a hostile frame on a live call', () => {
  it('ends only the call it came on, with a reason and an audit row, while the runner and the other call go on', async () => {
    rig = await startVoiceRig({ anthropicLimits: { requests: 4000, inputTokens: 2_000_000, outputTokens: 400_000 } });
    const r = rig;
    const bystander = await r.dialAndAnswer('+14155550199');
    await agentDone(bystander.media, 0);
    let n = 0;
    for (const kind of HOSTILE) {
      const target = await r.dialAndAnswer(`+1415555010${n++}`);
      await until(() => target.media.received.some((m) => m.kind === 'media'), undefined, 'the greeting on the attacked call');
      sendHostile(target.media, kind);
      const end = await target.placed.done;
      expect(end).toMatchObject({ outcome: 'failed', reason: REASON[kind] });
      expect(r.core.calls.get(r.ws, target.placed.id)).toMatchObject({ state: 'ended', outcome: 'failed', reason: REASON[kind] });
      expect(r.core.audit.list({ action: 'call.fault' }).find((e) => e.target === target.placed.id)?.detail).toEqual({
        reason: REASON[kind],
      });
      // The runner still takes calls, and the other call is still live.
      expect(r.runner.state()).toMatchObject({ available: true });
      expect(r.runner.state().calls.map((c) => c.callId)).toContain(bystander.placed.id);
    }
    // An error escaping one call's work (the process guard's report) ends that call alone, audited.
    const escaped = await r.dialAndAnswer('+14155550109');
    r.runner.fault(faultSentence(new TypeError('x')), escaped.placed.id);
    expect(await escaped.placed.done).toMatchObject({
      outcome: 'failed',
      reason: 'The call was ended after an unexpected error in the voice runner.',
    });
    expect(r.core.audit.list({ action: 'voice.fault' }).map((e) => e.detail)).toEqual([
      { message: 'The voice runner caught an unexpected TypeError and kept running.' },
    ]);
    expect(r.runner.state().calls.map((c) => c.callId)).toEqual([bystander.placed.id]);
    // The bystander still hears its agent: a reply comes after the attacks.
    const before = bystander.media.received.filter((m) => m.kind === 'media').length;
    r.anthropic.state.stream.replies.push({ text: 'Sure, Tuesday works.' });
    r.deepgram.queueTranscripts('Can I come on Tuesday?');
    await bystander.media.speak('Can I come on Tuesday?', 700);
    await agentDone(bystander.media, before);
    expect(r.core.audit.verify()).toMatchObject({ ok: true });
    await r.runner.hangup(bystander.placed.id, 'console');
  });

  it('refuses a second socket on a live Exotel call at its upgrade, before any frame is read', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { serveExotelCalls, answerExotelCall } = await import('../../sim/exotel-calls');
    const exotelCalls = serveExotelCalls(r.sims.byId.exotel as Parameters<typeof serveExotelCalls>[0]);
    const placed = await r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+919812345678', actor: 'console' });
    const call = exotelCalls[0];
    if (!call) throw new Error('Exotel recorded no call');
    const media = await answerExotelCall(call);
    await until(() => media.received.some((m) => m.kind === 'media'), undefined, 'the greeting');
    // The stream URL as Exotel's call log shows it, opened by someone else: its token is spent.
    const attacker = new WebSocket(call.streamUrl);
    const status = await new Promise<number>((resolve) => {
      attacker.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      attacker.on('open', () => resolve(101));
      attacker.on('error', () => undefined);
    });
    expect(status).toBe(403);
    // Without a token at all the upgrade is refused too.
    const bare = new WebSocket(call.streamUrl.replace(/\/[A-Za-z0-9_-]+\?.*$/, ''));
    expect(
      await new Promise<number>((resolve) =>
        bare.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)).on('error', () => undefined),
      ),
    ).toBe(403);
    expect(r.runner.state().calls.map((c) => c.callId)).toEqual([placed.id]);
    await r.runner.hangup(placed.id, 'console');
  });
});

describe('a hostile frame before start', () => {
  it('closes only that socket, counts it as a refusal, and the server takes the next call', async () => {
    const refusals: Refusal[] = [];
    const server = new MediaServer({ onRefused: (x) => refusals.push(x), startTimeoutMs: 5_000 });
    const port = await server.start();
    try {
      server.setPublicUrl(`http://127.0.0.1:${port}`);
      for (const kind of HOSTILE) {
        const legs: CallLeg[] = [];
        const call: ExpectedCall = {
          token: randomBytes(24).toString('base64url'),
          carrier: 'exotel',
          signingSecret: null,
          callId: 'a1b2c3d4e5f6',
          onLeg: (l) => void legs.push(l),
          onStatus: () => undefined,
        };
        const { streamUrl } = server.expect(call);
        const ws = new WebSocket(streamUrl);
        await new Promise((resolve) => ws.once('open', resolve));
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        ws.on('error', () => undefined);
        rawSocket(ws).write(hostileFrame(kind));
        expect(await closed).toBeGreaterThanOrEqual(1002);
        expect(refusals.at(-1)).toMatchObject({ reason: 'bad-frame', route: 'stream', from: '127.0.0.1' });
        expect(legs).toEqual([]);
      }
      // The server is still there: a proper stream is accepted.
      const legs: CallLeg[] = [];
      const call: ExpectedCall = {
        token: randomBytes(24).toString('base64url'),
        carrier: 'exotel',
        signingSecret: null,
        callId: 'f6e5d4c3b2a1',
        onLeg: (l) => void legs.push(l),
        onStatus: () => undefined,
      };
      const { streamUrl } = server.expect(call);
      const sim = await CarrierVoiceSim.connect({
        streamUrl,
        token: call.token,
        callSid: 'f6e5d4c3b2a1',
        authToken: null,
        carrier: 'exotel',
      });
      sim.start();
      await until(() => legs.length === 1, undefined, 'the proper stream');
      sim.stop();
    } finally {
      await server.close();
    }
  });

  it('bounds the sockets one call may hold open', async () => {
    const refusals: Refusal[] = [];
    const server = new MediaServer({ onRefused: (x) => refusals.push(x), startTimeoutMs: 5_000 });
    const port = await server.start();
    try {
      server.setPublicUrl(`http://127.0.0.1:${port}`);
      const call: ExpectedCall = {
        token: randomBytes(24).toString('base64url'),
        carrier: 'twilio',
        signingSecret: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        callId: `CA${randomBytes(16).toString('hex')}`,
        onLeg: () => undefined,
        onStatus: () => undefined,
      };
      const { streamUrl } = server.expect(call);
      const open = (): Promise<CarrierVoiceSim | { status: number }> =>
        CarrierVoiceSim.connect({ streamUrl, token: call.token, callSid: call.callId ?? '', authToken: call.signingSecret }).catch(
          (e: { status: number }) => e,
        );
      const [a, b] = await Promise.all([open(), open()]);
      expect(await open()).toMatchObject({ status: 503 });
      expect(refusals.map((x) => x.reason)).toEqual(['too-many-sockets']);
      for (const s of [a, b]) if (s instanceof CarrierVoiceSim) s.stop();
    } finally {
      await server.close();
    }
  });
});

describe('a restart after a crash', () => {
  it('settles the calls a dead runner left dialing: asked of Twilio (and hung up), failed with the reason where the carrier cannot be asked', async () => {
    const sims = await startOnboardingSims();
    const core = await makeSimCore(sims);
    try {
      const ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
      await addVoiceKeys(core, sims, ws);
      await addChecked(core, sims, ws, 'exotel');
      const tw = sims.byId.twilio.fields;
      // What a runner killed mid-dial leaves: Twilio has the call, the row says dialing.
      const { callSid } = await dialTwilioStream(
        { accountSid: tw.accountSid ?? '', authToken: tw.authToken ?? '', endpoint: null, env: sims.env, timeoutMs: 60_000 },
        {
          to: '+14155550100',
          from: tw.phoneNumber ?? '',
          streamUrl: 'wss://runner.example.com/twilio/stream/ref',
          token: 'tok_0123456789abcdefABCDEF',
          statusUrl: 'https://runner.example.com/twilio/status/ref',
        },
      );
      const row = (carrier: 'twilio' | 'exotel', carrierCallId: string | null): string => {
        const c = core.calls.create(
          {
            workspaceId: ws,
            agentId: null,
            agentName: 'Ava',
            to: '+14155550100',
            from: '+14155550123',
            carrier,
            campaignId: null,
            test: false,
          },
          'console',
        );
        core.calls.update(c.id, { state: 'dialing', ...(carrierCallId ? { carrierCallId } : {}) });
        return c.id;
      };
      const twilioCall = row('twilio', callSid);
      const exotelCall = row('exotel', 'a1b2c3d4e5f6');
      const unplaced = row('twilio', null);
      const runner = new VoiceRunner(core.voiceDeps);
      await runner.start();
      await runner.stop();
      expect(core.calls.get(ws, twilioCall)).toMatchObject({
        state: 'ended',
        outcome: 'failed',
        reason: 'Switchboard stopped during the call, so it was hung up on restart; the agent could not classify it.',
      });
      // A queued call hung up is cancelled (Twilio: Status=completed on a call not yet answered).
      expect(sims.calls.find((c) => c.sid === callSid)?.state).toBe('canceled');
      expect(core.calls.get(ws, exotelCall)).toMatchObject({
        state: 'ended',
        outcome: 'failed',
        reason: expect.stringMatching(/Exotel cannot be asked how a streamed call went\.$/) as unknown,
      });
      expect(core.calls.get(ws, unplaced)).toMatchObject({
        state: 'ended',
        outcome: 'failed',
        reason: 'Switchboard stopped while the call was being placed; no call id came back from the carrier.',
      });
      expect(core.audit.list({ action: 'call.settled' })).toHaveLength(3);
    } finally {
      core.dispose();
      await sims.close();
    }
  });
});
