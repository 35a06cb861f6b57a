/**
 * Deepgram Flux (listen v2) over `ws` (docs/providers.md, "Deepgram Flux"): caller audio goes through
 * untouched (μ-law from Twilio, linear16 from Exotel) and turns come back as TurnInfo events —
 * StartOfTurn, Update, EagerEndOfTurn (only with an eager threshold), TurnResumed, EndOfTurn.
 * Flux has no KeepAlive message (the SDK's ListenV2CloseStream notes KeepAlive and Finalize are v1
 * only, and an unknown client message ends the stream), so an idle socket is kept open with a short
 * stretch of silence in the call's encoding instead; it is audio, so it is metered like audio.
 */
import type WebSocket from 'ws';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { Clock } from '../clock';
import { DeepgramSocket } from './deepgram-socket';
import { openSocket, wsOrigin } from './socket';

/** The Flux models (the SDK's ListenV2Model). */
export type FluxModel = 'flux-general-en' | 'flux-general-multi';

/** Flux's turn events (ListenV2TurnInfo.Event). */
export type FluxEvent = 'StartOfTurn' | 'Update' | 'EagerEndOfTurn' | 'TurnResumed' | 'EndOfTurn';
const EVENTS: ReadonlySet<string> = new Set<FluxEvent>(['StartOfTurn', 'Update', 'EagerEndOfTurn', 'TurnResumed', 'EndOfTurn']);

/**
 * End-of-turn tuning, per agent. Ranges and defaults are Deepgram's (docs/providers.md): eot_threshold
 * 0.5–1.0 (default 0.7; 1.0 leaves turn ends to eot_timeout_ms and forceEndTurn), eager_eot_threshold
 * 0.3–0.9 and off unless set, eot_timeout_ms 500–60000 (default 5000). Eager must not exceed eot.
 */
export const FluxThresholds = z
  .object({
    eotThreshold: z.number().min(0.5).max(1).default(0.7),
    eagerEotThreshold: z.number().min(0.3).max(0.9).optional(),
    eotTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
  })
  .refine((turnTaking) => turnTaking.eagerEotThreshold === undefined || turnTaking.eagerEotThreshold <= turnTaking.eotThreshold, {
    message: 'The eager threshold cannot exceed the end-of-turn threshold.',
  });
/** Thresholds as an agent stores them (defaults filled in on parse). */
export type FluxThresholdsInput = z.input<typeof FluxThresholds>;

/** How to open one Flux socket. */
export interface DeepgramFluxOptions {
  readonly apiKey: string;
  /** providerOrigin('deepgram', …): http(s), mapped to ws(s) here. */
  readonly origin: string;
  readonly encoding: 'mulaw' | 'linear16';
  /** Flux takes 8000, 16000, 24000, 44100 or 48000 for raw audio; the carriers send 8000, the console 16000. */
  readonly sampleRate: 8000 | 16000;
  readonly model?: FluxModel;
  /** flux-general-multi only: languages to bias detection toward (recogniser.ts picks them). */
  readonly languageHints?: readonly string[];
  readonly thresholds?: FluxThresholdsInput;
  /** Words to boost (Flux's keyterm prompting), e.g. the business's name. */
  readonly keyterms?: readonly string[];
  /** Milliseconds without audio before a stretch of silence is sent to keep the socket open. */
  readonly keepAliveMs?: number;
  readonly clock: Clock;
  /** Test-only trust for a simulator's certificate. */
  readonly ca?: string;
}

/** One TurnInfo, as the session sees it. */
export interface FluxTurn {
  readonly event: FluxEvent;
  readonly turnIndex: number;
  /** Everything said in this turn so far (EndOfTurn's equals the EagerEndOfTurn before it). */
  readonly transcript: string;
  /** Seconds into the stream. */
  readonly audioWindowStart: number;
  readonly audioWindowEnd: number;
  readonly endOfTurnConfidence: number;
  /** EndOfTurn only: model, manual (forceEndTurn) or timeout (eot_timeout_ms); an open set. */
  readonly trigger?: string;
  /** flux-general-multi only: languages detected in the turn, most frequent first. */
  readonly languages?: readonly string[];
}

