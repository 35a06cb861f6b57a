import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder } from '../../helpers/leaks';
import { PERSONAS } from '../../../shared/voice-agents';
import type { CartesiaState } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import { samplesOf, tone } from '../../sim/audio';
import { speech } from '../../sim/carrier-voice';
import { agentDone, RIG_AGENT, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';

/** μ-law speech without the quiet espeak leaves after it (which alone would end the caller's turn). */
function withoutTrailingQuiet(audio: Buffer): Buffer {
  const pcm = samplesOf(audio, 'mulaw');
  let end = pcm.length;
  for (; end >= 160; end -= 160) {
    let sum = 0;
    for (let i = end - 160; i < end; i++) sum += (pcm[i] ?? 0) ** 2;
    if (Math.sqrt(sum / 160) > 700) break;
  }
  return audio.subarray(0, end);
}

/** The Messages request bodies the Anthropic simulator streamed, in order. */
function llmRequests(rig: VoiceRig): { messages: { role: string; content: string }[] }[] {
  return rig.anthropic.requests
    .filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'))
    .map((r) => JSON.parse(r.body) as { messages: { role: string; content: string }[] });
}

/**
 * A caller who talks over a long reply: clear reaches the carrier, the TTS context is cancelled,
 * the LLM stream aborted, and the next turn holds only what was played (on either recogniser).
 */
async function bargeInCall(recogniser: 'nova-3' | 'by-language', keep: (rig: VoiceRig) => void): Promise<void> {
  const r = await startVoiceRig({ recogniser });
  keep(r);
  const long =
    'We have several openings this week. Monday and Tuesday mornings are open with our hygienist Priya. Thursday has late afternoon slots as well. Which of those would suit you and your family best?';
  r.anthropic.state.stream.tokenMs = 150;
  r.anthropic.state.stream.replies.push(
    { text: long },
    {
      text: 'Of course, I will call you back tomorrow. Goodbye!',
      endCall: { outcome: 'callback', reason: 'Asked to be called back tomorrow.' },
    },
  );
  r.deepgram.queueTranscripts('Yes, what times do you have?', 'Sorry, I have to go, please call me tomorrow.');
  const { placed, media } = await r.dialAndAnswer();
  const frames = await agentDone(media, 0);
  await media.speak('Yes, what times do you have?', 700);
  await until(() => media.received.filter((m) => m.kind === 'media').length > frames + 50, undefined, 'the reply to be playing');
  await media.speak('Sorry, I have to go, please call me tomorrow.', 700);
  const end = await placed.done;

  expect(end.outcome).toBe('callback');
  expect(media.received.some((m) => m.kind === 'clear')).toBe(true);
  expect(r.cartesia.cancels.length).toBe(1);
  await until(() => r.anthropic.state.stream.cut >= 1, undefined, 'the aborted stream to be seen');
  const second = llmRequests(r)[1];
  const heard = second?.messages.filter((m) => m.role === 'assistant').at(-1)?.content ?? '';
  expect(heard.endsWith('…')).toBe(true);
  const words = heard.slice(0, -1);
  expect(words.length).toBeGreaterThan(5);
  expect(long.startsWith(words)).toBe(true);
  expect(words.length).toBeLessThan(long.length - 40);
  const line = r.core.calls.get(r.ws, placed.id).transcript.find((l) => l.interrupted);
  expect(line).toMatchObject({ speaker: 'agent', text: words });
}

describe('a voice agent call against the simulators', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('holds a two-turn call from dial to hang-up: paced audio both ways, a sealed transcript, usage for all four keys, the outcome and the audit trail', async () => {
    const late: number[] = [];
    rig = await startVoiceRig({ onFrame: (ms) => late.push(ms) });
    const r = rig;
    r.anthropic.state.stream.replies.push(
      { text: 'Wonderful. Would Tuesday at ten in the morning suit you?' },
      {
        text: 'Perfect, you are booked for Tuesday at ten. Goodbye!',
        endCall: { outcome: 'interested', reason: 'Booked a check-up for Tuesday at ten.' },
      },
    );
    r.deepgram.queueTranscripts('Yes, I would like to book a check-up.', 'Tuesday at ten works for me.');
    const { placed, media } = await r.dialAndAnswer();

    const frames = await agentDone(media, 0);
    await media.speak('Yes, I would like to book a check-up.', 700);
    await agentDone(media, frames);
    await media.speak('Tuesday at ten works for me.', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', reason: 'Booked a check-up for Tuesday at ten.', answered: true });
    // Agent audio came back as 20 ms μ-law frames. Which utterance a frame belongs to is read from
    // the marks after it (named after their utterance), not from gaps in arrival times, which a
    // loaded machine stretches anywhere.
    const sent = media.received.filter((m) => m.kind === 'media');
    expect(sent.length).toBeGreaterThan(100);
    for (const m of sent) expect(m.audio.length).toBe(160);
    const byUtterance = new Map<string, number[]>();
    let pending: number[] = [];
    for (const m of media.received) {
      if (m.kind === 'media') pending.push(m.at);
      else if (m.kind === 'mark') {
        const id = m.name.slice(0, m.name.indexOf('.'));
        byUtterance.set(id, [...(byUtterance.get(id) ?? []), ...pending]);
        pending = [];
      }
    }
    expect(pending).toEqual([]);
    expect(byUtterance.size).toBe(3);
    // Paced, not sent in a burst: no frame went before its 20 ms slot (the runner's own account),
    // and each utterance took the carrier at least half its audio's length to receive.
    expect(late.length).toBe(sent.length);
    expect(late.every((ms) => ms >= 0)).toBe(true);
    for (const at of byUtterance.values()) expect((at.at(-1) ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(((at.length - 1) * 20) / 2);
    expect(r.sims.calls[0]?.hungUp).toBe(true);

    // Each reply was prepared on the caller's early turn (every word heard, quiet since) and played once the turn ended with those words.
    expect(end.session?.speculation).toEqual({ started: 2, used: 2, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 });
    // The next turn's request carried the whole conversation so far.
    const requests = llmRequests(r);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);

    const call = r.core.calls.get(r.ws, placed.id);
    expect(call).toMatchObject({
      state: 'ended',
      outcome: 'interested',
      carrierCallId: r.sims.calls[0]?.sid,
      to: '+14155550100',
      from: '+15005550006',
      test: true,
    });
    expect(call.transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?'],
      ['caller', 'Yes, I would like to book a check-up.'],
      ['agent', 'Wonderful. Would Tuesday at ten in the morning suit you?'],
      ['caller', 'Tuesday at ten works for me.'],
      ['agent', 'Perfect, you are booked for Tuesday at ten. Goodbye!'],
    ]);
    const usage = Object.fromEntries(call.usage.filter((u) => u.unit !== 'requests').map((u) => [u.provider, u]));
    expect(usage.twilio).toMatchObject({ unit: 'minutes', amount: 1, owner: 'own' });
    expect(usage.deepgram?.unit).toBe('minutes');
    expect(usage.deepgram?.amount).toBeGreaterThan(0.03);
    expect(usage.cartesia).toMatchObject({
      unit: 'characters',
      amount: call.transcript.filter((l) => l.speaker === 'agent').reduce((n, l) => n + l.text.length, 0),
    });
    expect(usage.anthropic?.unit).toBe('tokens');
    expect(usage.anthropic?.amount).toBeGreaterThan(0);
    const summary = r.core.usage.summary(r.ws).byProvider;
    for (const p of ['twilio', 'deepgram', 'cartesia', 'anthropic'])
      expect(summary.find((s) => s.provider === p)?.ownCost ?? 0).toBeGreaterThan(0);

    const actions = r.core.audit.list({ workspaceId: r.ws }).map((a) => a.action);
    for (const a of ['call.create', 'call.dial', 'call.end']) expect(actions).toContain(a);
    expect(r.core.audit.verify().ok).toBe(true);
    // Sealed: no line of the conversation is readable in any file of the data folder.
    for (const file of filesUnder(r.core.dataDir))
      for (const said of ['works for me', 'in the morning suit you', 'I would like to book'])
        expect(readFileSync(file).includes(said)).toBe(false);
    expect(r.events.filter((e) => e.type === 'ended')).toEqual([expect.objectContaining({ callId: placed.id, outcome: 'interested' })]);
  });

  it('plays nothing prepared for a caller who pauses mid-sentence and goes on: the reply answers the whole sentence, and the guess is counted as wasted', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.firstTokenMs = 50;
    r.anthropic.state.stream.replies.push({
      text: 'Tuesday at three it is. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked Tuesday at three.' },
    });
    // Said in two parts with a pause between them: shorter than the recogniser's endpointing, longer than its early interim.
    r.deepgram.queueTranscripts('I can come on Tuesday. | At three, if that works.');
    const { placed, media } = await r.dialAndAnswer();
    const greeting = await agentDone(media, 0);
    await media.playAudio(withoutTrailingQuiet(speech('I can come on Tuesday.', 'mulaw')));
    await media.silence(200);
    await media.playAudio(withoutTrailingQuiet(speech('At three, if that works.', 'mulaw')));
    // Not a frame of the reply prepared on "I can come on Tuesday." reached the caller.
    expect(media.received.filter((m) => m.kind === 'media')).toHaveLength(greeting);
    await media.silence(700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    const speculation = end.session?.speculation;
    expect(speculation?.used).toBe(1);
    expect(speculation?.wasted).toBeGreaterThanOrEqual(1);
    expect(speculation?.started).toBe((speculation?.used ?? 0) + (speculation?.wasted ?? 0));
    expect(speculation?.wastedInputTokens).toBeGreaterThan(0);
    const requests = llmRequests(r);
    // A guess on the first part; the reply that played answered the whole sentence.
    expect(requests.map((q) => q.messages.at(-1)?.content)).toContain('I can come on Tuesday.');
    expect(requests.at(-1)?.messages.at(-1)?.content).toBe('I can come on Tuesday. At three, if that works.');
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?'],
      ['caller', 'I can come on Tuesday. At three, if that works.'],
      ['agent', 'Tuesday at three it is. Goodbye!'],
    ]);
  });

  it('lets the caller barge in: clear reaches the carrier, the TTS context is cancelled, the LLM stream aborted, and the next turn holds only what was played', async () => {
    await bargeInCall('nova-3', (r) => (rig = r));
  });

  it('pauses the agent when the caller makes a sound with no words (a cough), then goes on from where it stopped: nothing cleared, nothing lost', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const long =
      'We have several openings this week. Monday and Tuesday mornings are open with our hygienist Priya. Thursday has late afternoon slots as well.';
    r.anthropic.state.stream.replies.push({ text: long, endCall: { outcome: 'callback', reason: 'Will call back.' } });
    // The cough is heard as speech that holds no words.
    r.deepgram.queueTranscripts('What times do you have?', '');
    const { placed, media } = await r.dialAndAnswer();
    const frames = await agentDone(media, 0);
    await media.speak('What times do you have?', 700);
    await until(() => media.received.filter((m) => m.kind === 'media').length > frames + 50, undefined, 'the reply to be playing');
    const coughAt = media.received.length;
    await media.playAudio(tone(150, 'mulaw', { amplitude: 6000 }));
    await media.silence(600);
    const end = await placed.done;
    expect(end.outcome).toBe('callback');
    expect(media.received.some((m) => m.kind === 'clear')).toBe(false);
    // The reply stopped for a while after the cough, then went on to its end (the last frame before the cough counts: the pause may come before the next).
    const before = media.received.slice(0, coughAt).filter((m) => m.kind === 'media');
    const after = [...before.slice(-1), ...media.received.slice(coughAt).filter((m) => m.kind === 'media')];
    const gaps = after.slice(1).map((m, i) => m.at - (after[i]?.at ?? m.at));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(250);
    const line = r.core.calls.get(r.ws, placed.id).transcript.find((l) => l.speaker === 'agent' && l.text === long);
    expect(line).toMatchObject({ interrupted: false });
    expect(r.cartesia.cancels.length).toBe(0);
  });

  it('refuses a forged signature before any audio is read, and audits it', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const placed = await r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+14155550100', actor: 'console' });
    const call = r.sims.calls[0];
    if (!call) throw new Error('no call');
    const { answerCall } = await import('../../sim/twilio-calls');
    await expect(answerCall(r.sims.twilio, call, { media: { signature: 'wrong' } })).rejects.toMatchObject({ status: 403 });
    expect(r.core.audit.list({ action: 'call.refused' })[0]).toMatchObject({ detail: { reason: 'bad-signature' } });
    expect(r.deepgram.connections[0]?.bytes).toBe(0);
    await r.runner.hangup(placed.id, 'console');
    expect(r.core.calls.get(r.ws, placed.id).outcome).toBe('failed');
  });

  it('ends the call politely with a reason when the Anthropic key is revoked mid-call', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.deepgram.queueTranscripts('Yes, I have a minute.');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    r.anthropic.setFault({ kind: 'unauthorized' });
    await media.speak('Yes, I have a minute.', 700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'failed', answered: true });
    expect(end.reason).toMatch(/Anthropic/);
    const agentLines = r.core.calls.get(r.ws, placed.id).transcript.filter((l) => l.speaker === 'agent');
    expect(agentLines.at(-1)?.text).toMatch(/technical problem/);
    expect(r.sims.calls[0]?.hungUp).toBe(true);
  });

  it('ends a silent line politely: asks once whether the caller is there, then says goodbye and hangs up', async () => {
    rig = await startVoiceRig({ silenceMs: 600 });
    const r = rig;
    const { placed } = await r.dialAndAnswer();
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'no_answer', reason: 'The line stayed silent.', answered: true });
    expect(r.core.calls.get(r.ws, placed.id).transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', RIG_AGENT.greeting],
      ['agent', 'Hello, are you still there?'],
      ['agent', "I can't hear you, so I'll let you go. Goodbye."],
    ]);
    expect(llmRequests(r)).toHaveLength(0);
    expect(r.sims.calls[0]?.hungUp).toBe(true);
  });

  it('ends the call politely with a reason when the Deepgram socket drops mid-call', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    r.deepgram.setFault('drop');
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'failed', answered: true, reason: 'The Deepgram stream dropped during the call.' });
    const agentLines = r.core.calls.get(r.ws, placed.id).transcript.filter((l) => l.speaker === 'agent');
    expect(agentLines.at(-1)?.text).toMatch(/technical problem/);
    expect(r.sims.calls[0]?.hungUp).toBe(true);
  });

  it('hangs up with the reason, saying nothing more, when the Cartesia socket drops mid-call', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const { placed, media } = await r.dialAndAnswer();
    const frames = await agentDone(media, 0);
    r.cartesia.setFault('drop');
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'failed', answered: true, reason: 'The Cartesia stream dropped during the call.' });
    // The voice is gone: no apology can be spoken, and none is written as if it had been.
    expect(r.core.calls.get(r.ws, placed.id).transcript.map((l) => l.text)).toEqual([RIG_AGENT.greeting]);
    expect(media.received.filter((m) => m.kind === 'media')).toHaveLength(frames);
    expect(r.sims.calls[0]?.hungUp).toBe(true);
  });

  it("speaks with the closest public persona when the client's Cartesia key cannot use the agent's voice, and says so", async () => {
    rig = await startVoiceRig();
    const r = rig;
    const foreign = '99999999-2222-4333-8444-555555555555';
    (r.sims.byId.cartesia as ProviderSim<CartesiaState>).state.foreignVoices.push(foreign);
    r.core.agents.update(r.ws, r.agent.id, { voiceId: foreign }, 'console');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await r.runner.hangup(placed.id, 'console');
    const fallback = PERSONAS[0];
    expect(placed.voiceNote).toBe(
      `The voice ${foreign} is not shared with this workspace's Cartesia key, so calls use ${fallback?.name ?? ''}, the closest public English persona.`,
    );
    const voices = new Set(
      r.cartesia.received.flatMap((m) => (typeof m.voice === 'object' && m.voice !== null ? [(m.voice as { id: string }).id] : [])),
    );
    expect([...voices]).toEqual([fallback?.voiceId]);
    // The console's audit trail shows it with the call.
    expect(r.core.audit.list({ action: 'call.dial' })[0]?.detail).toMatchObject({ voiceFallback: placed.voiceNote });
  });

  it('holds a call through Exotel: 16-bit PCM both ways in 320-byte multiples, an unsigned status callback only for its own call, hang-up by closing the stream', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    const { serveExotelCalls, answerExotelCall, postExotelStatus } = await import('../../sim/exotel-calls');
    const exotelCalls = serveExotelCalls(r.sims.byId.exotel as Parameters<typeof serveExotelCalls>[0]);
    r.anthropic.state.stream.replies.push({
      text: 'Thank you, goodbye!',
      endCall: { outcome: 'not_interested', reason: 'Not interested today.' },
    });
    r.deepgram.queueTranscripts('No thank you.');
    const placed = await r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+919812345678', actor: 'console' });
    const call = exotelCalls[0];
    if (!call) throw new Error('Exotel recorded no call');
    // The token once, at the end of the path; the query names only the sample rate.
    expect(call.streamUrl).toMatch(/\/exotel\/stream\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\?sample-rate=8000$/);
    // A callback naming another call is refused; the call's own is taken.
    expect(await postExotelStatus({ ...call, sid: 'f'.repeat(32) }, 'answered', 'in-progress')).toBe(400);
    const media = await answerExotelCall(call);
    await agentDone(media, 0);
    await media.speak('No thank you.', 700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'not_interested', answered: true });
    const sent = media.received.filter((m) => m.kind === 'media');
    expect(sent.length).toBeGreaterThan(20);
    for (const m of sent) expect(m.audio.length % 320).toBe(0);
    expect(r.deepgram.connections[0]?.query).toMatchObject({ encoding: 'linear16', sample_rate: '8000' });
    expect(r.cartesia.received.find((m) => 'output_format' in m)).toMatchObject({
      output_format: { encoding: 'pcm_s16le', sample_rate: 8000 },
    });
    expect((await media.closed).code).toBe(1000);
    const stored = r.core.calls.get(r.ws, placed.id);
    expect(stored).toMatchObject({ carrier: 'exotel', carrierCallId: call.sid, outcome: 'not_interested' });
    expect(stored.usage.map((u) => u.provider).sort()).toEqual(['anthropic', 'cartesia', 'deepgram', 'exotel', 'exotel']);
  });
});

