/**
 * The simulator core: a real HTTP server on 127.0.0.1 (random port) that serves a provider's route table,
 * records requests without their secrets, and injects faults (401, 403, 429, 5xx, latency, hang, bad bodies).
 */
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** A request as a route sees it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a route answers. */
export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON unless `body` is given. */
  readonly json?: unknown;
  readonly body?: string;
  /** Writes the body itself after the head (server-sent events, drops mid-body); wins over json/body. */
  readonly stream?: (res: ServerResponse) => Promise<void>;
}

/** One entry of a route table; `:name` segments become params (e.g. `/2010-04-01/Accounts/:sid.json`). */
export interface Route<S> {
  readonly method: string;
  readonly path: string;
  /** Default true: the sim's authorize() must accept the request first. */
  readonly auth?: boolean;
  readonly handle: (req: SimRequest, state: S) => SimResponse | Promise<SimResponse>;
}

/** A fault the next requests meet before any route runs. */
export type Fault =
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'html' };

/** How a request was authenticated: the scheme only, never the credential. */
export type AuthScheme = 'basic' | 'bearer' | 'token' | 'aws4' | 'api-key' | 'other' | null;

/** A recorded request. Secrets are never stored: only the auth scheme and whether it was accepted. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The raw query string (without `?`): `query` keeps one value per name, this keeps repeats and order. */
  readonly search: string;
  readonly auth: AuthScheme;
  readonly authorized: boolean | null;
  /** Headers other than credentials (authorization, x-api-key, cookie are dropped). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  readonly at: number;
}

/** A provider's behaviour plugged into the core. */
export interface SimSpec<S> {
  readonly id: string;
  readonly routes: Route<S>[];
  readonly authorize: (req: SimRequest, state: S) => boolean;
  /** The provider's own error body for a status (401, 403, 404, 429, 500…). */
  readonly error: (status: number, req: SimRequest) => SimResponse;
}

