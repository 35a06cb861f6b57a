/**
 * The voice runner's shared vocabulary: carrier socket events and commands, the provider streams a
 * call session drives, and outcomes. Carriers, streams and the session each live in their own folder
 * (docs/ARCHITECTURE.md, Rooms) and meet only through these types, so a second STT is one new file
 * that produces and consumes the same shapes, and a second carrier one folder (carriers/carrier.ts).
 */
import { ANSWERED_BY_NAMES } from '../../../shared/calls';
import type { AppError } from '../../../shared/errors';

/** The carriers that can hold a call; each has its object in carriers/catalog.ts. */
export const CARRIER_IDS = ['twilio', 'exotel'] as const;
/** One of CARRIER_IDS. */
export type CarrierId = (typeof CARRIER_IDS)[number];
/** What a call's audio travels on: a carrier's media stream, or the console's microphone and speakers (talk/console-line.ts). */
export type LineId = CarrierId | 'console';

/** Audio on the call, mono: μ-law (Twilio), or 16-bit little-endian PCM (Exotel, the console). */
export type AudioEncoding = 'mulaw' | 'pcm16';

/** Sample rates a call's audio can have: a phone line's 8 kHz, or the console's 16 kHz. */
export type CallSampleRate = 8000 | 16000;

/** The media format a carrier announced in its `start` message (read at run time, never assumed); carriers are 8 kHz. */
export interface MediaFormat {
  readonly encoding: AudioEncoding;
  readonly sampleRate: CallSampleRate;
}

/** One message from a carrier's media socket, carrier-neutral. */
export type CallEvent =
  | { readonly type: 'connected' }
  | {
      readonly type: 'start';
      /** The stream's id (Twilio streamSid, Exotel stream_sid): needed on every outbound message. */
      readonly streamId: string;
      /** The carrier's id of the call (Twilio CallSid, Exotel CallSid). */
      readonly callId: string;
      /** Custom parameters the runner put on the stream (Twilio <Parameter>, Exotel custom_parameters). */
      readonly params: Readonly<Record<string, string>>;
      readonly format: MediaFormat;
    }
  /** Caller audio, raw bytes in the call's format (no header). */
  | { readonly type: 'media'; readonly audio: Buffer; readonly timestampMs: number | null }
  /** A mark the runner sent came back: the audio before it was played, or cleared. */
  | { readonly type: 'mark'; readonly name: string }
  | { readonly type: 'dtmf'; readonly digit: string }
  | { readonly type: 'stop' };

/** One message the runner sends on a carrier's media socket. */
export type CallCommand =
  /** Agent audio, raw bytes in the call's format; the codec frames it as the carrier needs. */
  | {
      readonly type: 'media';
      readonly audio: Buffer;
      /** The same audio already framed for this leg's wire (CallLeg.prepare), sent as is. */
      readonly wire?: string;
    }
  | { readonly type: 'mark'; readonly name: string }
  /** Drop every buffered byte of agent audio now (barge-in). */
  | { readonly type: 'clear' };

/** One carrier's wire format: pure parsing and formatting, no I/O (carriers/<id>/stream.ts). */
export interface CarrierCodec {
  readonly carrier: LineId;
  /** Parses one text frame; null for messages the runner ignores; throws AppError INVALID_INPUT on junk. */
  parse(text: string): CallEvent | null;
  /** Formats one command for the stream. */
  format(command: CallCommand, streamId: string): string;
  /** Bytes of outbound audio per paced chunk in `format` (Twilio μ-law 20 ms = 160; Exotel a multiple of 320). */
  chunkBytes(format: MediaFormat): number;
  /** Milliseconds of audio in one paced chunk. */
  chunkMs(format: MediaFormat): number;
  /** Bytes per millisecond of the audio its calls carry and its TTS is asked for (μ-law 8, 16-bit PCM 16). */
  readonly bytesPerMs: number;
}

