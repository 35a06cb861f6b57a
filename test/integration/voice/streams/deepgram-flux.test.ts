import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../../../shared/errors';
import { ManualClock, realClock } from '../../../../electron/core/voice/clock';
import {
  openDeepgramFlux,
  type DeepgramFluxOptions,
  type FluxHandlers,
  type FluxTurn,
} from '../../../../electron/core/voice/streams/deepgram-flux';
import { samplesOf, silence } from '../../../sim/audio';
import { speech } from '../../../sim/carrier-voice';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../../../sim/deepgram-live';
import { until } from './wait';

function recorder() {
  const turns: FluxTurn[] = [];
  const errors: AppError[] = [];
  const handlers: FluxHandlers = { onTurn: (t) => turns.push(t), onError: (e) => errors.push(e) };
  const events = (): string[] => turns.map((t) => t.event).filter((e, i, all) => e !== 'Update' || all[i - 1] !== 'Update');
  return { turns, errors, handlers, events };
}

/** Sends audio in 20 ms frames, as a carrier would (without the real-time pacing: the sim runs on audio time). */
function sendFrames(send: (b: Buffer) => void, audio: Buffer, frameBytes = 160): void {
  for (let i = 0; i < audio.length; i += frameBytes) send(audio.subarray(i, i + frameBytes));
}

/** espeak's clip without its trailing quiet (about a third of a second), so a pause is only the silence a test adds. */
function spoken(text: string): Buffer {
  const audio = speech(text, 'mulaw');
  const pcm = samplesOf(audio, 'mulaw');
  let end = pcm.length;
  while (end > 160) {
    let sum = 0;
    for (let i = end - 160; i < end; i++) sum += (pcm[i] ?? 0) ** 2;
    if (Math.sqrt(sum / 160) > 100) break;
    end -= 160;
  }
  return audio.subarray(0, end);
}

