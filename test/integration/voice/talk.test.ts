/**
 * Talking to an agent from the console, against the simulators: the window's 16 kHz microphone
 * frames reach Deepgram (Flux, this agent being English) as linear16 at 16 kHz, Claude answers,
 * Cartesia speaks at 16 kHz, the agent's frames come back to the window paced, and the call is
 * stored like a phone call (sealed transcript, three keys metered, a test) with no carrier asked
 * for anything. A hostile frame ends that call alone, with one sentence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { ConsoleWindow } from '../../helpers/console-window';
import { startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';

describe('a call from the console (Talk)', () => {
  let rig: VoiceRig | null = null;
  let window: ConsoleWindow | null = null;
  afterEach(async () => {
    window?.close();
    window = null;
    await rig?.core.voice.talks.endAll();
    await rig?.close();
    rig = null;
  });

  it('greets the first frame, hears the caller, answers in 16 kHz audio, ends on the agent’s goodbye, and stores it with no carrier', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({
      text: 'Saturday at ten works. See you then, goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked a Saturday morning check-up.' },
    });
    r.deepgram.queueTranscripts('Can I come on Saturday morning?');
    const twilioBefore = r.sims.twilio.requests.length;
    const talks = r.core.voice.talks;
    window = new ConsoleWindow(talks);
    const w = window;
    const events: string[] = [];
    r.core.voice.onEvent((event) => events.push(event.type));

    const callId = await w.start(r.ws, r.agent.id);
    expect(talks.has(callId)).toBe(true);
    // Nothing plays before the window's first frame: the call is answered by it.
    expect(w.frames).toBe(0);
    await w.quiet(400);
    await w.agentDone();
    await w.say('Can I come on Saturday morning?');
    const call = await until(() => !talks.has(callId), undefined, 'the agent to end the call').then(() => r.core.calls.get(r.ws, callId));

    expect(call).toMatchObject({ carrier: 'console', test: true, to: 'console', from: 'console', outcome: 'interested' });
    expect(call.answeredAt).not.toBeNull();
    expect(call.transcript.map((line) => [line.speaker, line.text])).toEqual([
      ['agent', r.agent.greeting],
      ['caller', 'Can I come on Saturday morning?'],
      ['agent', 'Saturday at ten works. See you then, goodbye!'],
    ]);
    // The three keys of the call are metered; no carrier is.
    expect(new Set(call.usage.map((line) => line.provider))).toEqual(new Set(['deepgram', 'anthropic', 'cartesia']));
    expect(r.sims.twilio.requests.length).toBe(twilioBefore);
    // 16 kHz both ways: Flux was told linear16 at 16000, Cartesia asked for 16-bit PCM at 16000.
    const flux = r.deepgram.flux.connections.at(-1);
    expect(Object.fromEntries(flux?.params ?? [])).toMatchObject({ encoding: 'linear16', sample_rate: '16000' });
    const formats = r.cartesia.received.map((message) => message.output_format).filter(Boolean);
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) expect(format).toMatchObject({ encoding: 'pcm_s16le', sample_rate: 16000 });
    // The agent's audio came as 20 ms frames of 16 kHz PCM (640 bytes), paced.
    expect(w.heard.every((frame) => frame.length === 640)).toBe(true);
    expect(w.frames).toBeGreaterThan(50);
    // The reply's timing reached the window: voice-to-voice measured from the caller's last voiced frame.
    expect(w.turns.length).toBeGreaterThanOrEqual(1);
    const turn = w.turns[0];
    expect(turn?.voiceToVoiceMs).not.toBeNull();
    expect(turn?.voiceToVoiceMs ?? 0).toBeGreaterThan(turn?.runnerMs ?? 0);
    expect(events).toContain('ended');
    const create = r.core.audit.list({ workspaceId: r.ws }).find((entry) => entry.action === 'call.create' && entry.target === callId);
    expect(create?.detail).toMatchObject({ carrier: 'console', test: true });
  });

  it('keeps one greeting line, what was heard of it and marked cut off, when the caller talks over the greeting', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({ text: 'Of course. Goodbye!', endCall: { outcome: 'not_interested', reason: 'No time.' } });
    r.deepgram.queueTranscripts('Sorry, I am busy right now.');
    const talks = r.core.voice.talks;
    window = new ConsoleWindow(talks);
    const w = window;
    const callId = await w.start(r.ws, r.agent.id);
    await w.quiet(100);
    await until(() => w.frames > 20, undefined, 'the greeting to be playing');
    await w.say('Sorry, I am busy right now.');
    await until(() => !talks.has(callId), undefined, 'the agent to end the call');
    const lines = r.core.calls.get(r.ws, callId).transcript;
    const greetings = lines.filter((line) => line.speaker === 'agent' && r.agent.greeting.startsWith(line.text));
    expect(greetings).toHaveLength(1);
    expect(greetings[0]?.interrupted).toBe(true);
    expect(greetings[0]?.text.length).toBeLessThan(r.agent.greeting.length);
    expect(lines.map((line) => line.speaker)).toEqual(['agent', 'caller', 'agent']);
  });

  it('refuses a frame that is not base64 with a sentence and goes on; a frame that is not 16-bit PCM ends that call alone', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const talks = r.core.voice.talks;
    window = new ConsoleWindow(talks);
    const w = window;
    const callId = await w.start(r.ws, r.agent.id);
    await w.quiet(200);
    let refused: unknown = null;
    try {
      w.raw('not base64!');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe('The console sent audio that is not base64.');
    expect(talks.has(callId)).toBe(true);
    // Three bytes: not 16-bit samples.
    w.raw('AAAA');
    await until(() => !talks.has(callId), undefined, 'the call to end');
    const call = r.core.calls.get(r.ws, callId);
    expect(call.outcome).toBe('failed');
    expect(call.reason).toBe('The console sent audio that is not 16-bit PCM frames of at most 200 ms.');
    let late: unknown = null;
    try {
      w.raw('AAAA');
    } catch (err) {
      late = err;
    }
    expect((late as AppError).code).toBe('NOT_FOUND');
  });

  it('ends as failed when the window never sends a frame, and refuses an agent of another workspace', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const talks = r.core.voice.talks;
    const other = r.core.workspaces.create({ name: 'Other Clinic', defaultCountry: 'US' }, 'console').id;
    await expect(talks.start({ workspaceId: other, agentId: r.agent.id, actor: 'console' })).rejects.toThrow(AppError);
    const { callId } = await talks.start({ workspaceId: r.ws, agentId: r.agent.id, actor: 'console' });
    await talks.end(callId, 'console');
    const call = r.core.calls.get(r.ws, callId);
    expect(call).toMatchObject({ outcome: 'failed', reason: 'The operator ended the call before the console sent any audio.' });
    expect(call.answeredAt).toBeNull();
  });

  it('shares the Anthropic key’s ceiling with the runner: a console call holds the one slot against another and against a placed call', async () => {
    const shared: { rig?: VoiceRig } = {};
    rig = await startVoiceRig({
      anthropicLimits: { requests: 1, inputTokens: 1, outputTokens: 1 },
      alsoLiveIn: (workspaceId) => shared.rig?.core.voice.talks.liveIn(workspaceId) ?? 0,
    });
    shared.rig = rig;
    const r = rig;
    const talks = r.core.voice.talks;
    const { callId } = await talks.start({ workspaceId: r.ws, agentId: r.agent.id, actor: 'console' });
    const second = talks.start({ workspaceId: r.ws, agentId: r.agent.id, actor: 'console' });
    await expect(second).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+14155550100', actor: 'console' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await talks.end(callId, 'console');
    // The console call is over: the runner may call again.
    const { placed } = await r.dialAndAnswer();
    r.runner.fault('The test is over.', placed.id);
    await placed.done;
    // Two starts at once (a double click): the first holds the slot while its sockets open, so the second is refused.
    const both = await Promise.allSettled([1, 2].map(() => talks.start({ workspaceId: r.ws, agentId: r.agent.id, actor: 'console' })));
    expect(both.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'RATE_LIMITED' } });
  });
});
