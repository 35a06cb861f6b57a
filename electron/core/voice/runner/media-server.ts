/**
 * The media server carriers connect to: one HTTP server on 127.0.0.1 (a tunnel or the operator's
 * reverse proxy makes it public) with a `ws` server attached without a port of its own. Routes, one
 * pair per carrier of the catalog: `/:carrier/stream/:ref` (WebSocket upgrades, with the call's token
 * after the ref for a carrier that signs nothing) and `/:carrier/status/:ref` (status callbacks).
 * Every request is checked against a call the runner registered with `expect()`, by the carrier's
 * own object (carriers/carrier.ts); anything else is refused before a byte of audio is read
 * (docs/ARCHITECTURE.md, invariants). Frames are capped, sockets bounded per call and per server, and every socket's errors
 * are handled where it is held, so one bad peer closes its own socket and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppError } from '../../../../shared/errors';
import type { CallbackRequest, CarrierAnswer } from '../carriers/carrier';
import { CARRIERS } from '../carriers/catalog';
import { awaitStart, type RefusalReason, type Registration } from './media-leg';
import { checkPublicUrl, toSocketUrl } from './public-url';
import { CARRIER_IDS, type CarrierId, type ExpectedCall } from '../types';
import { realClock, type Clock } from '../clock';
import { REFUSAL_DELAY_MS, Tarpit } from './tarpit';

/** A refused carrier request, for the runner's audit log (counted there, not written one by one). */
export interface Refusal {
  readonly ref: string;
  readonly reason: RefusalReason | 'bad-status' | 'too-large';
  /** One sentence on what was wrong with a callback (never its content). */
  readonly why?: string;
  /** Which door was knocked on: a media stream's upgrade, a status callback, or an inbound call's webhook. */
  readonly route: 'stream' | 'status' | 'answer';
  /** The peer's address as this server saw it (the tunnel or proxy, for public traffic). */
  readonly from: string;
}

/** Options of a media server. */
export interface MediaServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly onRefused?: (refusal: Refusal) => void;
  /** How long a socket may take to send `start` after its upgrade. */
  readonly startTimeoutMs?: number;
  /** The most media sockets open (or opening) at once on this server (default 200: 25 calls × 2, and room). */
  readonly maxSockets?: number;
  /** A failure of the server itself (its listening socket), after it started: the runner audits it. */
  readonly onFault?: (reason: string) => void;
  /** Times the tarpit's holds (default: the real clock). */
  readonly clock?: Clock;
  /** How long a refusal's answer is held (tarpit.ts; default 250 ms, 0 answers at once). */
  readonly refusalDelayMs?: number;
  /** Answers a ringing call's webhook at `/:carrier/answer/:ref` (the runner's numbers); without it the route is refused. */
  readonly onAnswer?: (carrier: CarrierId, ref: string, request: CallbackRequest) => Promise<AnswerReply>;
}

/** The runner's reply to an inbound call's webhook: the carrier's answer, or why the request is refused. */
export type AnswerReply =
  | { readonly kind: 'answer'; readonly answer: CarrierAnswer }
  | { readonly kind: 'refused'; readonly reason: 'unknown-ref' | 'bad-signature' | 'bad-status'; readonly why?: string };

/** A registered call's addresses. */
export interface Expectation {
  readonly ref: string;
  /** What the carrier is told to stream to (no query string). */
  readonly streamUrl: string;
  /** Where the carrier posts status callbacks. */
  readonly statusUrl: string;
  forget(): void;
}

// A carrier that signs nothing has the call's token after the ref in its stream's path (see expect()).
const ROUTE = new RegExp(`/(${CARRIER_IDS.join('|')})/(stream|status|answer)/([A-Za-z0-9_-]{1,64})(?:/([A-Za-z0-9_-]{16,128}))?$`);
const MAX_BODY = 16 * 1024;
/**
 * The largest frame a carrier sends: Twilio's media message is ~0.4 KB (20 ms of μ-law), Exotel's
 * ~2 KB (100 ms of PCM); Exotel's own chunk bound is 100 KB of audio (docs/providers.md), 137 KB as base64
 * in JSON. Anything bigger is refused by `ws` as an 'error' on that socket alone.
 */
const MAX_FRAME = 160 * 1024;
/** Sockets one call may hold at once: its stream, and one more while a reconnect replaces it. */
const MAX_SOCKETS_PER_CALL = 2;
const HOST = '127.0.0.1';

