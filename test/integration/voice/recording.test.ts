import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../electron/core/voice/recording/wav';
import { filesUnder } from '../../helpers/leaks';
import { agentDone, placeExotelCall, RIG_AGENT, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import { answerExotelCall, completeExotelCall } from '../../sim/exotel-calls';

const CONSENT = 'This call is recorded for quality and training.';
const DAY = 86_400_000;

/** RMS of a stretch of samples. */
function rms(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/** The first 20 ms frame whose RMS passes `level`, as a sample index (-1 when none does). */
function firstLoud(samples: Int16Array, level = 500): number {
  for (let at = 0; at + 160 <= samples.length; at += 160) if (rms(samples, at, at + 160) > level) return at;
  return -1;
}

const recordingRows = (r: VoiceRig): number => (r.core.db.prepare('SELECT count(*) AS n FROM call_recordings').get() as { n: number }).n;

/** One call on the Twilio rig: the greeting, one caller sentence, the agent's goodbye. */
async function oneCall(r: VoiceRig): Promise<string> {
  r.anthropic.state.stream.replies.push({
    text: 'Lovely, you are booked for Tuesday. Goodbye!',
    endCall: { outcome: 'interested', reason: 'Booked for Tuesday.' },
  });
  r.deepgram.queueTranscripts('Yes, Tuesday works for me.');
  const { placed, media } = await r.dialAndAnswer();
  await agentDone(media, 0);
  await media.speak('Yes, Tuesday works for me.', 700);
  const end = await placed.done;
  expect(end.answered).toBe(true);
  return placed.id;
}

describe('call recordings on the voice rig', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('says the consent line first, records both sides into a sealed 2-channel WAV, deletes it with the call and expires it by retention', async () => {
    let nowMs = Date.parse('2027-03-01T09:00:00Z');
    rig = await startVoiceRig({ now: () => new Date(nowMs) });
    const r = rig;
    expect(r.agent).toMatchObject({ record: false, consentLine: 'This call is recorded.' });
    r.core.agents.update(r.ws, r.agent.id, { record: true, consentLine: CONSENT }, 'console');

    const first = await oneCall(r);
    const view = r.core.calls.get(r.ws, first);
    expect(view.transcript[0]).toMatchObject({ speaker: 'agent', text: `${CONSENT} ${RIG_AGENT.greeting}` });
    // The words synthesised first were the consent line's.
    const firstWords = r.cartesia.received.find((m) => typeof m.transcript === 'string' && m.transcript !== '')?.transcript;
    expect(String(firstWords).startsWith(CONSENT)).toBe(true);

    const opened = r.core.recordings.open(r.ws, first);
    if (!opened) throw new Error('The call was not recorded.');
    expect(opened.info).toMatchObject({ callId: first, channels: ['caller', 'agent'], sampleRate: 8000, truncated: false });
    expect(opened.info.expiresAt).toBe(new Date(nowMs + 90 * DAY).toISOString());
    const wav = decodeWav(Buffer.from(opened.wav));
    expect(wav).toMatchObject({ sampleRate: 8000, bitsPerSample: 16 });
    expect(wav.channels.length).toBe(2);
    const [caller, agent] = wav.channels as [Int16Array, Int16Array];
    expect(opened.info.durationMs).toBe(Math.round(caller.length / 8));
    // The greeting came before the caller said anything: agent energy first, on the agent's channel
    // only; the caller's sentence then on the caller's channel, with the agent quiet over it.
    const agentFrom = firstLoud(agent);
    const callerFrom = firstLoud(caller);
    expect(agentFrom).toBeGreaterThanOrEqual(0);
    expect(callerFrom).toBeGreaterThan(agentFrom);
    expect(rms(caller, agentFrom, callerFrom)).toBeLessThan(50);
    expect(rms(agent, agentFrom, agentFrom + 8000)).toBeGreaterThan(500);
    expect(rms(caller, callerFrom, callerFrom + 8000)).toBeGreaterThan(500);
    expect(rms(agent, callerFrom, callerFrom + 4000)).toBeLessThan(rms(caller, callerFrom, callerFrom + 4000) / 4);

    // Sealed: no stretch of the recorded audio, caller's or agent's, sits in any file of the data folder.
    const raw = Buffer.from(opened.wav);
    const callerBytes = raw.subarray(44 + (callerFrom + 800) * 4, 44 + (callerFrom + 816) * 4);
    const agentBytes = raw.subarray(44 + (agentFrom + 800) * 4, 44 + (agentFrom + 816) * 4);
    for (const file of filesUnder(r.core.dataDir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes(callerBytes), `${file} holds caller audio`).toBe(false);
      expect(bytes.includes(agentBytes), `${file} holds agent audio`).toBe(false);
      expect(bytes.includes(raw.subarray(0, 44)), `${file} holds a WAV header`).toBe(false);
    }
    expect(r.core.audit.list({ action: 'call.record' })).toEqual([
      expect.objectContaining({ target: first, detail: { durationMs: opened.info.durationMs, bytes: raw.length, truncated: false } }),
    ]);

    // Retention: kept for the workspace's days on the core's clock, then swept and audited.
    expect(r.core.recordings.setRetentionDays(r.ws, 30, 'console')).toBe(30);
    nowMs += 29 * DAY;
    expect(r.core.recordings.sweep('system')).toBe(0);
    expect(r.core.recordings.info(r.ws, first)).not.toBeNull();
    nowMs += 2 * DAY;
    expect(r.core.recordings.sweep('system')).toBe(1);
    expect(r.core.recordings.open(r.ws, first)).toBeNull();
    expect(r.core.calls.get(r.ws, first).transcript.length).toBeGreaterThan(0);
    expect(r.core.audit.list({ action: 'call.recording.expire' })).toEqual([
      expect.objectContaining({ target: first, detail: { days: 30 } }),
    ]);

    // Deleted with its call.
    const second = await oneCall(r);
    expect(r.core.recordings.info(r.ws, second)).not.toBeNull();
    expect(recordingRows(r)).toBe(1);
    r.core.calls.delete(r.ws, second, 'console');
    expect(recordingRows(r)).toBe(0);
    expect(() => r.core.recordings.open(r.ws, second)).toThrow('has no call with that id');

    // Off: the greeting alone, and nothing recorded.
    r.core.agents.update(r.ws, r.agent.id, { record: false }, 'console');
    const third = await oneCall(r);
    expect(r.core.calls.get(r.ws, third).transcript[0]).toMatchObject({ speaker: 'agent', text: RIG_AGENT.greeting });
    expect(r.core.recordings.open(r.ws, third)).toBeNull();
    expect(recordingRows(r)).toBe(0);
    expect(r.core.audit.list({ action: 'call.record' }).length).toBe(2);
  });

  it('records an Exotel call’s 16-bit PCM on both channels', async () => {
    rig = await startVoiceRig({ carrier: 'exotel' });
    const r = rig;
    r.core.agents.update(r.ws, r.agent.id, { record: true }, 'console');
    const { placed, call } = await placeExotelCall(r);
    const media = await answerExotelCall(call, { markEcho: 'immediate' }, 'both', 'json');
    await until(() => media.received.some((m) => m.kind === 'media'), undefined, 'the greeting');
    await agentDone(media, 0);
    await media.speak('Hello, who is this?', 300);
    media.stop();
    expect(await completeExotelCall(call, 'completed', 7, 'json')).toBe(204);
    await placed.done;
    expect(r.core.calls.get(r.ws, placed.id).transcript[0]?.text).toBe(`This call is recorded. ${RIG_AGENT.greeting}`);
    const opened = r.core.recordings.open(r.ws, placed.id);
    if (!opened) throw new Error('The Exotel call was not recorded.');
    const wav = decodeWav(Buffer.from(opened.wav));
    expect(wav.channels.length).toBe(2);
    const [caller, agent] = wav.channels as [Int16Array, Int16Array];
    const agentFrom = firstLoud(agent);
    const callerFrom = firstLoud(caller);
    expect(agentFrom).toBeGreaterThanOrEqual(0);
    expect(callerFrom).toBeGreaterThan(agentFrom);
    expect(rms(caller, callerFrom, callerFrom + 4000)).toBeGreaterThan(500);
  });
});
