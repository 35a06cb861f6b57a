/** One JSON request as a probe: status classification plus zod parsing of the provider's answer. */
import type { z } from 'zod';
import { httpRequest, parseJson, probe, statusOutcome, type ProbeOutcome } from './http';
import type { CheckContext } from './types';

/** A successful JSON answer, parsed. */
export interface JsonAnswer<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Headers;
}

/** How to make and read one probe request. */
export interface JsonProbeSpec<S extends z.ZodType> {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly schema: S;
  /** The sentence for a 4xx rejection; it must not copy the provider's message (it may echo the key). */
  readonly rejected: (status: number, body: unknown, headers: Headers) => string;
  /** Lets a provider reclassify an answer before the defaults (e.g. GitHub's 403 rate limit, Sentry's 200). */
  readonly intercept?: (status: number, body: unknown, headers: Headers) => ProbeOutcome<JsonAnswer<z.infer<S>>> | undefined;
}

/** Sends the request (retrying once on a short 429) and parses a 2xx body with the schema. */
export function jsonProbe<S extends z.ZodType>(ctx: CheckContext, spec: JsonProbeSpec<S>): Promise<ProbeOutcome<JsonAnswer<z.infer<S>>>> {
  return probe(ctx, async () => {
    const answer = await httpRequest(spec.url, { method: spec.method, headers: spec.headers, body: spec.body }, ctx);
    if ('network' in answer) return { kind: 'network', reason: answer.network };
    const body = parseJson(answer.text);
    const special = spec.intercept?.(answer.status, body, answer.headers);
    if (special) return special;
    if (answer.status >= 200 && answer.status < 300) {
      const parsed = spec.schema.safeParse(body);
      return parsed.success
        ? { kind: 'ok', value: { data: parsed.data, status: answer.status, headers: answer.headers } }
        : { kind: 'unreadable' };
    }
    return statusOutcome(answer.status, (n) => answer.headers.get(n), spec.rejected(answer.status, body, answer.headers));
  });
}

/** Basic authorization header value. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
