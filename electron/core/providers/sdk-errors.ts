/** Classifies what the Stainless-generated SDKs (Anthropic, Cartesia) throw, by shape rather than by class. */
import { z } from 'zod';
import { networkReason, statusOutcome, type ProbeFailure } from './http';
import type { CheckContext } from './types';

const ApiError = z.object({ status: z.number(), headers: z.instanceof(Headers).optional() });

/**
 * Maps a thrown SDK error to a probe failure. `reason` words a 4xx; the SDK's own message is never
 * used because it quotes the provider's body. Returns undefined for errors that are not the SDK's.
 */
export function sdkFailure(err: unknown, ctx: CheckContext, reason: (status: number) => string): ProbeFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const api = ApiError.safeParse(err);
  if (api.success) {
    const headers = api.data.headers;
    return statusOutcome(api.data.status, (n) => headers?.get(n) ?? null, reason(api.data.status));
  }
  // Cartesia's classes keep name 'Error'; the constructor still says what they are.
  const kind = err.name !== 'Error' ? err.name : err.constructor.name;
  if (kind === 'APIUserAbortError') return { kind: 'network', reason: ctx.signal?.aborted ? 'aborted' : 'timeout' };
  if (kind === 'APIConnectionTimeoutError') return { kind: 'network', reason: 'timeout' };
  if (kind === 'APIConnectionError') return { kind: 'network', reason: networkReason(err.cause, ctx) };
  // A 2xx whose body is not the JSON it claims to be.
  if (err instanceof SyntaxError) return { kind: 'unreadable' };
  return undefined;
}

/** Reads a numeric header, or undefined. */
export function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
