import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { realClock } from '../../../../electron/core/voice/clock';
import { CARTESIA_VERSION, openCartesiaTts, type CartesiaTtsOptions } from '../../../../electron/core/voice/streams/cartesia-tts';
import type { TtsHandlers } from '../../../../electron/core/voice/types';
import { samplesOf } from '../../../sim/audio';
import { MS_PER_CHAR, startCartesiaTtsSim, type CartesiaTtsSim } from '../../../sim/cartesia-tts';
import { until } from './wait';

function recorder() {
  const r = { audio: [] as Buffer[], done: 0, errors: [] as AppError[] };
  const handlers: TtsHandlers = { onAudio: (b) => r.audio.push(b), onDone: () => (r.done += 1), onError: (e) => r.errors.push(e) };
  return Object.assign(r, { handlers, bytes: () => r.audio.reduce((n, b) => n + b.length, 0) });
}

const VOICE = 'a0e99841-438c-4a64-b679-ae501e7d6091';

describe('Cartesia TTS stream against the simulator', () => {
  let sim: CartesiaTtsSim;
  beforeEach(async () => {
    sim = await startCartesiaTtsSim();
  });
  afterEach(() => sim.close());
  const options = (over: Partial<CartesiaTtsOptions> = {}): CartesiaTtsOptions => ({
    apiKey: sim.apiKey,
    origin: sim.url,
    voiceId: VOICE,
    language: 'en',
    encoding: 'pcm_mulaw',
    sampleRate: 8000,
    clock: realClock(),
    ...over,
  });

  it('sends one context per reply with the real request shape and gets its audio, then done', async () => {
    const tts = await openCartesiaTts(options());
    const r = recorder();
    const ctx = tts.context(r.handlers);
    ctx.push('Hello there. ', false);
    ctx.push('How are you?', true);
    await until(() => r.done === 1, undefined, 'done');
    expect(sim.versions).toEqual([CARTESIA_VERSION]);
    expect(sim.received[0]).toEqual({
      model_id: 'sonic-3',
      transcript: 'Hello there. ',
      continue: true,
      context_id: ctx.id,
      voice: { mode: 'id', id: VOICE },
      output_format: { container: 'raw', encoding: 'pcm_mulaw', sample_rate: 8000 },
      language: 'en',
      max_buffer_delay_ms: 0,
    });
    expect(sim.received[1]).toMatchObject({ transcript: 'How are you?', continue: false, context_id: ctx.id });
    // μ-law: 8 bytes per ms; the sim speaks 70 ms per character.
    const chars = 'Hello there. How are you?'.length;
    expect(r.bytes()).toBe(chars * MS_PER_CHAR * 8);
    expect(tts.characters).toBe(chars);
    const samples = samplesOf(Buffer.concat(r.audio), 'mulaw');
    expect(Math.max(...samples)).toBeGreaterThan(3000); // real tone, decodable in the call's encoding
    expect(r.errors).toEqual([]);
    await tts.close();
  });

  it('opens no context for a reply with nothing to say (only an end_call): it is done at once and Cartesia hears nothing', async () => {
    const tts = await openCartesiaTts(options());
    const r = recorder();
    const ctx = tts.context(r.handlers);
    ctx.push('', true);
    expect(r.done).toBe(1);
    ctx.cancel();
    // A later context still works: the socket saw nothing of the empty one.
    const next = recorder();
    tts.context(next.handlers).push('Goodbye.', true);
    await until(() => next.done === 1, undefined, 'done');
    expect(sim.received.map((m) => m.transcript)).toEqual(['Goodbye.']);
    expect(sim.received.some((m) => m.context_id === ctx.id)).toBe(false);
    await tts.close();
  });

  it('speaks PCM16 in Hindi when asked, at 16 bytes per ms', async () => {
    const tts = await openCartesiaTts(options({ encoding: 'pcm_s16le', language: 'hi' }));
    const r = recorder();
    const ctx = tts.context(r.handlers);
    ctx.push('नमस्ते।', true);
    await until(() => r.done === 1, undefined, 'done');
    expect(sim.received[0]).toMatchObject({ language: 'hi', output_format: { encoding: 'pcm_s16le' } });
    expect(r.bytes()).toBe('नमस्ते।'.length * MS_PER_CHAR * 16);
    await tts.close();
  });

  it('cancel sends {context_id, cancel:true} and no chunk of that context is delivered after it', async () => {
    sim.setLatency({ firstChunkMs: 20, chunkIntervalMs: 30 });
    const tts = await openCartesiaTts(options());
    const r = recorder();
    const ctx = tts.context(r.handlers);
    ctx.push('This is a rather long sentence that the caller will interrupt halfway.', true);
    await until(() => r.audio.length >= 2, undefined, 'two chunks');
    ctx.cancel();
    const atCancel = r.audio.length;
    await until(() => sim.cancels.length === 1, undefined, 'cancel at the server');
    await new Promise((res) => setTimeout(res, 150));
    expect(sim.cancels).toEqual([ctx.id]);
    expect(sim.received.at(-1)).toEqual({ context_id: ctx.id, cancel: true });
    expect(r.audio.length).toBe(atCancel);
    expect(r.done).toBe(0);
    expect(sim.sent.get(ctx.id) ?? 0).toBeLessThan(Math.ceil((70 * MS_PER_CHAR) / 100));
    ctx.push('ignored', true); // nothing is sent for a cancelled context
    expect(sim.received.at(-1)).toEqual({ context_id: ctx.id, cancel: true });

    // The socket carries on: the next reply speaks normally.
    const next = recorder();
    tts.context(next.handlers).push('Sure.', true);
    await until(() => next.done === 1, undefined, 'next reply done');
    expect(next.bytes()).toBe(5 * MS_PER_CHAR * 8);
    await tts.close();
  });

  it('the first chunk arrives after the configured latency', async () => {
    sim.setLatency({ firstChunkMs: 150 });
    const tts = await openCartesiaTts(options());
    const r = recorder();
    const started = performance.now();
    let first = 0;
    tts.context({ ...r.handlers, onAudio: (b) => ((first ||= performance.now()), r.audio.push(b)) }).push('Hi.', true);
    await until(() => r.done === 1, undefined, 'done');
    expect(first - started).toBeGreaterThanOrEqual(140);
    await tts.close();
  });

  it('refuses a wrong key with PROVIDER_AUTH in one sentence without the key', async () => {
    const bad = 'sk_car_WrongKey_111111111111';
    const err = await openCartesiaTts(options({ apiKey: bad })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PROVIDER_AUTH');
    expect((err as AppError).message).not.toContain(bad);
  });

  it('a drop mid-reply fails the open context and the stream with PROVIDER_UNREACHABLE', async () => {
    sim.setLatency({ firstChunkMs: 10, chunkIntervalMs: 40 });
    const dropped: AppError[] = [];
    const tts = await openCartesiaTts(options({ onError: (e) => dropped.push(e) }));
    const r = recorder();
    const ctx = tts.context(r.handlers);
    ctx.push('A long enough sentence to be cut off by the drop.', true);
    await until(() => r.audio.length >= 1, undefined, 'first chunk');
    sim.setFault('drop');
    await until(() => r.errors.length === 1, undefined, 'context error');
    expect(r.errors[0]?.code).toBe('PROVIDER_UNREACHABLE');
    expect(dropped.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    const later = recorder();
    tts.context(later.handlers).push('Hello?', true);
    expect(later.errors.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    await tts.close();
  });

  it('a bad voice comes back as a context error, INVALID_INPUT', async () => {
    const tts = await openCartesiaTts(options({ voiceId: '' }));
    const r = recorder();
    tts.context(r.handlers).push('Hi.', true);
    await until(() => r.errors.length === 1, undefined, 'context error');
    expect(r.errors[0]?.code).toBe('INVALID_INPUT');
    await tts.close();
  });
});
