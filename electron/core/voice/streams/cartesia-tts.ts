/**
 * Cartesia TTS over one `ws` socket per call (docs/providers.md), not the SDK's socket:
 * that one always dials wss whatever the base URL says. Each reply is one context: sentences are
 * pushed with continue:true, the last with continue:false; audio comes back as base64 chunks in the
 * call's own encoding (raw μ-law or PCM16 at 8 kHz), so it goes to the carrier untouched. Barge-in
 * cancels the context and drops whatever of it still arrives.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { Clock } from '../clock';
import type { CallSampleRate, TtsContext, TtsHandlers, TtsStream } from '../types';
import { openSocket, wsOrigin } from './socket';

/** The API version the installed @cartesia/cartesia-js (4.2.0) speaks. */
export const CARTESIA_VERSION = '2026-08-14';

/** How to open the call's TTS socket. */
export interface CartesiaTtsOptions {
  readonly apiKey: string;
  /** providerOrigin('cartesia', …): http(s), mapped to ws(s) here. */
  readonly origin: string;
  readonly voiceId: string;
  /** Default 'sonic-3' (the installed SDK lists sonic-3 / sonic-3.5; sonic-2 is no longer among them). */
  readonly modelId?: string;
  readonly language: 'en' | 'hi';
  readonly encoding: 'pcm_mulaw' | 'pcm_s16le';
  readonly sampleRate: CallSampleRate;
  readonly clock: Clock;
  /** The socket dropped (every open context also gets onError). */
  readonly onError?: (error: AppError) => void;
  /** Test-only trust for a simulator's certificate. */
  readonly ca?: string;
}

const Chunk = z.object({ type: z.literal('chunk'), context_id: z.string(), data: z.string() });
const Done = z.object({ type: z.literal('done'), context_id: z.string() });
const Timestamps = z.object({ type: z.literal('timestamps'), context_id: z.string() });
const FlushDone = z.object({ type: z.literal('flush_done'), context_id: z.string() });
const Failure = z.object({
  type: z.literal('error'),
  context_id: z.string().optional(),
  status_code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
});
const Message = z.discriminatedUnion('type', [Chunk, Done, Timestamps, FlushDone, Failure]);

/** One sentence for a Cartesia error message (its own text is not shown: it may quote input). */
export function cartesiaError(status: number | undefined): AppError {
  if (status === 401 || status === 403) return new AppError('PROVIDER_AUTH', 'Cartesia rejected the API key during the call.');
  if (status === 429) return new AppError('RATE_LIMITED', 'Cartesia is rate-limiting this key, so the agent could not speak.');
  if (status === 400 || status === 404 || status === 422)
    return new AppError('INVALID_INPUT', `Cartesia refused the speech request (HTTP ${status}); check the agent's voice.`);
  return new AppError('PROVIDER_UNREACHABLE', 'Cartesia failed to synthesise the reply.');
}

/** Opens the call's TTS socket; rejects with PROVIDER_AUTH on a refused key, PROVIDER_UNREACHABLE otherwise. */
export async function openCartesiaTts(opts: CartesiaTtsOptions): Promise<TtsStream> {
  const ws = await openSocket(`${wsOrigin(opts.origin)}/tts/websocket`, {
    provider: 'Cartesia',
    headers: { Authorization: `Bearer ${opts.apiKey}`, 'Cartesia-Version': CARTESIA_VERSION },
    ca: opts.ca,
  });
  return new CartesiaTts(ws, opts);
}

interface Live {
  readonly handlers: TtsHandlers;
}

class CartesiaTts implements TtsStream {
  private chars = 0;
  private closing = false;
  private dropped: AppError | null = null;
  private readonly live = new Map<string, Live>();
  private readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: CartesiaTtsOptions,
  ) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.dispatch(data.toString());
    });
    ws.on('error', () => this.drop());
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        this.drop();
        resolve();
      }),
    );
  }

  get characters(): number {
    return this.chars;
  }

  context(handlers: TtsHandlers): TtsContext {
    const id = randomUUID();
    let ended = false;
    let cancelled = false;
    /** Whether Cartesia has heard of this context (a first message went out). */
    let opened = false;
    this.live.set(id, { handlers });
    return {
      id,
      push: (text, last) => {
        if (cancelled || ended) return;
        ended = last;
        if (this.dropped || this.closing || this.ws.readyState !== this.ws.OPEN) {
          this.live.delete(id);
          cancelled = true;
          handlers.onError(this.dropped ?? new AppError('PROVIDER_UNREACHABLE', 'The Cartesia stream is closed.'));
          return;
        }
        // A context whose first message would be an empty, final transcript has nothing to say: it is
        // never opened (the SDK's no_more_inputs sends "" only to end a context already started).
        if (!opened && last && text === '') {
          this.live.delete(id);
          return handlers.onDone();
        }
        opened = true;
        this.chars += text.length;
        this.ws.send(
          JSON.stringify({
            model_id: this.opts.modelId ?? 'sonic-3',
            transcript: text,
            continue: !last,
            context_id: id,
            voice: { mode: 'id', id: this.opts.voiceId },
            output_format: { container: 'raw', encoding: this.opts.encoding, sample_rate: this.opts.sampleRate },
            language: this.opts.language,
            // The SDK documents 3000 ms of server-side buffering of continued text by default; the
            // session cuts sentences itself, so each piece should be spoken at once.
            max_buffer_delay_ms: 0,
          }),
        );
      },
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        // Dropped from the map first: any chunk of this context still in flight is ignored.
        const wasLive = this.live.delete(id);
        if (wasLive && opened && this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ context_id: id, cancel: true }));
      },
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.live.clear();
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
    const cut = this.opts.clock.setTimeout(() => this.ws.terminate(), 2000);
    await this.closed;
    this.opts.clock.clearTimeout(cut);
  }

  private dispatch(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = Message.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'error' && !message.context_id) return this.drop(cartesiaError(message.status_code));
    const ctx = message.context_id ? this.live.get(message.context_id) : undefined;
    if (!ctx || !message.context_id) return;
    if (message.type === 'chunk') ctx.handlers.onAudio(Buffer.from(message.data, 'base64'));
    else if (message.type === 'done') {
      this.live.delete(message.context_id);
      ctx.handlers.onDone();
    } else if (message.type === 'error') {
      this.live.delete(message.context_id);
      ctx.handlers.onError(cartesiaError(message.status_code));
    }
  }

  private drop(error = new AppError('PROVIDER_UNREACHABLE', 'The Cartesia stream dropped during the call.')): void {
    if (this.dropped || this.closing) return;
    this.dropped = error;
    const open = [...this.live.values()];
    this.live.clear();
    this.ws.terminate();
    for (const ctx of open) ctx.handlers.onError(error);
    this.opts.onError?.(error);
  }
}