/** How a line's outbound audio is cut and paced: what a call session needs of a codec (the console has no text wire). */
export type LinePacing = Pick<CarrierCodec, 'chunkBytes' | 'chunkMs' | 'bytesPerMs'>;

/** An accepted, authenticated carrier media socket of one placed call. */
export interface CallLeg {
  readonly carrier: LineId;
  readonly callId: string;
  readonly streamId: string;
  readonly format: MediaFormat;
  /** Every event after `start` (media, mark, dtmf, stop). */
  onEvent(fn: (event: CallEvent) => void): void;
  /** Called once when the socket closes, for any reason. */
  onClose(fn: () => void): void;
  /** Called once, before onClose, when the leg failed (an unreadable frame): the call ends with this sentence. */
  onFault?(fn: (reason: string) => void): void;
  send(command: CallCommand): void;
  /** Frames a command for this leg's wire without sending it (the pacer frames audio ahead of its slot). */
  prepare?(command: CallCommand): string;
  close(): void;
}

/** What the media server must know about a call before the carrier connects (the runner registers it when dialling). */
export interface ExpectedCall {
  /** The per-call random token put in the stream parameters; single use. */
  readonly token: string;
  readonly carrier: CarrierId;
  /** The secret that signs the carrier's upgrade and status callbacks (Twilio's auth token), or null. */
  readonly signingSecret: string | null;
  /** The carrier's call id, once the dial request answered; a stream for another call is refused. */
  callId: string | null;
  /** Handed the leg once the socket passed every check. */
  readonly onLeg: (leg: CallLeg) => void;
  /** Carrier status callbacks for this call, after their signature was checked. */
  readonly onStatus: (status: CarrierStatus) => void;
  /** Twilio's async answering-machine verdict for this call, after its signature was checked. */
  readonly onMachine?: (verdict: MachineVerdict) => void;
}

/** Twilio's AnsweredBy values (Answering Machine Detection docs): nothing else is accepted. */
export const ANSWERED_BY = ANSWERED_BY_NAMES;
/** One of ANSWERED_BY. */
export type AnsweredBy = (typeof ANSWERED_BY)[number];

/** An answering-machine detection verdict (Twilio's AsyncAmdStatusCallback). */
export interface MachineVerdict {
  readonly callId: string;
  readonly answeredBy: AnsweredBy;
  /** How long detection listened, in milliseconds (MachineDetectionDuration). */
  readonly detectionMs: number;
}

/** A carrier's call-status callback, carrier-neutral. */
export interface CarrierStatus {
  readonly callId: string;
  /** queued | ringing | in-progress | completed | busy | no-answer | failed | canceled. */
  readonly status: string;
  readonly durationSeconds: number | null;
  /** Answering-machine detection's verdict, when it ran (human, machine_start, machine_end_beep, fax, unknown). */
  readonly answeredBy: string | null;
}

/** One transcript update from the STT socket. */
export interface Transcript {
  readonly text: string;
  /** Deepgram is_final: this stretch of audio will not be transcribed again. */
  readonly isFinal: boolean;
  /** Deepgram speech_final: the endpointer heard the caller stop. */
  readonly speechFinal: boolean;
  /** Seconds into the stream. */
  readonly start: number;
  readonly duration: number;
  readonly confidence: number;
  /** Seconds into the stream where the last word ends, when the recogniser says (Deepgram's words[]). */
  readonly lastWordEnd?: number;
  /** The recogniser itself says the turn has probably ended (Flux's EagerEndOfTurn). */
  readonly eager?: boolean;
}

/** What an STT socket reports. */
export interface SttHandlers {
  onTranscript(transcript: Transcript): void;
  onSpeechStarted(): void;
  onUtteranceEnd(): void;
  /** The caller went on after a turn the recogniser thought had ended (Flux's TurnResumed). */
  onTurnResumed?(): void;
  /** The socket failed or closed early; `error` says why in one sentence (PROVIDER_AUTH for a 401). */
  onError(error: AppError): void;
}

