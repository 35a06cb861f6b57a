/**
 * Cartesia TTS WebSocket simulator at /tts/websocket: authenticates Bearer, reads each context's
 * transcript pieces and answers with base64 audio chunks in the requested raw encoding (a steady
 * tone, ~70 ms per character: about 14 characters a second of speech), then `done` after
 * continue:false. The first chunk of a context waits a switchable latency (default 90 ms, Cartesia's
 * published first-audio figure); chunks then follow at a switchable interval. Cancels stop a context
 * at once and are recorded. Faults: refuse the key (401) or drop every socket.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { tone } from './audio';
import type { Sim } from './server';
import { messageRefusal, upgradeRefusal } from './cartesia-contract';

/** A running Cartesia TTS simulator. */
export interface CartesiaTtsSim {
  readonly url: string;
  readonly apiKey: string;
  /** Every text message received (requests and cancels), parsed. */
  readonly received: Record<string, unknown>[];
  /** Context ids cancelled by the client. */
  readonly cancels: string[];
  /** The Cartesia-Version header of each accepted socket. */
  readonly versions: (string | undefined)[];
  /** Why each refused upgrade or message was refused (cartesia-contract.ts). */
  readonly refusals: string[];
  /** Chunks sent per context id (to assert nothing went out after a cancel). */
  readonly sent: Map<string, number>;
  /** Each context's first request and first audio chunk sent (performance.now()), for a bench taking the TTS's own time out of its figures. */
  readonly firstAudio: FirstAudio[];
  setLatency(opts: { firstChunkMs?: number; chunkIntervalMs?: number }): void;
  setFault(fault: 'unauthorized' | 'drop' | null): void;
  close(): Promise<void>;
}

/** When one context's first request arrived and its first audio went out. */
export interface FirstAudio {
  readonly contextId: string;
  /** The context's first transcript piece. */
  readonly transcript: string;
  readonly requestAt: number;
  readonly audioAt: number;
}

/** Milliseconds of speech per character of transcript. */
export const MS_PER_CHAR = 70;
const CHUNK_MS = 100;

const Request = z.object({
  model_id: z.string().min(1),
  transcript: z.string(),
  continue: z.boolean().default(false),
  context_id: z.string().min(1),
  voice: z.object({ mode: z.literal('id'), id: z.string().min(1) }),
  output_format: z.object({ container: z.literal('raw'), encoding: z.enum(['pcm_mulaw', 'pcm_s16le']), sample_rate: z.number().int() }),
  language: z.string().optional(),
});
const Cancel = z.object({ context_id: z.string(), cancel: z.literal(true) });

interface Ctx {
  readonly queue: Buffer[];
  inputDone: boolean;
  pumping: boolean;
  started: boolean;
  cancelled: boolean;
  samples: number;
  readonly transcript: string;
  readonly requestAt: number;
}