/** What a Flux socket reports. */
export interface FluxHandlers {
  onTurn(turn: FluxTurn): void;
  /** The socket failed, closed early or Flux sent a fatal Error; `error` says why in one sentence. */
  onError(error: AppError): void;
}

/** A live Flux socket. */
export interface FluxStream {
  /** Caller audio in the call's format, untouched. */
  send(audio: Buffer): void;
  /** Ends the current turn now (Flux answers with EndOfTurn, trigger "manual"). */
  forceEndTurn(): void;
  /**
   * Changes the thresholds mid-stream; resolves true on ConfigureSuccess, false on ConfigureFailure or a closed socket.
   * eot and timeout unset go back to Deepgram's defaults; an unset eager threshold leaves Flux's current one as it is.
   */
  configure(thresholds: FluxThresholdsInput): Promise<boolean>;
  /** Seconds of audio sent so far, keep-alive silence included (metered). */
  readonly audioSeconds: number;
  close(): Promise<void>;
}

const Word = z.object({ word: z.string(), confidence: z.number(), start: z.number().optional(), end: z.number().optional() });
const TurnInfo = z.object({
  type: z.literal('TurnInfo'),
  request_id: z.string(),
  sequence_id: z.number(),
  event: z.string(),
  turn_index: z.number(),
  audio_window_start: z.number(),
  audio_window_end: z.number(),
  transcript: z.string(),
  words: z.array(Word),
  end_of_turn_confidence: z.number(),
  trigger: z.string().optional(),
  languages: z.array(z.string()).optional(),
});
const Connected = z.object({ type: z.literal('Connected'), request_id: z.string(), sequence_id: z.number() });
const FatalError = z.object({ type: z.literal('Error'), sequence_id: z.number(), code: z.string(), description: z.string() });
const ConfigureSuccess = z.object({ type: z.literal('ConfigureSuccess'), request_id: z.string(), sequence_id: z.number() });
const ConfigureFailure = z.object({ type: z.literal('ConfigureFailure'), request_id: z.string(), sequence_id: z.number() });
/** Every server message of the SDK's V2Socket.Response; anything else is ignored. */
const Message = z.discriminatedUnion('type', [TurnInfo, Connected, FatalError, ConfigureSuccess, ConfigureFailure]);
/** One parsed Flux server message. */
export type FluxMessage = z.infer<typeof Message>;

/** Builds the /v2/listen URL; throws INVALID_INPUT for thresholds outside Deepgram's ranges. */
export function fluxListenUrl(opts: DeepgramFluxOptions): string {
  const parsed = FluxThresholds.safeParse(opts.thresholds ?? {});
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'The Flux end-of-turn thresholds are outside the ranges Deepgram accepts.');
  const thresholds = parsed.data;
  const model = opts.model ?? 'flux-general-en';
  const query = new URLSearchParams({
    model,
    encoding: opts.encoding,
    sample_rate: String(opts.sampleRate),
    eot_threshold: String(thresholds.eotThreshold),
  });
  if (thresholds.eagerEotThreshold !== undefined) query.set('eager_eot_threshold', String(thresholds.eagerEotThreshold));
  query.set('eot_timeout_ms', String(thresholds.eotTimeoutMs));
  // Repeated parameters, as the SDK sends arrays (docs/providers.md): one keyterm / language_hint each.
  for (const keyterm of opts.keyterms ?? []) if (keyterm.trim()) query.append('keyterm', keyterm.trim());
  if (model === 'flux-general-multi') for (const hint of opts.languageHints ?? []) query.append('language_hint', hint);
  return `${wsOrigin(opts.origin)}/v2/listen?${query.toString()}`;
}

/** Parses one text frame; null when it is not a message Flux documents. */
export function parseFlux(text: string): FluxMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = Message.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The session's view of a TurnInfo; null for an event this client does not know (Flux's set is open). */
export function turnOf(turnInfo: z.infer<typeof TurnInfo>): FluxTurn | null {
  if (!EVENTS.has(turnInfo.event)) return null;
  return {
    event: turnInfo.event as FluxEvent,
    turnIndex: turnInfo.turn_index,
    transcript: turnInfo.transcript,
    audioWindowStart: turnInfo.audio_window_start,
    audioWindowEnd: turnInfo.audio_window_end,
    endOfTurnConfidence: turnInfo.end_of_turn_confidence,
    ...(turnInfo.trigger !== undefined ? { trigger: turnInfo.trigger } : {}),
    ...(turnInfo.languages !== undefined ? { languages: turnInfo.languages } : {}),
  };
}

