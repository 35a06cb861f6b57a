import { afterEach, describe, expect, it } from 'vitest';
import { placeExotelCall, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import type { ExotelState } from '../../sim/exotel';
import {
  answerExotelCall,
  completeExotelCall,
  postExotelStatus,
  serveExotelCalls,
  type ExotelCallbackEncoding,
} from '../../sim/exotel-calls';
import type { ProviderSim } from '../../sim/server';

describe('Exotel calls in every shape Exotel sends', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  const shapes: ['protocol' | 'article' | 'none', ExotelCallbackEncoding][] = [
    ['article', 'json'],
    ['article', 'form'],
    ['protocol', 'json'],
    ['none', 'form'],
  ];
  for (const [start, encoding] of shapes) {
    it(`completes a call whose start has the ${start === 'none' ? 'media_format left out' : `${start} media_format`} and whose status callbacks are ${encoding}`, async () => {
      rig = await startVoiceRig({ carrier: 'exotel' });
      const r = rig;
      const { placed, call } = await placeExotelCall(r);
      const media = await answerExotelCall(call, { exotelStart: start, markEcho: 'immediate' }, 'both', encoding);
      await until(() => media.received.some((m) => m.kind === 'media'), undefined, 'the greeting');
      media.stop();
      expect(await completeExotelCall(call, 'completed', 7, encoding)).toBe(204);
      const end = await placed.done;
      expect(end).toMatchObject({ answered: true, outcome: 'not_interested' });
      // The audio was read as the 16-bit PCM the stream URL asked for, whatever media_format said.
      expect(r.deepgram.connections[0]?.query).toMatchObject({ encoding: 'linear16', sample_rate: '8000' });
      for (const m of media.received) if (m.kind === 'media') expect(m.audio.length % 320).toBe(0);
      // JSON callbacks give the talk time only in their Legs; it is still the call's duration.
      expect(r.core.calls.get(r.ws, placed.id)).toMatchObject({ carrier: 'exotel', outcome: 'not_interested', durationSeconds: 7 });
      expect(r.core.audit.list({ action: 'call.refused' })).toEqual([]);
    });
  }

  it('ends a busy call at once from a JSON terminal callback, without waiting for the answer timer', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { placed, call } = await placeExotelCall(r);
    expect(await completeExotelCall(call, 'busy', 0, 'json')).toBe(204);
    expect(await placed.done).toMatchObject({ outcome: 'busy', answered: false });
  });

  it('refuses a callback with a field Exotel does not send, in either encoding, and keeps the call as it was', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { placed, call } = await placeExotelCall(r);
    expect(await postExotelStatus(call, 'terminal', 'busy', { Injected: 'yes' }, 'form')).toBe(400);
    expect(await postExotelStatus(call, 'terminal', 'busy', { Injected: 'yes' }, 'json')).toBe(400);
    const bad = await fetch(call.statusCallback ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"CallSid": "',
    });
    expect(bad.status).toBe(400);
    expect(r.core.calls.get(r.ws, placed.id).state).toBe('dialing');
    // The first refusal from this address is audited at once, with why; the rest are counted into
    // the window's summary (refusals.ts), so no caller can grow the log by knocking.
    expect(r.core.audit.list({ action: 'call.refused' }).map((e) => e.detail)).toEqual([
      expect.objectContaining({
        reason: 'bad-status',
        why: 'That is not an Exotel status callback: it carries a field Exotel does not send.',
      }),
    ]);
    await r.runner.hangup(placed.id, 'console');
  });
});

describe('the Exotel simulator’s Calls/connect', () => {
  it('takes the form fields in either documented spelling: capitalised (curl, OpenAPI) and lower case (the developer guide’s table)', async () => {
    const rig = await startVoiceRig({ carrier: 'exotel' });
    try {
      const sim = rig.sims.byId.exotel as ProviderSim<ExotelState>;
      const calls = serveExotelCalls(sim);
      const { sid, apiKey, apiToken } = sim.fields as Record<string, string>;
      const phone = sim.state.exoPhones[0]?.phone_number ?? '';
      const post = (form: Record<string, string>): Promise<Response> =>
        fetch(`${sim.url}/v1/Accounts/${sid}/Calls/connect.json`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${apiKey}:${apiToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(form).toString(),
        });
      expect(
        (
          await post({
            From: '+919812345678',
            CallerId: phone,
            StreamUrl: 'wss://bot.example.com/s',
            StreamType: 'bidirectional',
            'StatusCallbackEvents[0]': 'terminal',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await post({
            from: '+919812345678',
            callerid: phone,
            streamurl: 'wss://bot.example.com/s',
            streamtype: 'bidirectional',
            'statuscallbackevents[]': 'terminal',
          })
        ).status,
      ).toBe(200);
      expect(calls.map((c) => [c.streamType, c.statusCallbackEvents])).toEqual([
        ['bidirectional', ['terminal']],
        ['bidirectional', ['terminal']],
      ]);
    } finally {
      await rig.close();
    }
  });
});
