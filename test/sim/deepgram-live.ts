/**
 * Deepgram live simulator: a WebSocket server at /v1/listen that authenticates `Token`, takes binary
 * μ-law or linear16 audio and answers with Deepgram's real JSON shapes. It cannot recognise speech,
 * so tests script what each utterance says; an energy VAD on the decoded audio finds where speech
 * starts and stops, so SpeechStarted, interim and final Results and UtteranceEnd land at real audio
 * positions (stream time = bytes received, not wall time). Latency and faults are switchable.
 * As a live recogniser does, once the caller has been quiet for 100 ms (less than the endpointing
 * wait) an interim result carries every word heard so far, its last word ending where the voice
 * did: the early turn a reply may be prepared on. A scripted utterance said in parts with pauses
 * between them is a list of phrases (or a text split by " | "); the interim after a pause carries
 * the parts said so far.
 * /v2/listen (Deepgram Flux) is served on the same origin by deepgram-flux.ts, from the same script.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { samplesOf } from './audio';
import type { Sim } from './server';
import { listenRefusal } from './deepgram-contract';
import { fluxSimulator, type FluxSim, type Script } from './deepgram-flux';

/** A fault the next connections (or the live ones) meet. */
export type DeepgramFault = 'unauthorized' | 'drop' | 'silent' | null;

/** One accepted socket, as recorded (never the key). */
export interface DeepgramConnection {
  readonly query: Readonly<Record<string, string>>;
  bytes: number;
  readonly controls: string[];
  closed: boolean;
}

/** A running Deepgram live simulator. */
export interface DeepgramLiveSim {
  readonly url: string;
  readonly apiKey: string;
  readonly connections: readonly DeepgramConnection[];
  /** Why each refused upgrade was refused (deepgram-contract.ts). */
  readonly refusals: readonly string[];
  /** What the next utterances (v1) or turns (Flux) say, in order (none queued says ""); phrases are joined on v1. */
  queueTranscripts(...texts: Script[]): void;
  /** The /v2/listen (Flux) side: its sockets, refusals, timing and fatal errors. */
  readonly flux: FluxSim;
  /** Added before every message the server sends. */
  setLatency(ms: number): void;
  /** 'unauthorized' refuses upgrades; 'drop' closes live sockets now (and refuses none); 'silent' stops answering. */
  setFault(fault: DeepgramFault): void;
  close(): Promise<void>;
}

