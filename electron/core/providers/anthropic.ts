/**
 * Anthropic through its SDK: list one model (free), then read the anthropic-ratelimit-* headers to
 * estimate how many voice calls can run at once. If the models answer carries no rate-limit headers,
 * one Messages call with max_tokens 1 (a fraction of a cent) reads them.
 */
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_TIMEOUT_MS, probe, requestSignal, type ProbeOutcome } from './http';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import { numberHeader, sdkFailure } from './sdk-errors';
import type { CheckBody, CheckContext, CheckLine } from './types';

/**
 * What one live voice call consumes per minute, roughly: a turn every ~6 s, ~600 new input tokens
 * per turn once the system prompt is cached, ~150 output tokens. Divide the limits by these.
 */
const PER_CALL = { requests: 10, inputTokens: 6_000, outputTokens: 1_500 } as const;

/** Rate limits as the headers state them. */
export interface AnthropicLimits {
  readonly requests?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** Reads the limit headers; undefined when none are present. */
export function readLimits(headers: Headers): AnthropicLimits | undefined {
  const limits = {
    requests: numberHeader(headers, 'anthropic-ratelimit-requests-limit'),
    inputTokens:
      numberHeader(headers, 'anthropic-ratelimit-input-tokens-limit') ?? numberHeader(headers, 'anthropic-ratelimit-tokens-limit'),
    outputTokens: numberHeader(headers, 'anthropic-ratelimit-output-tokens-limit'),
  };
  return Object.values(limits).some((v) => v !== undefined) ? limits : undefined;
}

/** Usage tier implied by the requests-per-minute limit (published tiers: 50, 1 000, 2 000, 4 000 RPM). */
export function tierOf(limits: AnthropicLimits): string {
  const rpm = limits.requests;
  if (rpm === undefined) return 'unknown';
  if (rpm <= 50) return '1';
  if (rpm <= 1_000) return '2';
  if (rpm <= 2_000) return '3';
  if (rpm <= 4_000) return '4';
  return 'custom';
}

/** Concurrent voice calls the limits allow: the tightest of the three budgets, at least 1. */
export function concurrencyOf(limits: AnthropicLimits): number {
  const caps = [
    limits.requests !== undefined ? limits.requests / PER_CALL.requests : Infinity,
    limits.inputTokens !== undefined ? limits.inputTokens / PER_CALL.inputTokens : Infinity,
    limits.outputTokens !== undefined ? limits.outputTokens / PER_CALL.outputTokens : Infinity,
  ];
  return Math.max(1, Math.floor(Math.min(...caps)));
}

const reason = (status: number): string =>
  status === 401
    ? 'Anthropic rejected the API key: it is wrong, disabled or deleted.'
    : status === 403
      ? 'Anthropic refused the key: it has no permission for the API (an admin or workspace-restricted key?).'
      : `Anthropic refused the key (HTTP ${status}).`;

/** Runs one SDK call returning headers, as a probe. */
function sdkProbe<T>(ctx: CheckContext, call: (signal: AbortSignal) => Promise<T>): Promise<ProbeOutcome<T>> {
  return probe(ctx, async () => {
    try {
      return { kind: 'ok', value: await call(requestSignal(ctx)) };
    } catch (err) {
      const f = sdkFailure(err, ctx, reason);
      if (!f) throw err;
      return f;
    }
  });
}

/** Checks an Anthropic key and estimates its concurrency ceiling. */
export const anthropicCheck: CheckBody = async (ctx, id) => {
  const timeout = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // apiKey and baseURL explicit: otherwise the SDK walks an env/profile chain. Retries off: probe() retries once.
  const client = new Anthropic({ apiKey: ctx.fields.apiKey ?? '', baseURL: providerOrigin(id, ctx), maxRetries: 0, timeout });
  const models = await sdkProbe(ctx, async (signal) => {
    const { data, response } = await client.models.list({ limit: 1 }, { signal }).withResponse();
    return { model: data.data[0]?.id, headers: response.headers };
  });
  if (models.kind !== 'ok') return failure(id, models, 'API key');
  let limits = readLimits(models.value.headers);
  const model = models.value.model;
  if (!limits && model) {
    const probeCall = await sdkProbe(ctx, async (signal) => {
      const { response } = await client.messages
        .create({ model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, { signal })
        .withResponse();
      return response.headers;
    });
    if (probeCall.kind === 'ok') limits = readLimits(probeCall.value);
  }
  const lines: CheckLine[] = [line('API key', 'pass', 'Accepted.')];
  if (!limits) {
    lines.push(line('Rate limits', 'skip', 'Anthropic did not report rate limits; start with 1 concurrent call.'));
    return fromLines('The Anthropic key works; its rate limits are unknown.', lines, { tier: 'unknown', concurrency: 1 });
  }
  const tier = tierOf(limits);
  const concurrency = concurrencyOf(limits);
  lines.push(
    line(
      'Rate limits',
      'pass',
      `${limits.requests ?? '?'} requests, ${limits.inputTokens ?? '?'} input and ${limits.outputTokens ?? '?'} output tokens per minute (tier ${tier}).`,
    ),
  );
  lines.push(line('Concurrency', 'pass', `About ${concurrency} concurrent voice call${concurrency === 1 ? '' : 's'}.`));
  return fromLines(`The Anthropic key works: tier ${tier}, about ${concurrency} concurrent calls.`, lines, {
    tier,
    concurrency,
    requestsPerMinute: limits.requests ?? null,
    inputTokensPerMinute: limits.inputTokens ?? null,
    outputTokensPerMinute: limits.outputTokens ?? null,
  });
};