/** A live STT socket (streams/deepgram-live.ts). */
export interface SttStream {
  /** Caller audio in the call's format, untouched. */
  send(audio: Buffer): void;
  /** Flush what is buffered into a final result. */
  finalize(): void;
  /** Seconds of audio sent so far (metered). */
  readonly audioSeconds: number;
  close(): Promise<void>;
}

/** One message of the conversation history sent to the LLM. */
export interface Turn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  /** Tools the agent ran in this (assistant) turn, so later turns still know what they answered. */
  readonly tools?: readonly ToolExchange[];
}

/** One round of tool calls in a reply: what the model asked for, and what it got back. */
export interface ToolExchange {
  readonly uses: readonly { readonly id: string; readonly name: string; readonly input: unknown }[];
  readonly results: readonly ToolResult[];
}

/** How the agent closes a call. */
export interface CallClose {
  readonly outcome: string;
  readonly reason: string;
}

/** What one tool call gives back to the model: its JSON answer, or an error sentence. */
export interface ToolResult {
  readonly content: string;
  readonly isError: boolean;
}

/** A tool the model may call, as the Messages API declares it. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly input_schema: { readonly type: 'object'; readonly [key: string]: unknown };
}

/** The agent's tools for one call (tools/toolbox.ts): what the model is offered, and running one. */
export interface LlmTools {
  readonly definitions: readonly ToolDefinition[];
  /** Runs one tool the model called; resolves with its result (an error result for any failure), never rejects. */
  run(name: string, input: unknown, signal: AbortSignal): Promise<ToolResult>;
}

/** What one LLM reply reports as it streams. */
export interface LlmHandlers {
  /** A piece of reply text as it arrives. */
  onText(delta: string): void;
  /**
   * The model called a tool: say what it said so far (its short filler line), and resolve once the
   * tool may run — at once for a confirmed turn, once confirmed for a reply prepared early. A reply
   * dropped meanwhile is aborted, and its tool never runs. `names`: the tools about to run.
   */
  beforeTools?(names?: readonly string[]): Promise<void>;
  /** A round of tools ran and its results went back to the model (kept with the turn in the history). */
  onToolResults?(exchange: ToolExchange): void;
  /** The model decided to end the call (say goodbye, then hang up) with this classification. */
  onClose(close: CallClose): void;
  onError(error: AppError): void;
  /** The reply finished (or was aborted); tokens are metered from here. */
  onDone(result: LlmResult): void;
}

/** The end of one LLM reply. */
export interface LlmResult {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly aborted: boolean;
}

/** One streaming LLM reply (streams/claude-turn.ts). */
export interface LlmReply {
  /** Stops the stream now (barge-in); onDone still fires with aborted: true. */
  abort(): void;
}

/** A TTS socket held for the whole call (streams/cartesia-tts.ts). */
export interface TtsStream {
  /** Opens one context per reply. */
  context(handlers: TtsHandlers): TtsContext;
  /** Characters sent for synthesis so far (metered). */
  readonly characters: number;
  close(): Promise<void>;
}

/** What one TTS context reports. */
export interface TtsHandlers {
  /** Audio in the call's format (raw, no header), in order. */
  onAudio(audio: Buffer): void;
  /** Every byte of this context's audio has arrived. */
  onDone(): void;
  onError(error: AppError): void;
}

/** One reply's synthesis. */
export interface TtsContext {
  readonly id: string;
  /** Adds a piece of text (a sentence); `last` ends the input. */
  push(text: string, last: boolean): void;
  /** Barge-in: stop synthesis; no more audio is delivered. */
  cancel(): void;
}

/** The outcomes a call can end in, defined once in shared/calls.ts. */
export { CALL_OUTCOMES, type CallOutcome } from '../../../shared/calls';
