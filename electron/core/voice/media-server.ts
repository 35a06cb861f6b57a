/**
 * The media server carriers connect to: one HTTP server on 127.0.0.1 (a tunnel or the operator's
 * reverse proxy makes it public) with a `ws` server attached without a port of its own. Routes:
 * `/twilio/stream/:ref` and `/exotel/stream/:ref` (WebSocket upgrades), `/twilio/status/:ref` and
 * `/exotel/status/:ref` (status callbacks). Every request is checked against a call the runner registered with
 * `expect()`; anything else is refused before a byte of audio is read (DESIGN.md, Trust).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import twilio from 'twilio';
import { WebSocketServer } from 'ws';
import { AppError } from '../../../shared/errors';
import { readExotelCallback } from './carriers/exotel-callbacks';
import { exotelCodec } from './carriers/exotel-stream';
import { readTwilioCallback } from './carriers/twilio-callbacks';
import { twilioCodec } from './carriers/twilio-stream';
import { awaitStart, sameToken, type RefusalReason, type Registration } from './media-leg';
import { checkPublicUrl, toSocketUrl } from './public-url';
import type { ExpectedCall } from './types';

/** A refused carrier request, for the runner's audit log. */
export interface Refusal {
  readonly ref: string;
  readonly reason: RefusalReason | 'bad-status' | 'too-large';
  /** One sentence on what was wrong with a callback (never its content). */
  readonly why?: string;
}

/** Options of a media server. */
export interface MediaServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly onRefused?: (refusal: Refusal) => void;
  /** How long a socket may take to send `start` after its upgrade. */
  readonly startTimeoutMs?: number;
}

/** A registered call's addresses. */
export interface Expectation {
  readonly ref: string;
  /** What the carrier is told to stream to (no query string). */
  readonly streamUrl: string;
  /** Where Twilio posts status callbacks. */
  readonly statusUrl: string;
  forget(): void;
}

const ROUTE = /\/(twilio|exotel)\/(stream|status)\/([A-Za-z0-9_-]{1,64})$/;
const MAX_BODY = 16 * 1024;
const MAX_FRAME = 256 * 1024;
const HOST = '127.0.0.1';