/** A running simulator. */
export interface Sim<S> {
  readonly id: string;
  readonly url: string;
  readonly state: S;
  readonly requests: readonly RecordedRequest[];
  /** Serves another route (added before the table's own, so it can also override one). */
  addRoute(route: Route<S>): void;
  /** Sets a fault for the next `times` requests (default: until cleared with null). */
  setFault(fault: Fault | null, opts?: { times?: number; method?: string }): void;
  /** Adds latency to every answer, faults included. */
  setLatency(ms: number): void;
  /** Forgets recorded requests. */
  clearRequests(): void;
  /** Serves WebSocket upgrades on the same origin (a provider's live socket beside its REST API). */
  onUpgrade(handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void;
  close(): Promise<void>;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

/** The auth scheme of a request. */
export function authScheme(headers: IncomingMessage['headers']): AuthScheme {
  if (headers['x-api-key']) return 'api-key';
  const h = headers.authorization;
  if (!h) return null;
  const scheme = h.split(' ')[0]?.toLowerCase();
  if (scheme === 'basic' || scheme === 'bearer' || scheme === 'token') return scheme;
  return scheme === 'aws4-hmac-sha256' ? 'aws4' : 'other';
}

/** A short fingerprint of a credential, so a test can tell which key signed a request without keeping the key. */
export function tokenTag(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

/** Decodes Basic credentials. */
export function basicCredentials(req: SimRequest): { user: string; password: string } | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** The token of a `Bearer` (or given scheme) header. */
export function tokenOf(req: SimRequest, scheme = 'Bearer'): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith(`${scheme} `) ? h.slice(scheme.length + 1) : undefined;
}

function compile(path: string): RegExp {
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '(?<$1>[^/]+?)');
  return new RegExp(`^${source}$`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function faultResponse<S>(fault: Fault, spec: SimSpec<S>, req: SimRequest): SimResponse | 'hang' {
  switch (fault.kind) {
    case 'unauthorized':
      return spec.error(401, req);
    case 'forbidden':
      return spec.error(403, req);
    case 'rate-limited': {
      const base = spec.error(429, req);
      return { ...base, headers: { ...base.headers, 'Retry-After': String(fault.retryAfterSeconds ?? 1) } };
    }
    case 'server-error':
      return spec.error(fault.status ?? 500, req);
    case 'hang':
      return 'hang';
    case 'malformed':
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"data": [{"id": "trunc' };
    case 'html':
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>',
      };
  }
}

/** Starts a simulator for a spec; `tls: true` serves HTTPS with a fresh self-signed certificate. */
export async function startServer<S>(spec: SimSpec<S>, state: S, opts: { tls?: boolean } = {}): Promise<Sim<S> & { readonly ca?: string }> {
  const extra: Route<S>[] = [];
  const requests: RecordedRequest[] = [];
  let fault: { fault: Fault; remaining: number; method: string | null } | null = null;
  let latency = 0;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const body = await readBody(req);
    const base: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      params: {},
      headers: req.headers,
      body,
    };
    let answer: SimResponse | 'hang';
    let authorized: boolean | null = null;
    if (fault && fault.remaining !== 0 && (fault.method === null || fault.method === base.method)) {
      fault.remaining -= 1;
      answer = faultResponse(fault.fault, spec, base);
    } else {
      const table = [...extra, ...spec.routes];
      let matched: { route: Route<S>; params: Record<string, string> } | undefined;
      for (const route of table) {
        const m = route.method === base.method ? compile(route.path).exec(base.path) : null;
        if (m) {
          matched = { route, params: { ...m.groups } };
          break;
        }
      }
      if (!matched) answer = spec.error(404, base);
      else {
        const r = { ...base, params: matched.params };
        authorized = matched.route.auth === false ? null : spec.authorize(r, state);
        answer = authorized === false ? spec.error(401, r) : await matched.route.handle(r, state);
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!SECRET_HEADERS.has(k) && typeof v === 'string') headers[k] = v;
    requests.push({
      method: base.method,
      path: base.path,
      query: Object.fromEntries(url.searchParams),
      search: url.search.slice(1),
      auth: authScheme(req.headers),
      authorized,
      headers,
      body,
      status: answer === 'hang' ? 0 : answer.status,
      at: Date.now(),
    });
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (answer === 'hang') return;
    if (answer.stream) {
      res.writeHead(answer.status, answer.headers);
      await answer.stream(res);
      return;
    }
    const text = answer.body ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    const contentType = answer.body === undefined && answer.json !== undefined ? { 'Content-Type': 'application/json' } : {};
    res.writeHead(answer.status, { ...contentType, ...answer.headers });
    res.end(base.method === 'HEAD' ? undefined : text);
  };

  let server: Server;
  let ca: string | undefined;
  if (opts.tls) {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    ca = pems.cert;
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => void handler(req, res));
  } else {
    server = createHttpServer((req, res) => void handler(req, res));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    id: spec.id,
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    state,
    ca,
    requests,
    addRoute: (route) => void extra.unshift(route),
    setFault: (f, o) => {
      fault = f ? { fault: f, remaining: o?.times ?? -1, method: o?.method ?? null } : null;
    },
    setLatency: (ms) => {
      latency = ms;
    },
    clearRequests: () => void requests.splice(0),
    onUpgrade: (handler) => void server.on('upgrade', handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A running simulator that also knows the fields of a credential it accepts. */
export type ProviderSim<S> = Sim<S> & {
  /** Fields of a credential this simulator accepts, for a CheckContext. */
  readonly fields: Readonly<Record<string, string>>;
  /** The values among `fields` that are secret, to assert they appear nowhere. */
  readonly secrets: readonly string[];
  readonly ca?: string;
};

/** Starts a spec and attaches its accepted credential. */
export async function startProvider<S>(
  spec: SimSpec<S>,
  state: S,
  fields: (state: S) => Record<string, string>,
  secretNames: readonly string[],
  opts: { tls?: boolean } = {},
): Promise<ProviderSim<S>> {
  const sim = await startServer(spec, state, opts);
  return Object.defineProperties(sim, {
    fields: { get: () => fields(state), enumerable: true },
    secrets: { get: () => secretNames.map((n) => fields(state)[n]).filter((v): v is string => Boolean(v)), enumerable: true },
  }) as ProviderSim<S>;
}