/** Opens a raw socket to the simulator's /v2/listen and resolves with the HTTP status it refused with, or 101. */
function upgradeStatus(sim: DeepgramLiveSim, query: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/v2/listen?${query}`, { headers: { Authorization: `Token ${sim.apiKey}` } });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('error', () => undefined);
  });
}

describe('Deepgram Flux stream against the simulator', () => {
  let sim: DeepgramLiveSim;
  beforeEach(async () => {
    sim = await startDeepgramLiveSim();
  });
  afterEach(() => sim.close());
  const options = (over: Partial<DeepgramFluxOptions> = {}): DeepgramFluxOptions => ({
    apiKey: sim.apiKey,
    origin: sim.url,
    encoding: 'mulaw',
    sampleRate: 8000,
    thresholds: { eagerEotThreshold: 0.5 },
    clock: realClock(),
    ...over,
  });

  it('hears a spoken sentence as StartOfTurn, Updates, EagerEndOfTurn, then EndOfTurn with the same words', async () => {
    sim.queueTranscripts('I would like to book a cleaning.');
    const r = recorder();
    const stt = await openDeepgramFlux(options(), r.handlers);
    sendFrames(
      (b) => stt.send(b),
      Buffer.concat([silence(300, 'mulaw'), spoken('I would like to book a cleaning'), silence(800, 'mulaw')]),
    );
    await until(() => r.turns.some((t) => t.event === 'EndOfTurn'), undefined, 'EndOfTurn');
    expect(r.events()).toEqual(['StartOfTurn', 'Update', 'EagerEndOfTurn', 'EndOfTurn']);
    const eager = r.turns.find((t) => t.event === 'EagerEndOfTurn');
    const end = r.turns.find((t) => t.event === 'EndOfTurn');
    expect(eager).toMatchObject({ turnIndex: 0, transcript: 'I would like to book a cleaning.', endOfTurnConfidence: 0.5 });
    expect(end).toMatchObject({ turnIndex: 0, transcript: eager?.transcript, trigger: 'model', endOfTurnConfidence: 0.7 });
    // The turn starts where the speech does, and the end comes 200 ms of audio after the eager one.
    expect(end?.audioWindowStart).toBeCloseTo(0.3, 1);
    expect((end?.audioWindowEnd ?? 0) - (eager?.audioWindowEnd ?? 0)).toBeCloseTo(0.2, 2);
    // Updates grow the transcript word by word before the eager end.
    const updates = r.turns.filter((t) => t.event === 'Update' && t.audioWindowEnd < (eager?.audioWindowEnd ?? 0));
    expect(updates.length).toBeGreaterThan(2);
    expect(updates.map((u) => u.transcript.split(' ').length)).toEqual(
      [...updates.map((u) => u.transcript.split(' ').length)].sort((a, b) => a - b),
    );
    const conn = sim.flux.connections[0];
    expect(conn?.params).toEqual([
      ['model', 'flux-general-en'],
      ['encoding', 'mulaw'],
      ['sample_rate', '8000'],
      ['eot_threshold', '0.7'],
      ['eager_eot_threshold', '0.5'],
      ['eot_timeout_ms', '5000'],
    ]);
    expect(conn?.sent[0]).toMatchObject({ type: 'Connected', sequence_id: 0 });
    expect(conn?.sent.map((m) => m.sequence_id)).toEqual(conn?.sent.map((_, i) => i));
    await stt.close();
    expect(conn?.controls).toEqual(['CloseStream']);
    expect(r.errors).toEqual([]);
  });

  it('a caller who pauses mid-sentence: the eager turn is resumed, and EndOfTurn carries the whole sentence once', async () => {
    sim.queueTranscripts(['I would like to book', 'an appointment on Tuesday.']);
    const r = recorder();
    const stt = await openDeepgramFlux(options(), r.handlers);
    const audio = [
      silence(200, 'mulaw'),
      spoken('I would like to book'),
      silence(200, 'mulaw'),
      spoken('an appointment on Tuesday'),
      silence(800, 'mulaw'),
    ];
    sendFrames((b) => stt.send(b), Buffer.concat(audio));
    await until(() => r.turns.some((t) => t.event === 'EndOfTurn'), undefined, 'EndOfTurn');
    expect(r.events()).toEqual(['StartOfTurn', 'Update', 'EagerEndOfTurn', 'TurnResumed', 'Update', 'EagerEndOfTurn', 'EndOfTurn']);
    const key = r.turns.filter((t) => t.event !== 'Update' && t.event !== 'StartOfTurn').map((t) => [t.event, t.transcript]);
    expect(key).toEqual([
      ['EagerEndOfTurn', 'I would like to book'],
      ['TurnResumed', 'I would like to book'],
      ['EagerEndOfTurn', 'I would like to book an appointment on Tuesday.'],
      ['EndOfTurn', 'I would like to book an appointment on Tuesday.'],
    ]);
    expect(new Set(r.turns.map((t) => t.turnIndex))).toEqual(new Set([0]));
    await stt.close();
  });

  it('without an eager threshold a turn only ends, and the next turn counts up', async () => {
    sim.queueTranscripts('Yes.', 'Tuesday at ten.');
    const r = recorder();
    const stt = await openDeepgramFlux(options({ thresholds: {}, encoding: 'linear16' }), r.handlers);
    const pcm = (text: string): Buffer => Buffer.from(speech(text, 'pcm16'));
    const audio = Buffer.concat([pcm('Yes'), silence(400, 'pcm16'), pcm('Tuesday at ten'), silence(600, 'pcm16')]);
    sendFrames((b) => stt.send(b), audio, 320);
    await until(() => r.turns.filter((t) => t.event === 'EndOfTurn').length === 2, undefined, 'two EndOfTurns');
    expect(r.turns.some((t) => t.event === 'EagerEndOfTurn' || t.event === 'TurnResumed')).toBe(false);
    expect(r.turns.filter((t) => t.event === 'EndOfTurn').map((t) => [t.turnIndex, t.transcript])).toEqual([
      [0, 'Yes.'],
      [1, 'Tuesday at ten.'],
    ]);
    // linear16 at 8 kHz is metered at 16 000 bytes a second, every byte of it received.
    expect(stt.audioSeconds).toBeCloseTo(audio.length / 16000, 5);
    expect(sim.flux.connections[0]?.bytes).toBe(audio.length);
    await stt.close();
  });

  it('forceEndTurn ends the turn at once with trigger manual; configure answers with ConfigureSuccess or Failure', async () => {
    sim.queueTranscripts('Hold on a second.');
    const r = recorder();
    const stt = await openDeepgramFlux(options({ thresholds: { eotThreshold: 1, eagerEotThreshold: 0.5 } }), r.handlers);
    sendFrames((b) => stt.send(b), Buffer.concat([spoken('Hold on a second'), silence(600, 'mulaw')]));
    // eot_threshold 1.0: Flux never ends the turn itself; the caller's 600 ms of silence is not enough for the 5 s timeout.
    await until(() => r.turns.some((t) => t.event === 'EagerEndOfTurn'), undefined, 'EagerEndOfTurn');
    await new Promise((res) => setTimeout(res, 100));
    expect(r.turns.some((t) => t.event === 'EndOfTurn')).toBe(false);
    stt.forceEndTurn();
    await until(() => r.turns.some((t) => t.event === 'EndOfTurn'), undefined, 'manual EndOfTurn');
    expect(r.turns.at(-1)).toMatchObject({ event: 'EndOfTurn', trigger: 'manual', transcript: 'Hold on a second.' });
    expect(await stt.configure({ eotThreshold: 0.8, eagerEotThreshold: 0.4 })).toBe(true);
    const answer = {
      type: 'ConfigureSuccess',
      thresholds: { eot_threshold: 0.8, eager_eot_threshold: 0.4, eot_timeout_ms: 5000 },
      keyterms: [],
    };
    expect(sim.flux.connections[0]?.sent.at(-1)).toMatchObject(answer);
    await expect(stt.configure({ eotThreshold: 0.4 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(sim.flux.connections[0]?.controls).toEqual(['ForceEndTurn', 'Configure']);
    await stt.close();
    expect(r.errors).toEqual([]);
  });

  it('eot_timeout_ms ends a turn Flux would not end itself, trigger timeout', async () => {
    sim.queueTranscripts('Let me think');
    const r = recorder();
    const stt = await openDeepgramFlux(options({ thresholds: { eotThreshold: 1, eotTimeoutMs: 800 } }), r.handlers);
    sendFrames((b) => stt.send(b), Buffer.concat([spoken('Let me think'), silence(1000, 'mulaw')]));
    await until(() => r.turns.some((t) => t.event === 'EndOfTurn'), undefined, 'timeout EndOfTurn');
    const end = r.turns.find((t) => t.event === 'EndOfTurn');
    expect(end).toMatchObject({ trigger: 'timeout', transcript: 'Let me think' });
    await stt.close();
  });

  it('keeps an idle socket open with silence (Flux has no KeepAlive message), driven by the clock and metered', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const stt = await openDeepgramFlux(options({ clock }), r.handlers);
    const bytes = (): number => sim.flux.connections[0]?.bytes ?? 0;
    clock.advance(3999);
    await new Promise((res) => setTimeout(res, 30));
    expect(bytes()).toBe(0);
    clock.advance(1);
    await until(() => bytes() === 640, undefined, 'keep-alive silence');
    stt.send(silence(20, 'mulaw'));
    clock.advance(3999);
    await new Promise((res) => setTimeout(res, 30));
    expect(bytes()).toBe(800);
    expect(stt.audioSeconds).toBeCloseTo(0.1, 5);
    await stt.close();
    expect(sim.flux.connections[0]?.controls).toEqual(['CloseStream']);
    expect(r.turns).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('refuses a wrong key with PROVIDER_AUTH in one sentence that holds no key', async () => {
    const bad = 'fedcba9876543210fedcba9876543210fedcba98';
    const err = await openDeepgramFlux(options({ apiKey: bad }), recorder().handlers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PROVIDER_AUTH');
    expect((err as AppError).message).not.toContain(bad);
    expect((err as AppError).message).toMatch(/^[^.]+\.$/);
    expect(sim.flux.connections).toHaveLength(0);
  });

  it('reports Flux’s fatal Error message once, as one sentence with its code', async () => {
    sim.queueTranscripts('Hello there.');
    const r = recorder();
    const stt = await openDeepgramFlux(options(), r.handlers);
    sendFrames((b) => stt.send(b), Buffer.concat([spoken('Hello there'), silence(100, 'mulaw')]));
    await until(() => r.turns.length > 0, undefined, 'a turn');
    sim.flux.fail('INTERNAL_SERVER_ERROR', 'The model crashed while decoding.');
    await until(() => r.errors.length > 0, undefined, 'fatal error');
    await new Promise((res) => setTimeout(res, 50));
    const sentence = 'Deepgram ended the Flux stream with an error (INTERNAL_SERVER_ERROR).';
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([['PROVIDER_UNREACHABLE', sentence]]);
    stt.send(silence(100, 'mulaw')); // ignored after the error, not thrown
    expect(await stt.configure({ eotThreshold: 0.8 })).toBe(false);
    await stt.close();
  });

  it('reports a socket dropped mid-call as PROVIDER_UNREACHABLE, once', async () => {
    const r = recorder();
    const stt = await openDeepgramFlux(options(), r.handlers);
    stt.send(silence(100, 'mulaw'));
    sim.setFault('drop');
    await until(() => r.errors.length > 0, undefined, 'drop error');
    await new Promise((res) => setTimeout(res, 30));
    expect(r.errors.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    await stt.close();
  });
});

describe('the Flux simulator refuses what Flux refuses', () => {
  let sim: DeepgramLiveSim;
  beforeEach(async () => {
    sim = await startDeepgramLiveSim();
  });
  afterEach(() => sim.close());

  it('refuses at the upgrade a v1 parameter, a v1 model and thresholds out of range, and records why', async () => {
    const ok = 'model=flux-general-en&encoding=mulaw&sample_rate=8000';
    expect(await upgradeStatus(sim, ok)).toBe(101);
    expect(await upgradeStatus(sim, `${ok}&interim_results=true`)).toBe(400);
    expect(await upgradeStatus(sim, 'model=nova-3&encoding=mulaw&sample_rate=8000')).toBe(400);
    expect(await upgradeStatus(sim, `${ok}&eot_threshold=0.3`)).toBe(400);
    expect(await upgradeStatus(sim, `${ok}&eot_threshold=0.6&eager_eot_threshold=0.8`)).toBe(400);
    expect(await upgradeStatus(sim, `${ok}&language_hint=hi`)).toBe(400);
    expect(sim.flux.refusals).toEqual([
      'Unknown parameter: interim_results',
      'Invalid model: nova-3',
      'eot_threshold must be between 0.5 and 1.0',
      'eager_eot_threshold cannot exceed eot_threshold',
      'language_hint is only valid with flux-general-multi',
    ]);
    expect(sim.refusals).toEqual([]);
  });

  it('serves the multilingual model with a Hindi hint and reports the language on each turn', async () => {
    sim.queueTranscripts('नमस्ते');
    const r = recorder();
    const opts: DeepgramFluxOptions = { apiKey: sim.apiKey, origin: sim.url, encoding: 'mulaw', sampleRate: 8000, clock: realClock() };
    const stt = await openDeepgramFlux({ ...opts, model: 'flux-general-multi', languageHints: ['hi'] }, r.handlers);
    sendFrames((b) => stt.send(b), Buffer.concat([spoken('namaste'), silence(600, 'mulaw')]));
    await until(() => r.turns.some((t) => t.event === 'EndOfTurn'), undefined, 'EndOfTurn');
    expect(r.turns.at(-1)).toMatchObject({ event: 'EndOfTurn', transcript: 'नमस्ते', languages: ['hi'] });
    expect(sim.flux.connections[0]?.params).toContainEqual(['language_hint', 'hi']);
    await stt.close();
  });
});
