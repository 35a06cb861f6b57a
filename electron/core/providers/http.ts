/** Shared HTTP for the checks: requests bound to the check's deadline and abort, failure classification, one polite retry. */
import type { CheckContext, Deadline } from './types';

/** Default time limit of a whole check (every request and wait in it). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest Retry-After a check waits before retrying once; longer waits become `unreachable` + retryAfterMs. */
export const RETRY_CAP_MS = 5_000;
/** Wait used when a 429 carries no Retry-After. */
export const DEFAULT_RETRY_MS = 1_000;

/** Why a request produced no HTTP answer. */
export type NetworkReason = 'timeout' | 'aborted' | 'dns' | 'refused' | 'reset' | 'tls' | 'other';

/** What one probe attempt came to, independent of the SDK or fetch that made it. */
export type ProbeOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'network'; readonly reason: NetworkReason }
  | { readonly kind: 'unreadable' };

/** A probe outcome other than success. */
export type ProbeFailure = Exclude<ProbeOutcome<never>, { kind: 'ok' }>;

/** A raw HTTP answer, body read as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Starts a check's deadline: every request and wait of the check shares it. */
export function startDeadline(ms: number): Deadline {
  return { signal: AbortSignal.timeout(ms), at: performance.now() + ms };
}

/** Milliseconds left before the check's deadline; Infinity for a request made outside a check. */
export function remainingMs(ctx: Pick<CheckContext, 'deadline'>): number {
  return ctx.deadline ? Math.max(0, ctx.deadline.at - performance.now()) : Infinity;
}

/**
 * The signal a request should obey: the caller's abort plus the check's deadline (a request made
 * outside a check, with no deadline, gets a timeout of its own).
 */
export function requestSignal(ctx: CheckContext): AbortSignal {
  const limit = ctx.deadline?.signal ?? AbortSignal.timeout(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return ctx.signal ? AbortSignal.any([ctx.signal, limit]) : limit;
}

const CODES: Readonly<Record<string, NetworkReason>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  ECONNABORTED: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

/** Walks an error and its causes to say why no answer came; the caller's abort wins over everything. */
export function networkReason(err: unknown, ctx: Pick<CheckContext, 'signal'>): NetworkReason {
  if (ctx.signal?.aborted) return 'aborted';
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth += 1) {
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
    if (name === 'TimeoutError' || name === 'APIConnectionTimeoutError' || name === 'DeepgramTimeoutError') return 'timeout';
    if (typeof code === 'string') {
      if (CODES[code]) return CODES[code];
      if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO')) return 'tls';
    }
    if (typeof message === 'string' && /timed? ?out|timeout/i.test(message)) return 'timeout';
    e = (e as { cause?: unknown }).cause;
  }
  if (err && typeof err === 'object' && (err as { name?: unknown }).name === 'AbortError') return 'timeout';
  return 'other';
}

/** Reads Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds. */
export function retryAfterMs(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const raw = get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Makes one HTTP request bound to the check's deadline and abort signal. */
export async function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  ctx: CheckContext,
): Promise<HttpAnswer | { readonly network: NetworkReason }> {
  const signal = requestSignal(ctx);
  try {
    // redirect: 'manual' keeps an Authorization header from following a redirect to another host.
    const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal, redirect: 'manual' });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    return { network: networkReason(err, ctx) };
  }
}

/** Maps an HTTP status that is not a success to an outcome; 401/403 and other 4xx mean the provider said no. */
export function statusOutcome(status: number, headers: (name: string) => string | null | undefined, reason: string): ProbeFailure {
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(headers) };
  if (status >= 500) return { kind: 'server-error', status };
  return { kind: 'rejected', status, reason };
}

/** Parses a body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Waits, unless the caller aborts first (then resolves false). */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs a probe; when the provider answers 429 with a short enough Retry-After, waits that long
 * and tries exactly once more. SDK retries are off everywhere so this is the only retry. A wait
 * that would not leave the retry as long as the first attempt took before the check's deadline
 * is not waited: the probe ends rate-limited, with the wait for the caller to honour.
 */
export async function probe<T>(ctx: CheckContext, attempt: () => Promise<ProbeOutcome<T>>): Promise<ProbeOutcome<T>> {
  const started = performance.now();
  const first = await attempt();
  if (first.kind !== 'rate-limited') return first;
  const wait = first.retryAfterMs ?? DEFAULT_RETRY_MS;
  if (wait > RETRY_CAP_MS || wait + (performance.now() - started) >= remainingMs(ctx)) return first;
  if (!(await pause(wait, ctx.signal))) return { kind: 'network', reason: 'aborted' };
  return attempt();
}