describe('a voice agent call heard by Deepgram Flux (English agents, by default outside these tests)', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('opens Flux with the eager end of turn, prepares each reply on EagerEndOfTurn and plays it once EndOfTurn confirms the words', async () => {
    rig = await startVoiceRig({ recogniser: 'by-language' });
    const r = rig;
    r.anthropic.state.stream.replies.push(
      { text: 'Wonderful. Would Tuesday at ten in the morning suit you?' },
      {
        text: 'Perfect, you are booked for Tuesday at ten. Goodbye!',
        endCall: { outcome: 'interested', reason: 'Booked a check-up for Tuesday at ten.' },
      },
    );
    r.deepgram.queueTranscripts('Yes, I would like to book a check-up.', 'Tuesday at ten works for me.');
    const { placed, media } = await r.dialAndAnswer();
    const frames = await agentDone(media, 0);
    await media.speak('Yes, I would like to book a check-up.', 700);
    await agentDone(media, frames);
    await media.speak('Tuesday at ten works for me.', 700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    expect(r.deepgram.connections).toHaveLength(0);
    const flux = r.deepgram.flux.connections[0];
    expect(Object.fromEntries(flux?.params ?? [])).toMatchObject({
      model: 'flux-general-en',
      encoding: 'mulaw',
      sample_rate: '8000',
      eot_threshold: '0.7',
      eager_eot_threshold: '0.5',
    });
    expect(flux?.sent.some((m) => m.event === 'EagerEndOfTurn')).toBe(true);
    expect(end.session?.speculation).toEqual({ started: 2, used: 2, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 });
    expect(r.core.calls.get(r.ws, placed.id).transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', RIG_AGENT.greeting],
      ['caller', 'Yes, I would like to book a check-up.'],
      ['agent', 'Wonderful. Would Tuesday at ten in the morning suit you?'],
      ['caller', 'Tuesday at ten works for me.'],
      ['agent', 'Perfect, you are booked for Tuesday at ten. Goodbye!'],
    ]);
    const usage = r.core.calls.get(r.ws, placed.id).usage.find((u) => u.provider === 'deepgram');
    expect(usage?.amount).toBeGreaterThan(0.03);
  });

  it('abandons the reply prepared on an eager turn when Flux says the turn resumed: nothing of it plays, the reply answers the whole sentence', async () => {
    rig = await startVoiceRig({ recogniser: 'by-language' });
    const r = rig;
    r.anthropic.state.stream.firstTokenMs = 50;
    r.anthropic.state.stream.replies.push({
      text: 'Tuesday at three it is. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked Tuesday at three.' },
    });
    r.deepgram.queueTranscripts(['I can come on Tuesday.', 'At three, if that works.']);
    const { placed, media } = await r.dialAndAnswer();
    const greeting = await agentDone(media, 0);
    await media.playAudio(withoutTrailingQuiet(speech('I can come on Tuesday.', 'mulaw')));
    await media.silence(200);
    await media.playAudio(withoutTrailingQuiet(speech('At three, if that works.', 'mulaw')));
    expect(media.received.filter((m) => m.kind === 'media')).toHaveLength(greeting);
    await media.silence(700);
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    expect(r.deepgram.flux.connections[0]?.sent.some((m) => m.event === 'TurnResumed')).toBe(true);
    expect(end.session?.speculation?.used).toBe(1);
    expect(end.session?.speculation?.wasted).toBeGreaterThanOrEqual(1);
    expect(llmRequests(r).at(-1)?.messages.at(-1)?.content).toBe('I can come on Tuesday. At three, if that works.');
    expect(r.core.calls.get(r.ws, placed.id).transcript.map((l) => [l.speaker, l.text])).toEqual([
      ['agent', RIG_AGENT.greeting],
      ['caller', 'I can come on Tuesday. At three, if that works.'],
      ['agent', 'Tuesday at three it is. Goodbye!'],
    ]);
  });

  it('lets the caller barge in on Flux: StartOfTurn pauses the agent, the words clear it, and the next turn holds only what was played', async () => {
    await bargeInCall('by-language', (r) => (rig = r));
  });
});

