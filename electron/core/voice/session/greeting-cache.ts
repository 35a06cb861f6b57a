/**
 * The greeting's audio, synthesised once per agent version and kept in the runner's memory: the
 * next call of that agent plays it the moment the callee answers, and pays no TTS characters for
 * it. Audio is not a secret (it is what every callee hears), but a cloned voice is the client's, so
 * an entry is keyed by the agent and everything that shapes the sound (text, voice, model, language,
 * format): a changed prompt, voice or carrier format is a new entry, never a stale greeting.
 * Bounded by bytes, the least recently played entry goes first.
 */
import { createHash } from 'node:crypto';
import type { TtsContext, TtsHandlers, TtsStream } from '../types';

/** What makes a greeting sound the way it does. */
export interface GreetingKey {
  readonly agentId: string;
  readonly text: string;
  readonly voiceId: string;
  readonly language: string;
  readonly encoding: string;
  readonly sampleRate: number;
  /** The TTS model, when the stream names one. */
  readonly model?: string;
}

/** Cached audio is replayed in pieces of this many milliseconds, as a TTS stream delivers it (the utterance marks between them). */
const PIECE_MS = 100;

/** Greetings by key, at most `maxBytes` of audio. */
export class GreetingCache {
  private readonly entries = new Map<string, { readonly audio: Buffer; readonly bytesPerMs: number }>();
  private bytes = 0;
  private played = 0;
  private synthesised = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The entry's name: a digest of everything that shapes the sound. */
  static keyOf(key: GreetingKey): string {
    const parts = [key.agentId, key.text, key.voiceId, key.language, key.encoding, String(key.sampleRate), key.model ?? ''];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /** Greetings played from the cache, and synthesised into it, since the runner started. */
  get figures(): { readonly played: number; readonly synthesised: number; readonly entries: number; readonly bytes: number } {
    return { played: this.played, synthesised: this.synthesised, entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * The stream a greeting is synthesised on: its context replays the cached audio when there is
   * some, else synthesises on `tts` and keeps what a complete synthesis yielded. Anything else
   * (replies) goes to `tts` as it would.
   */
  stream(key: GreetingKey, tts: TtsStream, bytesPerMs: number): TtsStream {
    const name = GreetingCache.keyOf(key);
    return {
      context: (handlers) => {
        const hit = this.entries.get(name);
        if (hit && hit.bytesPerMs === bytesPerMs) {
          // Recently played goes to the back of the line.
          this.entries.delete(name);
          this.entries.set(name, hit);
          this.played++;
          return replay(hit.audio, PIECE_MS * bytesPerMs, handlers);
        }
        return this.record(name, tts, bytesPerMs, handlers);
      },
      get characters() {
        return tts.characters;
      },
      close: () => tts.close(),
    };
  }

  private record(name: string, tts: TtsStream, bytesPerMs: number, handlers: TtsHandlers): TtsContext {
    const pieces: Buffer[] = [];
    let cancelled = false;
    const ctx = tts.context({
      onAudio: (audio) => {
        pieces.push(audio);
        handlers.onAudio(audio);
      },
      onDone: () => {
        if (!cancelled) this.keep(name, Buffer.concat(pieces), bytesPerMs);
        handlers.onDone();
      },
      onError: (error) => {
        cancelled = true;
        handlers.onError(error);
      },
    });
    return {
      id: ctx.id,
      push: (text, last) => ctx.push(text, last),
      cancel: () => {
        cancelled = true;
        ctx.cancel();
      },
    };
  }

  private keep(name: string, audio: Buffer, bytesPerMs: number): void {
    if (audio.length === 0 || audio.length > this.maxBytes) return;
    const old = this.entries.get(name);
    if (old) this.bytes -= old.audio.length;
    this.entries.delete(name);
    this.entries.set(name, { audio, bytesPerMs });
    this.bytes += audio.length;
    this.synthesised++;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.audio.length;
    }
  }
}

/** A context that plays back stored audio: in pieces, once the text has been pushed (the next turn of the event loop), then done. */
function replay(audio: Buffer, pieceBytes: number, handlers: TtsHandlers): TtsContext {
  let cancelled = false;
  setImmediate(() => {
    for (let offset = 0; offset < audio.length && !cancelled; offset += pieceBytes)
      handlers.onAudio(audio.subarray(offset, offset + pieceBytes));
    if (!cancelled) handlers.onDone();
  });
  return {
    id: 'greeting-cached',
    // The text is already spoken in the audio.
    push: () => undefined,
    cancel: () => {
      cancelled = true;
    },
  };
}