/** Media sockets and status callbacks of the calls the runner placed. */
export class MediaServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false });
  private readonly calls = new Map<string, Registration>();
  /** Open or opening media sockets, per call ref. */
  private readonly sockets = new Map<string, number>();
  private socketCount = 0;
  private publicUrl: string | null = null;
  private readonly tarpit: Tarpit;

  constructor(private readonly options: MediaServerOptions = {}) {
    this.tarpit = new Tarpit(options.clock ?? realClock(), options.refusalDelayMs ?? REFUSAL_DELAY_MS);
    this.http = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
      this.request(req, res).catch(() => reply(res, 400, 'That request could not be read.'));
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('clientError', (_err, socket) => socket.destroy());
    // Sockets' own errors are handled where they are held; these are the servers' own, after listen.
    this.wss.on('error', (err) => this.options.onFault?.(`The media server's WebSocket server failed (${err.name}).`));
  }

  /** Listens on 127.0.0.1 only; resolves with the port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 0, HOST, () => {
        this.http.off('error', reject);
        this.http.on('error', (err) => this.options.onFault?.(`The media server's listening socket failed (${err.name}).`));
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Where it listens (always 127.0.0.1). */
  address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    this.tarpit.clear();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Sets the base URL carriers reach this server at (https; plain http for loopback only). */
  setPublicUrl(url: string): void {
    this.publicUrl = checkPublicUrl(url);
  }

  /** Registers a call about to be dialled under a fresh random ref (an address, not a secret). */
  expect(call: ExpectedCall): Expectation {
    if (!this.publicUrl) throw new AppError('INVALID_INPUT', 'The media server has no public URL yet: open a tunnel or pass --public-url.');
    const ref = randomBytes(12).toString('base64url');
    this.calls.set(ref, { ref, call, tokenUsed: false });
    return {
      ref,
      streamUrl: `${toSocketUrl(this.publicUrl)}/${call.carrier}/stream/${ref}${CARRIERS[call.carrier].streamPathSuffix(call.token)}`,
      statusUrl: `${this.publicUrl}/${call.carrier}/status/${ref}`,
      forget: () => this.calls.delete(ref),
    };
  }

  private refused(req: IncomingMessage, route: Refusal['route'], ref: string, reason: Refusal['reason'], why?: string): void {
    this.options.onRefused?.({ ref, reason, route, from: req.socket.remoteAddress ?? 'unknown', ...(why ? { why } : {}) });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node's HTTP server stops listening for this socket's errors once it is an upgrade: a reset
    // peer would otherwise be an unhandled 'error' (and the process's end).
    socket.on('error', () => socket.destroy());
    const requested = new URL(req.url ?? '/', 'http://x');
    const match = ROUTE.exec(requested.pathname);
    if (!match || match[2] !== 'stream') return this.reject(socket, 404);
    const [, carrierId, , ref, pathToken] = match as unknown as [string, CarrierId, string, string, string | undefined];
    const reg = this.calls.get(ref);
    if (!reg || reg.call.carrier !== carrierId) {
      this.refused(req, 'stream', ref, 'unknown-ref');
      return this.reject(socket, 404);
    }
    if (this.socketCount >= (this.options.maxSockets ?? 200) || (this.sockets.get(ref) ?? 0) >= MAX_SOCKETS_PER_CALL) {
      this.refused(req, 'stream', ref, 'too-many-sockets');
      return this.reject(socket, 503);
    }
    // The carrier checks its own proof (a signature, or the call's token in the URL) before the socket is accepted.
    const carrier = CARRIERS[carrierId];
    const signedUrl = `${toSocketUrl(this.publicUrl ?? '')}/${carrierId}/stream/${ref}`;
    const admission = carrier.admitStream({ url: requested, pathToken, headers: req.headers, signedUrl }, reg);
    if (!admission.ok) {
      this.refused(req, 'stream', ref, admission.reason);
      return this.reject(socket, 403);
    }
    this.opened(ref, 1);
    let counted = true;
    const release = (): void => {
      if (counted) this.opened(ref, -1);
      counted = false;
    };
    socket.once('close', release);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      awaitStart(ws, {
        codec: carrier.codec,
        reg,
        startTimeoutMs: this.options.startTimeoutMs ?? 10_000,
        refuse: (reason) => this.refused(req, 'stream', ref, reason),
        tokenSpentAtUpgrade: admission.tokenSpent,
      });
    });
  }

  /** Refuses an upgrade, answering after the tarpit's hold (tarpit.ts). */
  private reject(socket: Duplex, status: 403 | 404 | 503): void {
    this.tarpit.hold(
      () => rejectNow(socket, status),
      () => socket.destroy(),
    );
  }

  /** Refuses a request, answering after the tarpit's hold (tarpit.ts). */
  private refuse(res: ServerResponse, status: number, text: string): void {
    this.tarpit.hold(
      () => reply(res, status, text),
      () => res.socket?.destroy(),
    );
  }

  private opened(ref: string, delta: 1 | -1): void {
    this.socketCount += delta;
    const openSockets = (this.sockets.get(ref) ?? 0) + delta;
    if (openSockets > 0) this.sockets.set(ref, openSockets);
    else this.sockets.delete(ref);
  }

  private async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = ROUTE.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (match?.[2] === 'answer' && !match[4]) return this.answer(req, res, match[1] as CarrierId, match[3] as string);
    if (!match || match[2] !== 'status') return this.refuse(res, 404, 'Not found.');
    const carrierId = match[1] as CarrierId;
    if (req.method !== 'POST') return this.refuse(res, 405, 'Only POST is accepted here.');
    const ref = match[3] as string;
    const reg = this.calls.get(ref);
    if (!reg || reg.call.carrier !== carrierId) {
      // Refused before its body is read: a flood to made-up refs costs the server as little as it can.
      this.refused(req, 'status', ref, 'unknown-ref');
      res.once('finish', () => req.socket.destroy());
      return this.refuse(res, 404, 'Not found.');
    }
    const body = await readBody(req);
    if (body === null) {
      this.refused(req, 'status', ref, 'too-large');
      res.once('finish', () => req.socket.destroy());
      return this.refuse(res, 413, 'The request body is too large.');
    }
    const signedUrl = `${this.publicUrl ?? ''}/${carrierId}/status/${ref}`;
    const read = CARRIERS[carrierId].readCallback({ body, headers: req.headers, signedUrl }, reg.call);
    if (read.kind === 'refused') {
      if (read.reason === 'bad-signature') {
        this.refused(req, 'status', ref, 'bad-signature');
        return this.refuse(res, 403, 'The signature does not match.');
      }
      this.refused(req, 'status', ref, 'bad-status', read.why);
      return this.refuse(res, 400, read.why);
    }
    reply(res, 204, '');
    if (read.kind === 'machine') reg.call.onMachine?.(read.verdict);
    else reg.call.onStatus(read.status);
  }

  /** An inbound call's webhook: the runner reads it (the carrier checks its signature) and says what the caller gets. */
  private async answer(req: IncomingMessage, res: ServerResponse, carrierId: CarrierId, ref: string): Promise<void> {
    if (!this.options.onAnswer) {
      this.refused(req, 'answer', ref, 'unknown-ref');
      return this.refuse(res, 404, 'Not found.');
    }
    if (req.method !== 'POST') return this.refuse(res, 405, 'Only POST is accepted here.');
    const body = await readBody(req);
    if (body === null) {
      this.refused(req, 'answer', ref, 'too-large');
      res.once('finish', () => req.socket.destroy());
      return this.refuse(res, 413, 'The request body is too large.');
    }
    const signedUrl = `${this.publicUrl ?? ''}/${carrierId}/answer/${ref}`;
    const reply = await this.options.onAnswer(carrierId, ref, { body, headers: req.headers, signedUrl });
    if (reply.kind === 'answer') {
      if (res.headersSent) return void res.end();
      res.writeHead(200, { 'content-type': reply.answer.contentType, connection: 'close' });
      return void res.end(reply.answer.body);
    }
    this.refused(req, 'answer', ref, reply.reason, reply.why);
    if (reply.reason === 'unknown-ref') return this.refuse(res, 404, 'Not found.');
    if (reply.reason === 'bad-signature') return this.refuse(res, 403, 'The signature does not match.');
    return this.refuse(res, 400, reply.why ?? 'That request could not be read.');
  }
}

function rejectNow(socket: Duplex, status: 403 | 404 | 503): void {
  const text = status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** The body as text, or null past MAX_BODY (the rest is not read). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit nothing more is kept; the reply says 413 and the connection closes.
      if (size > MAX_BODY) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}