describe('the greeting cache', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it("synthesises an agent's greeting on its first call only: the next call plays the same audio from the runner's memory and pays Cartesia nothing for it", async () => {
    rig = await startVoiceRig();
    const r = rig;
    const first = await r.dialAndAnswer();
    const greetingFrames = await agentDone(first.media, 0);
    const firstAudio = first.media.agentAudio();
    await r.runner.hangup(first.placed.id, 'console');
    await first.placed.done;
    const contexts = r.cartesia.received.filter((m) => 'transcript' in m).length;

    const second = await r.dialAndAnswer();
    expect(await agentDone(second.media, 0)).toBe(greetingFrames);
    expect(second.media.agentAudio().equals(firstAudio)).toBe(true);
    await r.runner.hangup(second.placed.id, 'console');
    await second.placed.done;
    expect(r.cartesia.received.filter((m) => 'transcript' in m).length).toBe(contexts);
    expect(r.runner.greetings.figures).toMatchObject({ synthesised: 1, played: 1, entries: 1 });
    const usage = r.core.calls.get(r.ws, second.placed.id).usage.find((u) => u.provider === 'cartesia');
    expect(usage?.amount ?? 0).toBe(0);
    expect(r.core.calls.get(r.ws, second.placed.id).transcript.map((l) => l.text)).toEqual([RIG_AGENT.greeting]);
  });
});
