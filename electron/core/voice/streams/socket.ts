/**
 * Opening a provider WebSocket with `ws`: the http→ws / https→wss mapping of a provider origin, and
 * one clear sentence for each way the upgrade can fail (a 401 is the key, anything else is reach).
 */
import WebSocket from 'ws';
import { AppError } from '../../../../shared/errors';

/** Maps a provider origin (http or https, optional base path) to its WebSocket origin. */
export function wsOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new AppError('INVALID_INPUT', 'A provider address must use http or https.');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Options for one socket. */
export interface OpenSocketOptions {
  /** The provider's display name, for sentences ("Deepgram", "Cartesia"). */
  readonly provider: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds allowed for the upgrade. */
  readonly timeoutMs?: number;
  /** Test-only TLS trust for a simulator's self-signed certificate. */
  readonly ca?: string;
}

/** Opens a socket and resolves once it is open; rejects with AppError PROVIDER_AUTH / PROVIDER_UNREACHABLE. */
export function openSocket(url: string, opts: OpenSocketOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // A deliberate cap (ws defaults to 100 MB): Deepgram's results and Cartesia's audio chunks are a few KB.
    const ws = new WebSocket(url, {
      headers: { ...opts.headers },
      handshakeTimeout: opts.timeoutMs ?? 10_000,
      ca: opts.ca,
      maxPayload: 4 * 1024 * 1024,
    });
    let settled = false;
    const fail = (error: AppError): void => {
      if (settled) return;
      settled = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401 || status === 403)
        fail(new AppError('PROVIDER_AUTH', `${opts.provider} rejected the API key when the call opened its stream.`));
      else if (status === 429) fail(new AppError('RATE_LIMITED', `${opts.provider} is rate-limiting new streams; try again shortly.`));
      else fail(new AppError('PROVIDER_UNREACHABLE', `${opts.provider} refused the stream (HTTP ${status}).`));
    });
    ws.once('error', () => fail(new AppError('PROVIDER_UNREACHABLE', `${opts.provider} could not be reached to open the stream.`)));
    ws.once('open', () => {
      settled = true;
      ws.removeAllListeners('unexpected-response');
      ws.removeAllListeners('error');
      resolve(ws);
    });
  });
}