/** The one sentence for a Flux Error message: its code when it is a plain code, never its free text. */
export function fatalSentence(code: string): string {
  const shown = /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? ` (${code})` : '';
  return `Deepgram ended the Flux stream with an error${shown}.`;
}

/** Opens a Flux socket; rejects with PROVIDER_AUTH on a refused key, PROVIDER_UNREACHABLE otherwise. */
export async function openDeepgramFlux(opts: DeepgramFluxOptions, handlers: FluxHandlers): Promise<FluxStream> {
  const ws = await openSocket(fluxListenUrl(opts), {
    provider: 'Deepgram',
    headers: { Authorization: `Token ${opts.apiKey}` },
    ca: opts.ca,
  });
  return new DeepgramFlux(ws, opts, handlers);
}

class DeepgramFlux extends DeepgramSocket implements FluxStream {
  private readonly configures: ((ok: boolean) => void)[] = [];

  constructor(
    ws: WebSocket,
    private readonly opts: DeepgramFluxOptions,
    private readonly handlers: FluxHandlers,
  ) {
    const bytesPerSecond = opts.sampleRate * (opts.encoding === 'mulaw' ? 1 : 2);
    super(ws, {
      clock: opts.clock,
      bytesPerSecond,
      keepAliveMs: opts.keepAliveMs,
      dropped: 'The Deepgram Flux stream dropped during the call.',
    });
  }

  forceEndTurn(): void {
    this.sendControl({ type: 'ForceEndTurn' });
  }

  configure(thresholds: FluxThresholdsInput): Promise<boolean> {
    const parsed = FluxThresholds.safeParse(thresholds);
    if (!parsed.success)
      return Promise.reject(new AppError('INVALID_INPUT', 'The Flux end-of-turn thresholds are outside the ranges Deepgram accepts.'));
    if (!this.open) return Promise.resolve(false);
    const checked = parsed.data;
    const eager = checked.eagerEotThreshold !== undefined ? { eager_eot_threshold: checked.eagerEotThreshold } : {};
    const wire = { eot_threshold: checked.eotThreshold, eot_timeout_ms: checked.eotTimeoutMs, ...eager };
    // Answers come in order on one socket, so the oldest waiting configure takes the next answer.
    return new Promise((resolve) => {
      this.configures.push(resolve);
      this.sendControl({ type: 'Configure', thresholds: wire });
    });
  }

  protected receive(text: string): void {
    const message = parseFlux(text);
    if (message === null) return;
    if (message.type === 'TurnInfo') {
      const turn = turnOf(message);
      if (turn) this.handlers.onTurn(turn);
    } else if (message.type === 'Error') {
      this.fail(new AppError('PROVIDER_UNREACHABLE', fatalSentence(message.code)));
    } else if (message.type === 'ConfigureSuccess' || message.type === 'ConfigureFailure') {
      this.configures.shift()?.(message.type === 'ConfigureSuccess');
    }
  }

  private sendControl(message: { readonly type: 'ForceEndTurn' | 'CloseStream' | 'Configure'; readonly thresholds?: object }): void {
    this.sendJson(message);
  }

  /** Flux has no KeepAlive message: 80 ms of silence in the call's encoding (μ-law 0xff, PCM zeros) counts as traffic. */
  protected sendKeepAlive(): void {
    const bytes = Math.round((this.bytesPerSecond * 80) / 1000);
    this.send(this.opts.encoding === 'mulaw' ? Buffer.alloc(bytes, 0xff) : Buffer.alloc(bytes));
  }

  protected override onClosed(): void {
    for (const resolve of this.configures.splice(0)) resolve(false);
  }

  protected reportFailure(error: AppError): void {
    this.handlers.onError(error);
  }
}
