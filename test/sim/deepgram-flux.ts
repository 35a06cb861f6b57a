/**
 * Deepgram Flux simulator: /v2/listen beside the live simulator's /v1/listen (deepgram-live.ts routes
 * it here, so one origin and one key serve both). It speaks the SDK's ListenV2 shapes — Connected,
 * TurnInfo, ConfigureSuccess/Failure and Error — refuses at the upgrade what deepgram-flux-contract.ts
 * says Flux refuses, and answers an unknown client message (a v1 KeepAlive or Finalize) with an
 * UNPARSABLE_CLIENT_MESSAGE Error and a close, as the SDK's V2Socket notes.
 *
 * Turns follow the audio (stream time = bytes received, not wall time): a VAD (onset at the live
 * simulator's level, held at a lower one inside a turn) opens a turn with StartOfTurn; Updates follow
 * every `updateMs` of audio; after `eagerMs` of trailing silence the phrase is complete and, with an
 * eager threshold, EagerEndOfTurn carries it; speech after that is TurnResumed and moves on to the
 * next phrase; after `endMs` of silence (unless eot_threshold is 1.0) EndOfTurn carries the same text
 * as the eager one, trigger "model"; eot_timeout_ms ends a turn with trigger "timeout", ForceEndTurn
 * with "manual". Each turn says the next queued transcript; a transcript given as a list of phrases is
 * a caller who pauses between them (each pause-separated stretch of speech says the next phrase).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { samplesOf } from './audio';
import { configureRefusal, fluxListenRefusal } from './deepgram-flux-contract';

/** What one turn of the caller says: a sentence, or phrases with a pause between each. */
export type Script = string | readonly string[];

/** Where the simulated end-of-turn detector fires, in milliseconds of trailing silence. */
export interface FluxTiming {
  readonly eagerMs: number;
  readonly endMs: number;
  readonly updateMs: number;
}

/** One accepted Flux socket, as recorded (never the key). */
export interface FluxConnection {
  /** The query as sent, repeats kept. */
  readonly params: readonly (readonly [string, string])[];
  bytes: number;
  /** The `type` of every text message the client sent. */
  readonly controls: string[];
  /** Every message the simulator sent, in order. */
  readonly sent: Record<string, unknown>[];
  closed: boolean;
}

/** The Flux half of the Deepgram simulator. */
export interface FluxSim {
  readonly connections: readonly FluxConnection[];
  /** Why each refused /v2/listen upgrade was refused (deepgram-flux-contract.ts). */
  readonly refusals: readonly string[];
  setTiming(timing: Partial<FluxTiming>): void;
  /** Sends Flux's fatal `Error` message on every live socket, then closes it. */
  fail(code?: string, description?: string): void;
}

/** What the Flux half borrows from the live simulator it sits in. */
export interface FluxHost {
  next(): Script | undefined;
  latency(): number;
  silent(): boolean;
  readonly idleCloseMs: number;
}

const RMS_ONSET = 700; // as deepgram-live.ts: a 20 ms frame above this starts speech
const RMS_HOLD = 100; // inside a turn, quieter consonants still count as speech
/** The quickest a caller says a word: a phrase voiced for less than this per word is not finished yet. */
const FAST_WORD_S = 0.2;
const WORD_S = 0.3; // words revealed per second of speech, as the live simulator's interims

/** One open turn: `paused` once trailing silence passed eagerMs; `complete` once the current phrase is all said (never un-said). */
interface Turn {
  readonly start: number;
  readonly phrases: readonly string[];
  at: number;
  segmentVoiced: number;
  lastVoice: number;
  paused: boolean;
  complete: boolean;
  eagerSent: boolean;
  nextUpdate: number;
}

const round = (seconds: number): number => Number(seconds.toFixed(3));
const wordsOf = (text: string): string[] => text.split(/\s+/).filter(Boolean);
/** Whether `seconds` of silence reached `ms` (stream times are sums of 20 ms frames: compare with a little slack). */
const reached = (seconds: number, ms: number): boolean => seconds >= ms / 1000 - 1e-6;

