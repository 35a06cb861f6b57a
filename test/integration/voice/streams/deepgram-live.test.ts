import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { ManualClock, realClock } from '../../../../electron/core/voice/clock';
import { openDeepgramLive, type DeepgramLiveOptions } from '../../../../electron/core/voice/streams/deepgram-live';
import type { SttHandlers, Transcript } from '../../../../electron/core/voice/types';
import { silence, tone } from '../../../sim/audio';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../../../sim/deepgram-live';
import { until } from './wait';

function recorder() {
  const log: string[] = [];
  const transcripts: Transcript[] = [];
  const errors: AppError[] = [];
  const handlers: SttHandlers = {
    onTranscript: (t) => {
      transcripts.push(t);
      log.push(t.isFinal ? (t.speechFinal ? 'final' : 'final-flush') : 'interim');
    },
    onSpeechStarted: () => log.push('speech-started'),
    onUtteranceEnd: () => log.push('utterance-end'),
    onError: (e) => errors.push(e),
  };
  return { log, transcripts, errors, handlers };
}

/** Sends audio in 20 ms frames, as a carrier would (without the real-time pacing: the sim runs on audio time). */
function sendFrames(send: (b: Buffer) => void, audio: Buffer, frameBytes: number): void {
  for (let i = 0; i < audio.length; i += frameBytes) send(audio.subarray(i, i + frameBytes));
}

describe('Deepgram live stream against the simulator', () => {
  let sim: DeepgramLiveSim;
  beforeEach(async () => {
    sim = await startDeepgramLiveSim();
  });
  afterEach(() => sim.close());
  const options = (over: Partial<DeepgramLiveOptions> = {}): DeepgramLiveOptions => ({
    apiKey: sim.apiKey,
    origin: sim.url,
    encoding: 'mulaw',
    sampleRate: 8000,
    language: 'en',
    clock: realClock(),
    ...over,
  });

  it('opens /v1/listen with the call parameters and turns speech into started, interim, final and utterance-end', async () => {
    sim.queueTranscripts('Hello, is this Priya?');
    const r = recorder();
    const stt = await openDeepgramLive(options(), r.handlers);
    const audio = Buffer.concat([silence(300, 'mulaw'), tone(1200, 'mulaw'), silence(1500, 'mulaw')]);
    sendFrames((b) => stt.send(b), audio, 160);
    await until(() => r.log.includes('utterance-end'), undefined, 'UtteranceEnd');
    expect(sim.connections[0]?.query).toMatchObject({
      model: 'nova-3',
      language: 'en',
      encoding: 'mulaw',
      sample_rate: '8000',
      channels: '1',
      interim_results: 'true',
      endpointing: '300',
      utterance_end_ms: '1000',
      vad_events: 'true',
      smart_format: 'true',
    });
    expect(r.log[0]).toBe('speech-started');
    expect(r.log).toContain('interim');
    expect(r.log.slice(-2)).toEqual(['final', 'utterance-end']);
    const final = r.transcripts.find((t) => t.speechFinal);
    expect(final?.text).toBe('Hello, is this Priya?');
    // The VAD found the tone where it really is in the audio: 0.3 s to 1.5 s.
    expect(final?.start).toBeCloseTo(0.3, 1);
    expect(final?.duration).toBeCloseTo(1.2, 1);
    expect(stt.audioSeconds).toBeCloseTo(3.0, 5);
    await stt.close();
    expect(sim.connections[0]?.controls).toEqual(['CloseStream']);
    expect(r.errors).toEqual([]);
  });

  it('meters linear16 at 16 000 bytes a second and asks for Hindi on nova-3', async () => {
    sim.queueTranscripts('नमस्ते, क्या आप प्रिया हैं?');
    const r = recorder();
    const stt = await openDeepgramLive(options({ encoding: 'linear16', language: 'hi' }), r.handlers);
    sendFrames((b) => stt.send(b), Buffer.concat([tone(800, 'pcm16'), silence(500, 'pcm16')]), 1600);
    await until(() => r.log.includes('final'), undefined, 'final result');
    expect(r.transcripts.at(-1)?.text).toBe('नमस्ते, क्या आप प्रिया हैं?');
    expect(stt.audioSeconds).toBeCloseTo(1.3, 5);
    expect(sim.connections[0]?.query).toMatchObject({ encoding: 'linear16', language: 'hi', model: 'nova-3' });
    await stt.close();
  });

  it('Finalize flushes speech still in progress as a final result', async () => {
    sim.queueTranscripts('wait a moment');
    const r = recorder();
    const stt = await openDeepgramLive(options(), r.handlers);
    sendFrames((b) => stt.send(b), tone(600, 'mulaw'), 160);
    stt.finalize();
    await until(() => r.log.includes('final-flush'), undefined, 'flushed final');
    expect(r.transcripts.at(-1)).toMatchObject({ text: 'wait a moment', isFinal: true, speechFinal: false });
    await stt.close();
  });

  it('sends a KeepAlive only after 4 s without audio, driven by the clock', async () => {
    const clock = new ManualClock();
    const stt = await openDeepgramLive(options({ clock }), recorder().handlers);
    const controls = (): string[] => sim.connections[0]?.controls ?? [];
    clock.advance(3999);
    clock.advance(1);
    await until(() => controls().length === 1, undefined, 'first KeepAlive');
    expect(controls()).toEqual(['KeepAlive']);
    clock.advance(3000);
    stt.send(silence(20, 'mulaw')); // audio at 7 s pushes the next KeepAlive to 11 s
    clock.advance(3500);
    await new Promise((r) => setTimeout(r, 50));
    expect(controls()).toEqual(['KeepAlive']);
    clock.advance(500);
    await until(() => controls().length === 2, undefined, 'second KeepAlive');
    await stt.close();
    expect(controls()).toEqual(['KeepAlive', 'KeepAlive', 'CloseStream']);
    expect(clock.pending()).toBe(0);
  });

  it('refuses a wrong key with PROVIDER_AUTH in one sentence that holds no key', async () => {
    const bad = 'fedcba9876543210fedcba9876543210fedcba98';
    const err = await openDeepgramLive(options({ apiKey: bad }), recorder().handlers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PROVIDER_AUTH');
    expect((err as AppError).message).not.toContain(bad);
    expect((err as AppError).message).toMatch(/^[^.]+\.$/);
    expect(sim.connections).toHaveLength(0);
  });

  it('reports a socket dropped mid-call as PROVIDER_UNREACHABLE, once', async () => {
    const r = recorder();
    const stt = await openDeepgramLive(options(), r.handlers);
    stt.send(silence(100, 'mulaw'));
    sim.setFault('drop');
    await until(() => r.errors.length > 0, undefined, 'drop error');
    await new Promise((res) => setTimeout(res, 30));
    expect(r.errors.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    stt.send(silence(100, 'mulaw')); // ignored after the drop, not thrown
    expect(stt.audioSeconds).toBeCloseTo(0.1, 5);
    await stt.close();
  });

  it('an unreachable host is PROVIDER_UNREACHABLE', async () => {
    const url = sim.url;
    await sim.close();
    const err = await openDeepgramLive(options({ origin: url }), recorder().handlers).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('PROVIDER_UNREACHABLE');
    sim = await startDeepgramLiveSim();
  });
});
