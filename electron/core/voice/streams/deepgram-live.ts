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
import type { Clock } from '../clock';
import type { CallSampleRate, SttHandlers, SttStream } from '../types';
import { DeepgramSocket } from './deepgram-socket';
import { openSocket, wsOrigin } from './socket';

/** How to open one Deepgram live socket. */
export interface DeepgramLiveOptions {
  readonly apiKey: string;
  /** providerOrigin('deepgram', …): http(s), mapped to ws(s) here. */
  readonly origin: string;
  readonly encoding: 'mulaw' | 'linear16';
  readonly sampleRate: CallSampleRate;
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
  const query = new URLSearchParams({
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
  return `${wsOrigin(opts.origin)}/v1/listen?${query.toString()}`;
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
  const message = parsed.data;
  if (message.type === 'Results') {
    const alt = message.channel.alternatives[0];
    const lastWordEnd = alt?.words?.at(-1)?.end;
    handlers.onTranscript({
      text: alt?.transcript ?? '',
      isFinal: message.is_final,
      speechFinal: message.speech_final,
      start: message.start,
      duration: message.duration,
      confidence: alt?.confidence ?? 0,
      ...(lastWordEnd === undefined ? {} : { lastWordEnd }),
    });
  } else if (message.type === 'SpeechStarted') handlers.onSpeechStarted();
  else if (message.type === 'UtteranceEnd') handlers.onUtteranceEnd();
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

class DeepgramLive extends DeepgramSocket implements SttStream {
  constructor(
    ws: WebSocket,
    opts: DeepgramLiveOptions,
    private readonly handlers: SttHandlers,
  ) {
    const bytesPerSecond = opts.sampleRate * (opts.encoding === 'mulaw' ? 1 : 2);
    super(ws, {
      clock: opts.clock,
      bytesPerSecond,
      keepAliveMs: opts.keepAliveMs,
      dropped: 'The Deepgram stream dropped during the call.',
    });
  }

  finalize(): void {
    this.sendJson({ type: 'Finalize' });
  }

  protected receive(text: string): void {
    dispatchDeepgram(text, this.handlers);
  }

  protected sendKeepAlive(): void {
    this.sendJson({ type: 'KeepAlive' });
    this.touched();
  }

  protected reportFailure(error: AppError): void {
    this.handlers.onError(error);
  }
}
