import { describe, expect, it } from 'vitest';
import { GreetingCache, type GreetingKey } from '../../../../electron/core/voice/session/greeting-cache';
import type { TtsContext, TtsHandlers, TtsStream } from '../../../../electron/core/voice/types';
import { AppError } from '../../../../shared/errors';

/** A TTS stream that answers each context with the audio given for its text, when told to. */
class ScriptedTts implements TtsStream {
  characters = 0;
  readonly contexts: { text: string; handlers: TtsHandlers; cancelled: boolean }[] = [];

  context(handlers: TtsHandlers): TtsContext {
    const entry = { text: '', handlers, cancelled: false };
    this.contexts.push(entry);
    return {
      id: `c${this.contexts.length}`,
      push: (text) => {
        entry.text += text;
        this.characters += text.length;
      },
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Delivers `audio` for context `i`, then done. */
  finish(i: number, audio: Buffer): void {
    const c = this.contexts[i];
    if (!c) throw new Error(`no context ${i}`);
    c.handlers.onAudio(audio.subarray(0, audio.length / 2));
    c.handlers.onAudio(audio.subarray(audio.length / 2));
    c.handlers.onDone();
  }

  async close(): Promise<void> {}
}

const KEY: GreetingKey = {
  agentId: 'agent-1',
  text: 'Hi, this is Ava from Bright Smiles.',
  voiceId: 'voice-a',
  language: 'en',
  encoding: 'pcm_mulaw',
  sampleRate: 8000,
};

/** Collects what a context delivers. */
function collector(): { handlers: TtsHandlers; audio: () => Buffer; pieces: Buffer[]; done: Promise<void>; errors: AppError[] } {
  const pieces: Buffer[] = [];
  const errors: AppError[] = [];
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    handlers: { onAudio: (a) => pieces.push(a), onDone: () => resolve(), onError: (e) => errors.push(e) },
    audio: () => Buffer.concat(pieces),
    pieces,
    done,
    errors,
  };
}

const audioOf = (bytes: number, fill: number): Buffer => Buffer.alloc(bytes, fill);

describe('the greeting cache', () => {
  it('synthesises a greeting once, then replays the same bytes in 100 ms pieces without asking the TTS or counting its characters', async () => {
    const cache = new GreetingCache();
    const tts = new ScriptedTts();
    const first = collector();
    const ctx = cache.stream(KEY, tts, 8).context(first.handlers);
    ctx.push(KEY.text, true);
    const sound = audioOf(8 * 2_400, 7);
    tts.finish(0, sound);
    await first.done;
    expect(first.audio().equals(sound)).toBe(true);
    const spent = tts.characters;

    const again = collector();
    const replayed = cache.stream(KEY, tts, 8).context(again.handlers);
    replayed.push(KEY.text, true);
    await again.done;
    expect(again.audio().equals(sound)).toBe(true);
    expect(again.pieces.every((p) => p.length <= 800)).toBe(true);
    expect(again.pieces).toHaveLength(24);
    expect(tts.contexts).toHaveLength(1);
    expect(tts.characters).toBe(spent);
    expect(cache.figures).toMatchObject({ played: 1, synthesised: 1, entries: 1, bytes: sound.length });
  });

  it('keeps a separate entry for anything that changes the sound: text, voice, language, format, agent', async () => {
    const cache = new GreetingCache();
    const tts = new ScriptedTts();
    const variants: GreetingKey[] = [
      KEY,
      { ...KEY, text: 'Hello!' },
      { ...KEY, voiceId: 'voice-b' },
      { ...KEY, language: 'hi' },
      { ...KEY, encoding: 'pcm_s16le' },
      { ...KEY, agentId: 'agent-2' },
    ];
    expect(new Set(variants.map((k) => GreetingCache.keyOf(k))).size).toBe(variants.length);
    for (const [i, key] of variants.entries()) {
      const c = collector();
      cache.stream(key, tts, 8).context(c.handlers).push(key.text, true);
      tts.finish(i, audioOf(800, i));
      await c.done;
    }
    expect(tts.contexts).toHaveLength(variants.length);
    expect(cache.figures.entries).toBe(variants.length);
  });

  it('keeps nothing from a synthesis that was cancelled or failed: the next call synthesises again', async () => {
    const cache = new GreetingCache();
    const tts = new ScriptedTts();
    const cancelled = collector();
    const ctx = cache.stream(KEY, tts, 8).context(cancelled.handlers);
    ctx.push(KEY.text, true);
    tts.contexts[0]?.handlers.onAudio(audioOf(400, 1));
    ctx.cancel();
    tts.contexts[0]?.handlers.onDone();
    const failed = collector();
    cache.stream(KEY, tts, 8).context(failed.handlers).push(KEY.text, true);
    tts.contexts[1]?.handlers.onError(new AppError('PROVIDER_UNREACHABLE', 'The Cartesia stream dropped during the call.'));
    expect(failed.errors).toHaveLength(1);
    expect(cache.figures.entries).toBe(0);
    const third = collector();
    cache.stream(KEY, tts, 8).context(third.handlers).push(KEY.text, true);
    expect(tts.contexts).toHaveLength(3);
  });

  it('stays within its byte budget, letting the least recently played greeting go first', async () => {
    const cache = new GreetingCache(2_000);
    const tts = new ScriptedTts();
    const synth = async (key: GreetingKey): Promise<void> => {
      const c = collector();
      const before = tts.contexts.length;
      cache.stream(key, tts, 8).context(c.handlers).push(key.text, true);
      // A miss opened a context on the TTS: it synthesises; a hit replays on its own.
      if (tts.contexts.length > before) tts.finish(before, audioOf(800, 3));
      await c.done;
    };
    const a = { ...KEY, agentId: 'a' };
    const b = { ...KEY, agentId: 'b' };
    const c = { ...KEY, agentId: 'c' };
    await synth(a);
    await synth(b);
    await synth(a); // a played again: b is now the oldest
    await synth(c);
    expect(cache.figures).toMatchObject({ entries: 2, bytes: 1_600 });
    const before = tts.contexts.length;
    await synth(a);
    expect(tts.contexts.length).toBe(before);
    await synth(b);
    expect(tts.contexts.length).toBe(before + 1);
  });

  it('stops a replay that is cancelled: no more audio, never done', async () => {
    const cache = new GreetingCache();
    const tts = new ScriptedTts();
    const first = collector();
    cache.stream(KEY, tts, 8).context(first.handlers).push(KEY.text, true);
    tts.finish(0, audioOf(8_000, 2));
    await first.done;
    const replay = collector();
    let finished = false;
    void replay.done.then(() => (finished = true));
    const ctx = cache.stream(KEY, tts, 8).context(replay.handlers);
    ctx.cancel();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(replay.pieces).toHaveLength(0);
    expect(finished).toBe(false);
  });
});
