/**
 * A carrier is one object that owns its whole wire, in the spirit of Pipecat's frame serializers:
 * the stream codec and its frame size, the audio formats its calls need from STT and TTS, how its
 * requests are authenticated, dialling, hanging up, and reading its callbacks. The runner, the media
 * server and the call session never ask which carrier it is; a new carrier is one folder here and an
 * entry in `catalog.ts` (docs/ARCHITECTURE.md, "Rooms").
 */
import type { Registration, RefusalReason } from '../runner/media-leg';
import type {
  AudioEncoding,
  CallLeg,
  CallSampleRate,
  CarrierCodec,
  CarrierId,
  CarrierStatus,
  ExpectedCall,
  LinePacing,
  MachineVerdict,
} from '../types';

/** The resolved carrier key a call uses (decrypted, in memory only for the call's length). */
export interface CarrierKey {
  readonly fields: Readonly<Record<string, string>>;
  readonly endpoint: string | null;
}

/** Where a carrier's REST API is and how long a request may take. */
export interface CarrierReach {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/** The audio a line's calls carry (mono: 8 kHz on a carrier, 16 kHz from the console), and what STT and TTS are asked for. */
export interface CarrierAudio {
  /** What the carrier's media socket must stream; another encoding ends the call. */
  readonly leg: AudioEncoding;
  /** The encoding Deepgram is told the caller's audio is in. */
  readonly stt: 'mulaw' | 'linear16';
  /** The encoding Cartesia synthesises, sent to the carrier untouched. */
  readonly tts: 'pcm_mulaw' | 'pcm_s16le';
  readonly sampleRate: CallSampleRate;
}

/** What a call's session and streams need of the line its audio travels on: the frames, and the formats. */
export interface CallLineFormat {
  readonly codec: LinePacing;
  readonly audio: CarrierAudio;
}

/** One streamed call to dial. */
export interface CarrierDial {
  readonly to: string;
  /** The key's number (Twilio's phone number, Exotel's ExoPhone). */
  readonly from: string;
  /** The media server's stream URL for this call. */
  readonly streamUrl: string;
  /** The call's single-use stream token. */
  readonly token: string;
  /** Where the carrier posts status callbacks. */
  readonly statusUrl: string;
  /** Answering-machine detection, where the carrier has it (Twilio's async AMD). */
  readonly machine?: { readonly choice: 'hangup' | 'voicemail' } | null;
  /** Seconds to let it ring before no-answer (the carrier's default when absent). */
  readonly ringSeconds?: number;
}

/** Keys (DTMF) to play on a live call, and where the call's media goes on afterwards. */
export interface CarrierKeyPress {
  /** Digits, * and #, w for half a second's pause (tools/press-keys.ts checked them). */
  readonly digits: string;
  /** The media server's stream URL for the stream that carries the call on after the keys. */
  readonly streamUrl: string;
  /** That stream's single-use token. */
  readonly token: string;
}

/** A cold transfer: the live call leaves its stream and rings a person, who is connected on answer. */
export interface CarrierConnect {
  /** The carrier's id of the live call being handed over. */
  readonly callId: string;
  /** The person's number (E.164, the operator's; never the model's). */
  readonly to: string;
  /** The number the person sees calling (the key's). */
  readonly from: string;
  /** Where the person's leg posts its status callbacks (its own registration). */
  readonly statusUrl: string;
  readonly ringSeconds: number;
}

/**
 * Handing a live call to a person, where the carrier's API allows it; where it does not, why, and
 * what to do in the carrier's own dashboard instead (the agent is then not given transfer_call).
 */
export type CarrierTransfers =
  | {
      readonly supported: true;
      /** Cold: the call rings `to` and connects the caller when the person answers; the agent's stream ends. */
      connect(key: CarrierKey, reach: CarrierReach, connect: CarrierConnect): Promise<void>;
      /** Warm: two live calls of the account leave their streams for one room; when either hangs up, both end. */
      bridge(
        key: CarrierKey,
        reach: CarrierReach,
        bridge: { readonly callIds: readonly [string, string]; readonly room: string },
      ): Promise<void>;
    }
  | { readonly supported: false; readonly why: string };

/** A request's headers, as Node reads them. */
export type RequestHeaders = { readonly [name: string]: string | string[] | undefined };

/** A stream's upgrade request, as the media server read it. */
export interface StreamUpgrade {
  /** The requested URL (its query may carry a token). */
  readonly url: URL;
  /** A token in the path after the call's ref, if any. */
  readonly pathToken: string | undefined;
  /** Its headers (a carrier reads its own signature header). */
  readonly headers: RequestHeaders;
  /** The stream URL the carrier was given, rebuilt from the registration (never from the Host header). */
  readonly signedUrl: string;
}

/** Whether an upgrade may proceed, and whether it already spent the call's token. */
export type StreamAdmission = { readonly ok: true; readonly tokenSpent: boolean } | { readonly ok: false; readonly reason: RefusalReason };

/** A status callback's request, as the media server read it. */
export interface CallbackRequest {
  readonly body: string;
  readonly headers: RequestHeaders;
  /** The status URL the carrier was given, rebuilt from the registration. */
  readonly signedUrl: string;
}

/** What a callback said, or why it was refused (a sentence only for a callback that is not the carrier's or not this call's). */
export type CallbackRead =
  | { readonly kind: 'status'; readonly status: CarrierStatus }
  | { readonly kind: 'machine'; readonly verdict: MachineVerdict }
  | { readonly kind: 'refused'; readonly reason: 'bad-signature' }
  | { readonly kind: 'refused'; readonly reason: 'bad-status'; readonly why: string };

/** A number's voice configuration as the carrier names its fields (URLs and modes, never a secret), kept to restore it exactly. */
export type NumberConfig = Readonly<Record<string, string>>;

/** What a caller hears when the runner cannot take their call: a message, then a forward to a person if one is given. */
export interface AwayPlan {
  readonly message: string;
  readonly forwardTo: string | null;
}

/** A ringing call's webhook, read: the call, or why it is not one. */
export type IncomingCall =
  | { readonly kind: 'call'; readonly callId: string; readonly from: string; readonly to: string; readonly accountId: string }
  | { readonly kind: 'unreadable'; readonly why: string };

/** An answer to the carrier's webhook. */
export interface CarrierAnswer {
  readonly contentType: string;
  readonly body: string;
}

/** A carrier's numbers, for inbound calls. */
export interface CarrierNumbers {
  /** Finds one of the key's account's numbers and reads its voice configuration; null when the account has no such number. */
  find(key: CarrierKey, reach: CarrierReach, number: string): Promise<{ readonly id: string; readonly config: NumberConfig } | null>;
  /** Points a number at the runner's answer URL (or, with null, at the away plan alone), the away plan as its fallback; `previous` is what `find` read. */
  point(key: CarrierKey, reach: CarrierReach, id: string, answerUrl: string | null, away: AwayPlan, previous: NumberConfig): Promise<void>;
  /** Writes a number's configuration back exactly as `find` read it. */
  restore(key: CarrierKey, reach: CarrierReach, id: string, config: NumberConfig): Promise<void>;
  /** Reads a ringing call's webhook; null when it is not signed by this key. */
  readIncoming(request: CallbackRequest, key: CarrierKey): IncomingCall | null;
  /** The answer that connects the caller to the call's stream. */
  answerWithStream(streamUrl: string, token: string): CarrierAnswer;
  /** The answer that says the away message (a busy line, a runner not ready) and forwards or hangs up. */
  answerAway(away: AwayPlan): CarrierAnswer;
}

/** One carrier, whole. */
export interface Carrier {
  readonly id: CarrierId;
  /** Its name in sentences. */
  readonly name: string;
  /** Its stream messages, read and written. */
  readonly codec: CarrierCodec;
  readonly audio: CarrierAudio;
  /** The secret that signs its requests to the media server, from the call's key (null: it signs nothing). */
  signingSecret(key: CarrierKey): string | null;
  /** What the stream URL carries after the call's ref (a carrier that signs nothing puts the token in the path). */
  streamPathSuffix(token: string): string;
  /** Checks a stream's upgrade against the call's registration, before the socket is accepted. */
  admitStream(upgrade: StreamUpgrade, registration: Registration): StreamAdmission;
  /** Reads and checks one status callback of a registered call. */
  readCallback(request: CallbackRequest, call: ExpectedCall): CallbackRead;
  /** Places one streamed call; resolves with the carrier's call id. */
  dial(key: CarrierKey, reach: CarrierReach, dial: CarrierDial): Promise<string>;
  /** Ends a call the carrier accepted (its media leg, if it has one yet). */
  hangUp(key: CarrierKey, reach: CarrierReach, callId: string, leg: CallLeg | null): Promise<void>;
  /** Its numbers, for answering inbound calls; null where its API cannot point a number at the runner. */
  readonly numbers: CarrierNumbers | null;
  /** Why a number of this carrier cannot be attached, and what to do instead (null when it can). */
  readonly numbersNote: string | null;
  /**
   * Plays keys on a live call, where the carrier can; absent where it cannot, and then the agent is
   * not offered press_keys. The carrier ends the call's current media stream to play them and goes
   * on on a new one at `press.streamUrl` (Twilio runs new TwiML: docs/ARCHITECTURE.md, "Rooms").
   */
  pressKeys?(key: CarrierKey, reach: CarrierReach, callId: string, press: CarrierKeyPress): Promise<void>;
  /** Handing a live call to a person (transfer_call), or why the carrier cannot. */
  readonly transfers: CarrierTransfers;
}
