/**
 * Deepgram live STT over `ws` (docs/providers.md): caller audio goes through untouched
 * (μ-law from Twilio, linear16 from Exotel), transcripts come back as Results / SpeechStarted /
 * UtteranceEnd. The socket closes itself after ~10 s without data, so a clock-driven KeepAlive runs
 * whenever no audio was sent for a while (the socket may be opened before the callee answers).
 * Hindi: nova-3 has a monolingual `hi` model since November 2025, so `language=hi` keeps nova-3.
 */
import type WebSocket from 'ws';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { Clock, TimerHandle } from '../clock';
import type { SttHandlers, SttStream } from '../types';
import { openSocket, wsOrigin } from './socket';

/** How to open one Deepgram live socket. */
export interface DeepgramLiveOptions {
  readonly apiKey: string;
  /** providerOrigin('deepgram', …): http(s), mapped to ws(s) here. */
  readonly origin: string;
  readonly encoding: 'mulaw' | 'linear16';
  readonly sampleRate: 8000;
  readonly language: 'en' | 'hi';
  readonly model?: string;
  readonly endpointingMs?: number;
  readonly utteranceEndMs?: number;
  /** Milliseconds without audio before a KeepAlive (Deepgram asks for one every 3–5 s). */
  readonly keepAliveMs?: number;
  readonly clock: Clock;
  /** Test-only trust for a simulator's certificate. */
  readonly ca?: string;
}

const Word = z.object({ end: z.number() });
const Alternative = z.object({ transcript: z.string(), confidence: z.number().default(0), words: z.array(Word).optional() });
const Results = z.object({
  type: z.literal('Results'),
  start: z.number(),
  duration: z.number(),
  is_final: z.boolean().default(false),
  speech_final: z.boolean().default(false),
  channel: z.object({ alternatives: z.array(Alternative) }),
});
const SpeechStarted = z.object({ type: z.literal('SpeechStarted'), timestamp: z.number().optional() });
const UtteranceEnd = z.object({ type: z.literal('UtteranceEnd'), last_word_end: z.number().optional() });
const Metadata = z.object({ type: z.literal('Metadata'), request_id: z.string().optional() });
/** Every server message the stream acts on; anything else is ignored. */
const Message = z.discriminatedUnion('type', [Results, SpeechStarted, UtteranceEnd, Metadata]);

/** Builds the /v1/listen URL with every parameter the call needs. */
export function deepgramListenUrl(opts: DeepgramLiveOptions): string {
  const q = new URLSearchParams({
    model: opts.model ?? 'nova-3',
    language: opts.language,
    encoding: opts.encoding,
    sample_rate: String(opts.sampleRate),
    channels: '1',
    interim_results: 'true',
    endpointing: String(opts.endpointingMs ?? 300),
    utterance_end_ms: String(opts.utteranceEndMs ?? 1000),
    vad_events: 'true',
    smart_format: 'true',
  });
  return `${wsOrigin(opts.origin)}/v1/listen?${q.toString()}`;
}

/** Dispatches one text frame to the handlers; returns false when the frame was not understood. */
export function dispatchDeepgram(text: string, handlers: SttHandlers): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const parsed = Message.safeParse(json);
  if (!parsed.success) return false;
  const m = parsed.data;
  if (m.type === 'Results') {
    const alt = m.channel.alternatives[0];
    const lastWordEnd = alt?.words?.at(-1)?.end;
    handlers.onTranscript({
      text: alt?.transcript ?? '',
      isFinal: m.is_final,
      speechFinal: m.speech_final,
      start: m.start,
      duration: m.duration,
      confidence: alt?.confidence ?? 0,
      ...(lastWordEnd === undefined ? {} : { lastWordEnd }),
    });
  } else if (m.type === 'SpeechStarted') handlers.onSpeechStarted();
  else if (m.type === 'UtteranceEnd') handlers.onUtteranceEnd();
  return true;
}

/** Opens a live STT socket; rejects with PROVIDER_AUTH on a refused key, PROVIDER_UNREACHABLE otherwise. */
export async function openDeepgramLive(opts: DeepgramLiveOptions, handlers: SttHandlers): Promise<SttStream> {
  const ws = await openSocket(deepgramListenUrl(opts), {
    provider: 'Deepgram',
    headers: { Authorization: `Token ${opts.apiKey}` },
    ca: opts.ca,
  });
  return new DeepgramLive(ws, opts, handlers);
}

class DeepgramLive implements SttStream {
  private bytes = 0;
  private lastSentAt: number;
  private keepAlive: TimerHandle | null = null;
  private closing = false;
  private failed = false;
  private readonly bytesPerSecond: number;
  private readonly keepAliveMs: number;
  private readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: DeepgramLiveOptions,
    private readonly handlers: SttHandlers,
  ) {
    this.bytesPerSecond = opts.sampleRate * (opts.encoding === 'mulaw' ? 1 : 2);
    this.keepAliveMs = opts.keepAliveMs ?? 4000;
    this.lastSentAt = opts.clock.now();
    ws.on('message', (data, isBinary) => {
      if (!isBinary) dispatchDeepgram(data.toString(), handlers);
    });
    ws.on('error', () => this.fail());
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        this.stopKeepAlive();
        if (!this.closing) this.fail();
        resolve();
      }),
    );
    this.scheduleKeepAlive();
  }

  get audioSeconds(): number {
    return this.bytes / this.bytesPerSecond;
  }

  send(audio: Buffer): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN || audio.length === 0) return;
    this.ws.send(audio);
    this.bytes += audio.length;
    this.lastSentAt = this.opts.clock.now();
  }

  finalize(): void {
    this.sendControl('Finalize');
  }

  async close(): Promise<void> {
    if (this.closing) return this.closed;
    this.sendControl('CloseStream');
    this.closing = true;
    this.stopKeepAlive();
    // Deepgram sends its last Results and Metadata, then closes; give it a moment, then cut.
    const cut = this.opts.clock.setTimeout(() => this.ws.terminate(), 2000);
    if (this.ws.readyState !== this.ws.OPEN) this.ws.terminate();
    await this.closed;
    this.opts.clock.clearTimeout(cut);
  }

  private sendControl(type: 'KeepAlive' | 'Finalize' | 'CloseStream'): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify({ type }));
  }

  private scheduleKeepAlive(): void {
    const due = this.lastSentAt + this.keepAliveMs - this.opts.clock.now();
    this.keepAlive = this.opts.clock.setTimeout(
      () => {
        // Audio counts as traffic: a KeepAlive goes out only after keepAliveMs with nothing sent.
        if (this.opts.clock.now() - this.lastSentAt >= this.keepAliveMs) {
          this.sendControl('KeepAlive');
          this.lastSentAt = this.opts.clock.now();
        }
        this.scheduleKeepAlive();
      },
      Math.max(0, due),
    );
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) this.opts.clock.clearTimeout(this.keepAlive);
    this.keepAlive = null;
  }

  private fail(): void {
    if (this.failed || this.closing) return;
    this.failed = true;
    this.closing = true;
    this.stopKeepAlive();
    this.ws.terminate();
    this.handlers.onError(new AppError('PROVIDER_UNREACHABLE', 'The Deepgram stream dropped during the call.'));
  }
}