/** The Flux handler the live simulator delegates /v2/listen upgrades to. */
export function fluxSimulator(
  host: FluxHost,
): FluxSim & { accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void; terminateAll(): void } {
  const connections: FluxConnection[] = [];
  const refusals: string[] = [];
  const live = new Map<WebSocket, (code: string, description: string) => void>();
  const wss = new WebSocketServer({ noServer: true });
  let timing: FluxTiming = { eagerMs: 100, endMs: 300, updateMs: 240 };

  function accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const refusal = fluxListenRefusal(url.searchParams);
    if (refusal !== null) {
      refusals.push(refusal);
      const body = JSON.stringify({ err_code: 'Bad Request', err_msg: refusal, request_id: 'sim' });
      return void socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, url.searchParams));
  }

  function serve(ws: WebSocket, query: URLSearchParams): void {
    const conn: FluxConnection = { params: [...query.entries()], bytes: 0, controls: [], sent: [], closed: false };
    connections.push(conn);
    const encoding = query.get('encoding') === 'mulaw' ? 'mulaw' : 'pcm16';
    const rate = Number(query.get('sample_rate') ?? 16000);
    const thresholds = {
      eot: Number(query.get('eot_threshold') ?? 0.7),
      eager: query.has('eager_eot_threshold') ? Number(query.get('eager_eot_threshold')) : null,
      timeoutMs: Number(query.get('eot_timeout_ms') ?? 5000),
    };
    const hints = query.getAll('language_hint');
    const multi = query.get('model') === 'flux-general-multi';
    const requestId = randomUUID();
    let sequence = 0;
    let samples = 0;
    let turnIndex = 0;
    let turn: Turn | null = null;
    let idle: NodeJS.Timeout | null = null;

    const emit = (msg: Record<string, unknown>): void => {
      if (host.silent()) return;
      const full = { ...msg, sequence_id: sequence++ };
      conn.sent.push(full);
      const text = JSON.stringify(full);
      setTimeout(() => ws.readyState === ws.OPEN && ws.send(text), host.latency());
    };
    const textOf = (t: Turn): string => {
      const said = t.phrases.slice(0, t.at);
      const current = wordsOf(t.phrases[t.at] ?? '');
      const n = t.complete ? current.length : Math.min(current.length, Math.ceil(t.segmentVoiced / WORD_S));
      return [...said, current.slice(0, n).join(' ')].filter(Boolean).join(' ');
    };
    const turnInfo = (event: string, now: number, confidence: number, trigger?: string): void => {
      if (!turn) return;
      const transcript = textOf(turn);
      const ws_ = wordsOf(transcript);
      const { start } = turn;
      const span = (turn.lastVoice - start) / Math.max(1, ws_.length);
      emit({
        type: 'TurnInfo',
        request_id: requestId,
        event,
        turn_index: turnIndex,
        audio_window_start: Number(turn.start.toFixed(3)),
        audio_window_end: Number(now.toFixed(3)),
        transcript,
        words: ws_.map((word, i) => ({ word, confidence: 0.98, start: round(start + i * span), end: round(start + (i + 1) * span) })),
        end_of_turn_confidence: Number(confidence.toFixed(3)),
        ...(trigger !== undefined ? { trigger } : {}),
        ...(multi ? { languages: hints.length ? [hints[0]] : ['en'] } : {}),
        ...(hints.length ? { languages_hinted: hints } : {}),
      });
    };
    const endTurn = (now: number, confidence: number, trigger: string): void => {
      if (!turn) return;
      turn.complete = true; // whatever was said of the phrase is in the final transcript
      turnInfo('EndOfTurn', now, confidence, trigger);
      turn = null;
      turnIndex++;
    };
    const fatal = (code: string, description: string): void => {
      emit({ type: 'Error', code, description });
      setTimeout(() => ws.close(1011, code), host.latency() + 5);
    };
    const resetIdle = (): void => {
      if (idle) clearTimeout(idle);
      // As /v1/listen (NET-0001 after 10 s without data); Flux's own idle limit is unconfirmed.
      idle = setTimeout(() => ws.close(1011, 'Deepgram did not receive audio data within the timeout window.'), host.idleCloseMs);
    };
    live.set(ws, fatal);
    resetIdle();
    emit({ type: 'Connected', request_id: requestId });

    const control = (data: Buffer): void => {
      let msg: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(data.toString());
        if (typeof parsed === 'object' && parsed !== null) msg = parsed as Record<string, unknown>;
      } catch {
        /* recorded as unknown below */
      }
      const type = typeof msg.type === 'string' ? msg.type : 'unknown';
      conn.controls.push(type);
      const now = samples / rate;
      if (type === 'CloseStream') {
        // Decodes what it has (a last Update), never an EndOfTurn, and closes without a status code.
        if (turn) turnInfo('Update', now, 0);
        setTimeout(() => ws.close(), host.latency() + 5);
      } else if (type === 'ForceEndTurn') {
        endTurn(now, turn ? silenceConfidence(now - turn.lastVoice) : 0, 'manual');
      } else if (type === 'Configure') {
        const why = configureRefusal(msg, thresholds);
        if (why !== null) return emit({ type: 'ConfigureFailure', request_id: requestId });
        const t = (msg.thresholds ?? {}) as { eot_threshold?: number; eager_eot_threshold?: number; eot_timeout_ms?: number };
        if (t.eot_threshold !== undefined) thresholds.eot = t.eot_threshold;
        if (t.eager_eot_threshold !== undefined) thresholds.eager = t.eager_eot_threshold;
        if (t.eot_timeout_ms !== undefined) thresholds.timeoutMs = t.eot_timeout_ms;
        const eager = thresholds.eager !== null ? { eager_eot_threshold: thresholds.eager } : {};
        const current = { eot_threshold: thresholds.eot, eot_timeout_ms: thresholds.timeoutMs, ...eager };
        const languageHints = hints.length ? { language_hints: hints } : {};
        emit({ type: 'ConfigureSuccess', request_id: requestId, thresholds: current, keyterms: query.getAll('keyterm'), ...languageHints });
      } else {
        fatal('UNPARSABLE_CLIENT_MESSAGE', `Could not parse client message of type ${type}.`);
      }
    };
    const silenceConfidence = (silence: number): number => Math.min(0.99, (silence / (timing.endMs / 1000)) * thresholds.eot);

    ws.on('message', (data: Buffer, isBinary) => {
      resetIdle();
      if (!isBinary) return control(data);
      conn.bytes += data.length;
      const pcm = samplesOf(data, encoding);
      const frame = Math.round(rate * 0.02);
      for (let i = 0; i < pcm.length; i += frame) {
        const slice = pcm.subarray(i, Math.min(pcm.length, i + frame));
        let sum = 0;
        for (const s of slice) sum += s * s;
        const rms = Math.sqrt(sum / Math.max(1, slice.length));
        const t0 = samples / rate;
        samples += slice.length;
        const t1 = samples / rate;
        if (rms > (turn ? RMS_HOLD : RMS_ONSET)) {
          if (!turn) {
            const script = host.next() ?? '';
            const phrases = typeof script === 'string' ? script.split(' | ') : [...script];
            const nextUpdate = t1 + timing.updateMs / 1000;
            turn = {
              start: t0,
              phrases,
              at: 0,
              segmentVoiced: t1 - t0,
              lastVoice: t1,
              paused: false,
              complete: false,
              eagerSent: false,
              nextUpdate,
            };
            turnInfo('StartOfTurn', t1, 0.01);
            continue;
          }
          if (turn.paused) {
            // Speech after a pause: the next phrase (a one-sentence script stays on its sentence).
            if (turn.eagerSent) turnInfo('TurnResumed', t1, 0.01);
            if (turn.at < turn.phrases.length - 1) {
              turn.at++;
              turn.complete = false;
              turn.segmentVoiced = 0;
            }
            turn.paused = false;
            turn.eagerSent = false;
          }
          turn.segmentVoiced += t1 - t0;
          turn.lastVoice = t1;
        } else if (turn) {
          const silence = t1 - turn.lastVoice;
          if (!turn.paused && reached(silence, timing.eagerMs)) {
            turn.paused = true;
            // A pause after the phrase's last word ends it; a pause inside it (after "Yes,") leaves it
            // unfinished, and an unfinished sentence is no eager end of turn for the model. Where the
            // pause falls is judged by time: the phrase is done once voiced long enough for all its
            // words at a brisk 0.2 s a word.
            turn.complete = turn.segmentVoiced >= wordsOf(turn.phrases[turn.at] ?? '').length * FAST_WORD_S;
            if (thresholds.eager !== null && turn.complete) {
              turn.eagerSent = true;
              turnInfo('EagerEndOfTurn', t1, thresholds.eager);
              turn.nextUpdate = t1 + timing.updateMs / 1000;
              continue;
            }
          }
          if (thresholds.eot < 1 && reached(silence, timing.endMs)) {
            endTurn(t1, thresholds.eot, 'model');
            continue;
          }
          if (reached(silence, thresholds.timeoutMs)) {
            endTurn(t1, silenceConfidence(silence), 'timeout');
            continue;
          }
        }
        if (turn && t1 >= turn.nextUpdate) {
          turnInfo('Update', t1, turn.lastVoice === t1 ? 0.01 : silenceConfidence(t1 - turn.lastVoice));
          turn.nextUpdate = t1 + timing.updateMs / 1000;
        }
      }
    });
    ws.on('close', () => {
      if (idle) clearTimeout(idle);
      conn.closed = true;
      live.delete(ws);
    });
  }

  return {
    connections,
    refusals,
    accept,
    setTiming: (t) => {
      timing = { ...timing, ...t };
    },
    fail: (code = 'INTERNAL_SERVER_ERROR', description = 'An internal server error occurred.') => {
      for (const fatal of live.values()) fatal(code, description);
    },
    terminateAll: () => {
      for (const ws of live.keys()) ws.terminate();
    },
  };
}
