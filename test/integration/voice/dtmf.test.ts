import { afterEach, describe, expect, it } from 'vitest';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';

/** The Messages request bodies the Anthropic simulator streamed, in order. */
function llmRequests(rig: VoiceRig): { messages: { role: string; content: unknown }[] }[] {
  return rig.anthropic.requests
    .filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'))
    .map((r) => JSON.parse(r.body) as { messages: { role: string; content: unknown }[] });
}

describe('keys the caller presses (DTMF)', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('reach Claude over Twilio as one caller turn "[pressed 2 4]", kept in the sealed transcript', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({
      text: 'Got it, option twenty-four. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Chose option 24.' },
    });
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    media.dtmf('2');
    media.dtmf('4');
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    const requests = llmRequests(r);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: '[pressed 2 4]' });
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?'],
      ['caller', '[pressed 2 4]'],
      ['agent', 'Got it, option twenty-four. Goodbye!'],
    ]);
  });

  it('reach Claude over Exotel the same way, and a key pressed over the agent cuts it off', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { serveExotelCalls, answerExotelCall } = await import('../../sim/exotel-calls');
    const exotelCalls = serveExotelCalls(r.sims.byId.exotel as Parameters<typeof serveExotelCalls>[0]);
    r.anthropic.state.stream.replies.push({
      text: 'You pressed the hash key. Goodbye!',
      endCall: { outcome: 'callback', reason: 'Pressed hash.' },
    });
    const placed = await r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+919812345678', actor: 'console' });
    const call = exotelCalls[0];
    if (!call) throw new Error('Exotel recorded no call');
    const media = await answerExotelCall(call);
    // Pressed while the greeting is still playing: the greeting stops where the caller cut it off.
    await until(() => media.received.some((m) => m.kind === 'media'), 30_000, 'the greeting to start');
    media.dtmf('#');
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'callback', answered: true });
    expect(media.received.some((m) => m.kind === 'clear')).toBe(true);
    const request = llmRequests(r)[0];
    expect(request?.messages.at(-1)?.role).toBe('user');
    expect(String(request?.messages.at(-1)?.content)).toMatch(/\[pressed #\]$/);
    // Claude is told only what the caller heard of the greeting, not the words the key cut off.
    expect(JSON.stringify(request?.messages)).not.toContain('Do you have a minute?');
    const lines = r.core.calls.get(r.ws, placed.id).transcript;
    expect(lines.filter((l) => l.speaker === 'caller').map((l) => l.text)).toEqual(['[pressed #]']);
    expect(lines.at(-1)?.text).toBe('You pressed the hash key. Goodbye!');
  });
});
