/** One HTTP request of a sender: fetch with a timeout, and the status classes every sender shares. */
import { networkReason, retryAfterMs } from '../../providers/http';
import type { SendResult } from './types';

/** Per-request time limit for sends. */
export const SEND_TIMEOUT_MS = 15_000;

/** An HTTP answer with its body as text, or the reason there was none. */
export type Answer = { readonly status: number; readonly headers: Headers; readonly text: string } | { readonly network: string };

/** Makes one request bound to the run's signal and the send timeout; never follows redirects (they would carry the key). */
export async function request(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  signal: AbortSignal,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<Answer> {
  const combined = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const res = await fetch(url, { ...init, signal: combined, redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (err) {
    return { network: networkReason(err, { signal }) };
  }
}

/** Parses JSON or gives undefined. */
export function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The Retry-After of an answer in ms. */
export function retryAfter(headers: Headers): number | undefined {
  return retryAfterMs((n) => headers.get(n));
}

/** The classes every provider shares: 429, 5xx and no answer at all. Undefined for the rest. */
export function commonOutcome(a: Answer, provider: string): SendResult | undefined {
  // No host or a refused connection means no byte of the request left: safe to send again, even without an idempotency key.
  if ('network' in a && (a.network === 'dns' || a.network === 'refused'))
    return { kind: 'unsent', reason: `${provider} could not be reached (${a.network})` };
  if ('network' in a) return { kind: 'transient', reason: `${provider} could not be reached (${a.network})` };
  if (a.status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfter(a.headers) };
  if (a.status >= 500) return { kind: 'transient', reason: `${provider} answered HTTP ${a.status}`, retryAfterMs: retryAfter(a.headers) };
  return undefined;
}
