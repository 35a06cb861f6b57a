/**
 * One contract check per provider over the voice end-to-end scenarios: every message the runner
 * sent during a Twilio call (a turn, then a reply that is only end_call) and an Exotel call is
 * recorded by the simulators and validated against that provider's own contract — Twilio's OpenAPI
 * description, Media Streams' message shapes, Deepgram's listen parameters from its SDK, Cartesia's
 * WebSocket request type from its SDK, Anthropic's MessageCreateParams rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkTwilioRequests } from '../../helpers/twilio-openapi';
import { agentDone, placeExotelCall, startVoiceRig, type VoiceRig } from '../../helpers/voice-rig';
import { messagesRefusal } from '../../sim/anthropic-contract';
import { messageRefusal } from '../../sim/cartesia-contract';
import { listenRefusal } from '../../sim/deepgram-contract';
import { answerExotelCall, completeExotelCall } from '../../sim/exotel-calls';

/** Every Cartesia message replayed through the contract in order (a context starts with its first message). */
function cartesiaProblems(received: readonly Record<string, unknown>[]): string[] {
  const started = new Set<string>();
  return received.flatMap((m) => {
    const why = messageRefusal(m, started);
    if (m.cancel === undefined && typeof m.context_id === 'string') started.add(m.context_id);
    return why === null ? [] : [why];
  });
}

/** Every streamed Messages request the Anthropic simulator received, and what the API would refuse in it. */
function anthropicProblems(rig: VoiceRig): string[] {
  const bodies = rig.anthropic.requests.filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'));
  expect(bodies.length).toBeGreaterThan(0);
  return [...bodies.flatMap((r) => messagesRefusal(JSON.parse(r.body)) ?? []), ...rig.anthropic.state.stream.refused];
}

describe('every message the runner sends during a voice call keeps each provider’s contract', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('on a Twilio call with a turn and a closing reply that is only end_call', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({ text: '', endCall: { outcome: 'not_interested', reason: 'Said no.' } });
    r.deepgram.queueTranscripts('No thank you.');
    r.sims.twilio.clearRequests();
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('No thank you.', 700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'not_interested', reason: 'Said no.' });

    // Twilio REST: the dial and the hang-up, as the OpenAPI description has them.
    const twilio = checkTwilioRequests(r.sims.twilio.requests);
    expect(twilio.map((v) => v.operation)).toContain('POST /2010-04-01/Accounts/{AccountSid}/Calls.json');
    expect(twilio.flatMap((v) => v.problems)).toEqual([]);
    // Media Streams: every media, mark and clear carried this stream's streamSid.
    expect(media.received.length).toBeGreaterThan(0);
    expect(media.violations).toEqual([]);
    // Deepgram: the listen query is one the SDK's types and Deepgram's rules accept.
    expect(r.deepgram.connections.map((c) => listenRefusal(c.query))).toEqual([null]);
    expect(r.deepgram.refusals).toEqual([]);
    // Cartesia: every request a GenerationRequest or a cancel, with its version header; the end_call-only reply opened no context.
    expect(r.cartesia.versions.every((v) => typeof v === 'string')).toBe(true);
    expect(cartesiaProblems(r.cartesia.received)).toEqual([]);
    expect(r.cartesia.refusals).toEqual([]);
    expect(r.cartesia.received.filter((m) => m.transcript === '' && m.continue === false).length).toBeLessThanOrEqual(1);
    expect(r.cartesia.received.every((m) => m.cancel !== undefined || m.max_buffer_delay_ms === 0)).toBe(true);
    // Anthropic: every streamed request a valid MessageCreateParams.
    expect(anthropicProblems(r)).toEqual([]);
  });

  it('on an Exotel call', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { placed, call } = await placeExotelCall(r);
    const media = await answerExotelCall(call, { exotelStart: 'article' }, 'both', 'json');
    await agentDone(media, 0);
    media.stop();
    await completeExotelCall(call, 'completed', 5, 'json');
    await placed.done;
    expect(call.form).toMatchObject({ StreamType: 'bidirectional' });
    expect(media.received.length).toBeGreaterThan(0);
    expect(media.violations).toEqual([]);
    expect(r.deepgram.connections.map((c) => listenRefusal(c.query))).toEqual([null]);
    expect(cartesiaProblems(r.cartesia.received)).toEqual([]);
    expect(r.cartesia.refusals).toEqual([]);
  });
});