/** Media sockets and status callbacks of the calls the runner placed. */
export class MediaServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false });
  private readonly calls = new Map<string, Registration>();
  private publicUrl: string | null = null;

  constructor(private readonly o: MediaServerOptions = {}) {
    this.http = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
      this.request(req, res).catch(() => reply(res, 400, 'That request could not be read.'));
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Listens on 127.0.0.1 only; resolves with the port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.o.port ?? 0, HOST, () => resolve((this.http.address() as AddressInfo).port));
    });
  }

  /** Where it listens (always 127.0.0.1). */
  address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
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
      streamUrl: `${toSocketUrl(this.publicUrl)}/${call.carrier}/stream/${ref}`,
      statusUrl: `${this.publicUrl}/${call.carrier}/status/${ref}`,
      forget: () => this.calls.delete(ref),
    };
  }

  private refused(ref: string, reason: Refusal['reason'], why?: string): void {
    this.o.onRefused?.({ ref, reason, ...(why ? { why } : {}) });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const requested = new URL(req.url ?? '/', 'http://x');
    const m = ROUTE.exec(requested.pathname);
    if (!m || m[2] !== 'stream') return reject(socket, 404);
    const [, carrier, , ref] = m as unknown as [string, 'twilio' | 'exotel', string, string];
    const reg = this.calls.get(ref);
    if (!reg || reg.call.carrier !== carrier) {
      this.refused(ref, 'unknown-ref');
      return reject(socket, 404);
    }
    if (carrier === 'twilio') {
      // Twilio signs the wss URL it was given, with no parameters (Media Streams security docs);
      // the URL is rebuilt from our own registration, never from the Host header.
      const url = `${toSocketUrl(this.publicUrl ?? '')}/twilio/stream/${ref}`;
      const sig = req.headers['x-twilio-signature'];
      if (typeof sig !== 'string' || !reg.call.signingSecret || !twilio.validateRequest(reg.call.signingSecret, sig, url, {})) {
        this.refused(ref, 'bad-signature');
        return reject(socket, 403);
      }
    }
    // Exotel has no request-signing scheme: the stream is trusted only with the call's single-use
    // random token and, at `start`, the call id the dial returned. The token may come on the upgrade
    // URL's query (the StreamUrl as dialled) or in start.custom_parameters (exotel-calls.ts says why
    // both); on the URL it is checked and spent here, before the socket is even accepted.
    let tokenSpentAtUpgrade = false;
    const urlToken = carrier === 'exotel' ? requested.searchParams.getAll('token') : [];
    if (urlToken.length > 0) {
      if (urlToken.length > 1 || !sameToken(urlToken[0], reg.call.token)) {
        this.refused(ref, 'bad-token');
        return reject(socket, 403);
      }
      if (reg.tokenUsed) {
        this.refused(ref, 'replayed-token');
        return reject(socket, 403);
      }
      reg.tokenUsed = true;
      tokenSpentAtUpgrade = true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      awaitStart(ws, {
        codec: carrier === 'twilio' ? twilioCodec : exotelCodec,
        reg,
        startTimeoutMs: this.o.startTimeoutMs ?? 10_000,
        refuse: (reason) => this.refused(ref, reason),
        tokenSpentAtUpgrade,
      });
    });
  }

  private async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = ROUTE.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!m || m[2] !== 'status') return reply(res, 404, 'Not found.');
    const carrier = m[1] as 'twilio' | 'exotel';
    if (req.method !== 'POST') return reply(res, 405, 'Only POST is accepted here.');
    const ref = m[3] as string;
    const reg = this.calls.get(ref);
    const body = await readBody(req);
    if (body === null) {
      this.refused(ref, 'too-large');
      res.once('finish', () => req.socket.destroy());
      return reply(res, 413, 'The request body is too large.');
    }
    if (!reg || reg.call.carrier !== carrier) {
      this.refused(ref, 'unknown-ref');
      return reply(res, 404, 'Not found.');
    }
    if (carrier === 'exotel') {
      // Exotel signs nothing: a callback counts only at the call's unguessable ref and for the call id the dial returned.
      // It may come as a form or as JSON (exotel-callbacks.ts).
      const read = readExotelCallback(body, req.headers['content-type']);
      if (read.kind === 'refused' || reg.call.callId === null || read.status.callId !== reg.call.callId) {
        const why = read.kind === 'refused' ? read.why : 'That is not a status callback of this call.';
        this.refused(ref, 'bad-status', why);
        return reply(res, 400, why);
      }
      reply(res, 204, '');
      return reg.call.onStatus(read.status);
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    const url = `${this.publicUrl ?? ''}/twilio/status/${ref}`;
    const sig = req.headers['x-twilio-signature'];
    if (typeof sig !== 'string' || !reg.call.signingSecret || !twilio.validateRequest(reg.call.signingSecret, sig, url, params)) {
      this.refused(ref, 'bad-signature');
      return reply(res, 403, 'The signature does not match.');
    }
    // Status callbacks and async AMD verdicts share this URL; they differ in their fields (twilio-callbacks.ts).
    const read = readTwilioCallback(new URLSearchParams(body));
    const callId = read.kind === 'status' ? read.status.callId : read.kind === 'machine' ? read.verdict.callId : null;
    if (read.kind === 'refused' || (reg.call.callId !== null && callId !== reg.call.callId) || (read.kind === 'machine' && !reg.call.onMachine)) {
      const why = read.kind === 'refused' ? read.why : 'That is not a callback of this call.';
      this.refused(ref, 'bad-status', why);
      return reply(res, 400, why);
    }
    reply(res, 204, '');
    if (read.kind === 'machine') reg.call.onMachine?.(read.verdict);
    else reg.call.onStatus(read.status);
  }
}

function reject(socket: Duplex, status: 403 | 404): void {
  const text = status === 403 ? 'Forbidden' : 'Not Found';
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
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Past the limit nothing more is kept; the reply says 413 and the connection closes.
      if (size > MAX_BODY) resolve(null);
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}