const RMS_SPEECH = 700; // 16-bit RMS above which a 20 ms frame counts as speech.
const INTERIM_EVERY_S = 0.5;
/** Quiet after the last voice before an interim carries every word heard so far. */
const QUIET_INTERIM_S = 0.1;
/** The shortest a spoken word lasts, for how many words an early interim can hold. */
const WORD_S = 0.25;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Starts the simulator on 127.0.0.1 (random port). */
export async function startDeepgramLiveSim(
  opts: { apiKey?: string; idleCloseMs?: number; attach?: Pick<Sim<unknown>, 'url' | 'onUpgrade'> } = {},
): Promise<DeepgramLiveSim> {
  const apiKey = opts.apiKey ?? 'abcdef0123456789012345678901234567890123';
  const queue: Script[] = [];
  const connections: DeepgramConnection[] = [];
  const refusals: string[] = [];
  const live = new Set<WebSocket>();
  let latency = 0;
  let fault: DeepgramFault = null;
  // Attached, the live socket shares the REST simulator's origin (so one SWITCHBOARD_DEEPGRAM_URL serves both).
  const http = opts.attach ? null : createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const idleCloseMs = opts.idleCloseMs ?? 10_000;
  const flux = fluxSimulator({ next: () => queue.shift(), latency: () => latency, silent: () => fault === 'silent', idleCloseMs });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const refuse = (status: number, text: string): void => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"sim"}`,
      );
    };
    if (url.pathname !== '/v1/listen' && url.pathname !== '/v2/listen') return refuse(404, 'Not Found');
    if (fault === 'unauthorized' || req.headers.authorization !== `Token ${apiKey}`) return refuse(401, 'Unauthorized');
    if (url.pathname === '/v2/listen') return flux.accept(req, socket, head, url);
    const refusal = listenRefusal(Object.fromEntries(url.searchParams));
    if (refusal !== null) {
      refusals.push(refusal);
      return void socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ err_code: 'Bad Request', err_msg: refusal, request_id: 'sim' })}`,
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, Object.fromEntries(url.searchParams)));
  };
  if (opts.attach) opts.attach.onUpgrade(upgrade);
  else http?.on('upgrade', upgrade);

  function serve(ws: WebSocket, query: Record<string, string>): void {
    const conn: DeepgramConnection = { query, bytes: 0, controls: [], closed: false };
    connections.push(conn);
    live.add(ws);
    const encoding = query.encoding === 'mulaw' ? 'mulaw' : 'pcm16';
    const rate = Number(query.sample_rate ?? 8000);
    const endpointing = Number(query.endpointing ?? 10) / 1000;
    const utteranceEnd = query.utterance_end_ms ? Number(query.utterance_end_ms) / 1000 : null;
    const requestId = randomUUID();
    let samples = 0; // stream position, in samples
    let speech: {
      start: number;
      lastVoice: number;
      text: string;
      nextInterim: number;
      parts: string[];
      said: number;
      quietSent: boolean;
      partDone: boolean;
    } | null = null;
    let pendingUtteranceEnd: number | null = null; // last word end, waiting for utterance_end_ms of silence
    let idle: NodeJS.Timeout | null = null;

    const emit = (msg: object): void => {
      if (fault === 'silent') return;
      const text = JSON.stringify(msg);
      setTimeout(() => ws.readyState === ws.OPEN && ws.send(text), latency);
    };
    const results = (
      text: string,
      start: number,
      end: number,
      isFinal: boolean,
      speechFinal: boolean,
      fromFinalize = false,
      wordsEnd = end,
    ): void => {
      const ws_ = words(text);
      const span = (wordsEnd - start) / Math.max(1, ws_.length);
      emit({
        type: 'Results',
        channel_index: [0, 1],
        duration: Number((end - start).toFixed(3)),
        start: Number(start.toFixed(3)),
        is_final: isFinal,
        speech_final: speechFinal,
        channel: {
          alternatives: [
            {
              transcript: text,
              confidence: 0.98,
              words: ws_.map((w, i) => ({
                word: w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''),
                start: start + i * span,
                end: start + (i + 1) * span,
                confidence: 0.98,
                punctuated_word: w,
              })),
            },
          ],
        },
        metadata: {
          request_id: requestId,
          model_info: { name: `general-${query.model ?? 'nova-3'}`, version: '2024-12-20.0', arch: query.model ?? 'nova-3' },
          model_uuid: '40bd3654-e622-47c4-a111-63a61b23bfe2',
        },
        from_finalize: fromFinalize,
      });
    };
    const endSpeech = (speechFinal: boolean, fromFinalize: boolean): void => {
      if (!speech) return;
      results(speech.text, speech.start, speech.lastVoice, true, speechFinal, fromFinalize);
      pendingUtteranceEnd = speech.lastVoice;
      speech = null;
    };
    const resetIdle = (): void => {
      if (idle) clearTimeout(idle);
      // Deepgram closes a socket that received neither audio nor KeepAlive for 10 s (NET-0001).
      idle = setTimeout(
        () => ws.close(1011, 'Deepgram did not receive audio data or a text message within the timeout window.'),
        opts.idleCloseMs ?? 10_000,
      );
    };
    resetIdle();

    ws.on('message', (data: Buffer, isBinary) => {
      resetIdle();
      if (!isBinary) {
        let type = 'unknown';
        try {
          type = String((JSON.parse(data.toString()) as { type?: unknown }).type);
        } catch {
          /* recorded as unknown */
        }
        conn.controls.push(type);
        if (type === 'Finalize') endSpeech(false, true);
        if (type === 'CloseStream') {
          endSpeech(false, true);
          emit({
            type: 'Metadata',
            transaction_key: 'deprecated',
            request_id: requestId,
            sha256: '0'.repeat(64),
            created: new Date(0).toISOString(),
            duration: samples / rate,
            channels: 1,
            models: ['40bd3654-e622-47c4-a111-63a61b23bfe2'],
            model_info: {},
          });
          setTimeout(() => ws.close(1000), latency + 5);
        }
        return;
      }
      conn.bytes += data.length;
      const pcm = samplesOf(data, encoding);
      const frame = Math.round(rate * 0.02);
      for (let i = 0; i < pcm.length; i += frame) {
        const slice = pcm.subarray(i, Math.min(pcm.length, i + frame));
        let sum = 0;
        for (const s of slice) sum += s * s;
        const voiced = Math.sqrt(sum / Math.max(1, slice.length)) > RMS_SPEECH;
        const t0 = samples / rate;
        samples += slice.length;
        const t1 = samples / rate;
        if (voiced) {
          if (!speech) {
            const next = queue.shift() ?? '';
            const parts = typeof next === 'string' ? next.split(' | ') : [...next];
            speech = {
              start: t0,
              lastVoice: t1,
              text: parts.join(' '),
              nextInterim: t0 + INTERIM_EVERY_S,
              parts,
              said: 1,
              quietSent: false,
              partDone: false,
            };
            pendingUtteranceEnd = null;
            emit({ type: 'SpeechStarted', channel: [0], timestamp: Number(t0.toFixed(3)) });
          }
          // Voice again after a quiet whose early interim held every word of the parts said so far: the next part.
          if (speech.quietSent) {
            speech.quietSent = false;
            if (speech.partDone) speech.said = Math.min(speech.parts.length, speech.said + 1);
          }
          speech.lastVoice = t1;
          if (t1 >= speech.nextInterim) {
            // An interim guess grows with the audio heard so far: a prefix of the scripted words.
            const all = words(speech.text);
            const n = Math.min(all.length, Math.ceil((t1 - speech.start) / 0.3));
            results(all.slice(0, n).join(' '), speech.start, t1, false, false);
            speech.nextInterim = t1 + INTERIM_EVERY_S;
          }
        } else if (speech && t1 - speech.lastVoice >= endpointing) {
          endSpeech(true, false);
        } else if (speech && !speech.quietSent && endpointing > QUIET_INTERIM_S && t1 - speech.lastVoice >= QUIET_INTERIM_S) {
          // Quiet for a moment: every word heard so far, the last one ending where the voice did.
          speech.quietSent = true;
          // The words a recogniser has by now: at most those of the parts said, at most one per quarter second of speech.
          const heard = words(speech.parts.slice(0, speech.said).join(' '));
          const count = Math.min(heard.length, Math.ceil((speech.lastVoice - speech.start) / WORD_S));
          speech.partDone = count === heard.length;
          results(heard.slice(0, count).join(' '), speech.start, t1, false, false, false, speech.lastVoice);
        } else if (!speech && pendingUtteranceEnd !== null && utteranceEnd !== null && t1 - pendingUtteranceEnd >= utteranceEnd) {
          emit({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: Number(pendingUtteranceEnd.toFixed(3)) });
          pendingUtteranceEnd = null;
        }
      }
    });
    ws.on('close', () => {
      if (idle) clearTimeout(idle);
      conn.closed = true;
      live.delete(ws);
    });
  }

  if (http) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: http ? `http://127.0.0.1:${(http.address() as AddressInfo).port}` : (opts.attach?.url ?? ''),
    apiKey,
    connections,
    refusals,
    queueTranscripts: (...texts) => void queue.push(...texts),
    flux,
    setLatency: (ms) => {
      latency = ms;
    },
    setFault: (f) => {
      fault = f;
      if (f === 'drop') {
        for (const ws of live) ws.terminate();
        flux.terminateAll();
        fault = null;
      }
    },
    close: async () => {
      for (const ws of live) ws.terminate();
      flux.terminateAll();
      if (!http) return;
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