/** Starts the simulator on 127.0.0.1 (random port, plain http/ws; the client maps the origin). */
export async function startCartesiaTtsSim(
  opts: { apiKey?: string; attach?: Pick<Sim<unknown>, 'url' | 'onUpgrade'> } = {},
): Promise<CartesiaTtsSim> {
  const apiKey = opts.apiKey ?? 'sk_car_SimulatedKey_00000000';
  const received: Record<string, unknown>[] = [];
  const cancels: string[] = [];
  const versions: (string | undefined)[] = [];
  const refusals: string[] = [];
  const sent = new Map<string, number>();
  const firstAudio: FirstAudio[] = [];
  const live = new Set<WebSocket>();
  let firstChunkMs = 90;
  let chunkIntervalMs = 5;
  let fault: 'unauthorized' | null = null;
  // Attached, the socket shares the REST simulator's origin (so one SWITCHBOARD_CARTESIA_URL serves both).
  const http = opts.attach ? null : createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(req.url ?? '/', 'http://sim.local').pathname;
    if (path !== '/tts/websocket') return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    if (fault === 'unauthorized' || req.headers.authorization !== `Bearer ${apiKey}`) {
      return void socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"Invalid API key"}',
      );
    }
    const version = req.headers['cartesia-version'];
    const noVersion = upgradeRefusal(req.headers);
    if (noVersion !== null) {
      refusals.push(noVersion);
      return void socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ error: noVersion })}`,
      );
    }
    versions.push(typeof version === 'string' ? version : undefined);
    wss.handleUpgrade(req, socket, head, serve);
  };
  if (opts.attach) opts.attach.onUpgrade(upgrade);
  else http?.on('upgrade', upgrade);

  function serve(ws: WebSocket): void {
    live.add(ws);
    const contexts = new Map<string, Ctx>();
    /** Every context this socket has started, for the first-message rule. */
    const started = new Set<string>();
    const send = (msg: object): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const pump = async (id: string, ctx: Ctx): Promise<void> => {
      ctx.pumping = true;
      if (!ctx.started) {
        ctx.started = true;
        await new Promise((r) => setTimeout(r, firstChunkMs));
      }
      while (!ctx.cancelled && ctx.queue.length > 0) {
        const audio = ctx.queue.shift() as Buffer;
        send({ type: 'chunk', data: audio.toString('base64'), done: false, status_code: 206, step_time: 12.5, context_id: id });
        sent.set(id, (sent.get(id) ?? 0) + 1);
        if (sent.get(id) === 1)
          firstAudio.push({ contextId: id, transcript: ctx.transcript, requestAt: ctx.requestAt, audioAt: performance.now() });
        await new Promise((r) => setTimeout(r, chunkIntervalMs));
      }
      ctx.pumping = false;
      if (!ctx.cancelled && ctx.inputDone && ctx.queue.length === 0) {
        send({ type: 'done', done: true, status_code: 200, context_id: id });
        contexts.delete(id);
      }
    };
    ws.on('message', (data: Buffer) => {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return send({ type: 'error', status_code: 400, title: 'Invalid request', message: 'Message is not JSON.', done: true });
      }
      received.push(json);
      const refusal = messageRefusal(json, started);
      if (refusal !== null) {
        refusals.push(refusal);
        return send({
          type: 'error',
          context_id: typeof json.context_id === 'string' ? json.context_id : undefined,
          status_code: 400,
          title: 'Invalid request',
          message: refusal,
          done: true,
        });
      }
      if (json.cancel === undefined && typeof json.context_id === 'string') started.add(json.context_id);
      const cancel = Cancel.safeParse(json);
      if (cancel.success) {
        cancels.push(cancel.data.context_id);
        const ctx = contexts.get(cancel.data.context_id);
        if (ctx) ctx.cancelled = true;
        contexts.delete(cancel.data.context_id);
        return;
      }
      const req = Request.safeParse(json);
      if (!req.success)
        return send({
          type: 'error',
          context_id: typeof json.context_id === 'string' ? json.context_id : undefined,
          status_code: 400,
          title: 'Invalid request',
          message: 'The request is missing a required field.',
          done: true,
        });
      const r = req.data;
      let ctx = contexts.get(r.context_id);
      if (!ctx)
        contexts.set(
          r.context_id,
          (ctx = {
            queue: [],
            inputDone: false,
            pumping: false,
            started: false,
            cancelled: false,
            samples: 0,
            transcript: r.transcript,
            requestAt: performance.now(),
          }),
        );
      const encoding = r.output_format.encoding === 'pcm_mulaw' ? 'mulaw' : 'pcm16';
      const total = r.transcript.length * MS_PER_CHAR;
      // Audio at the rate asked for (the contract refused any rate Cartesia does not list).
      const sampleRate = r.output_format.sample_rate;
      for (let at = 0; at < total; at += CHUNK_MS) {
        const ms = Math.min(CHUNK_MS, total - at);
        ctx.queue.push(tone(ms, encoding, { hz: 300, amplitude: 4000, offset: ctx.samples, sampleRate }));
        ctx.samples += (ms * sampleRate) / 1000;
      }
      if (!r.continue) ctx.inputDone = true;
      if (!ctx.pumping) void pump(r.context_id, ctx);
    });
    ws.on('close', () => {
      for (const ctx of contexts.values()) ctx.cancelled = true;
      live.delete(ws);
    });
  }

  if (http) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: http ? `http://127.0.0.1:${(http.address() as AddressInfo).port}` : (opts.attach?.url ?? ''),
    apiKey,
    received,
    cancels,
    versions,
    refusals,
    sent,
    firstAudio,
    setLatency: (o) => {
      firstChunkMs = o.firstChunkMs ?? firstChunkMs;
      chunkIntervalMs = o.chunkIntervalMs ?? chunkIntervalMs;
    },
    setFault: (f) => {
      if (f === 'drop') for (const ws of live) ws.terminate();
      else fault = f;
    },
    close: async () => {
      for (const ws of live) ws.terminate();
      if (!http) return;
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
