/** Cartesia through its SDK: GET /voices?limit=1 (free; GET / needs no auth and would prove nothing). */
import Cartesia from '@cartesia/cartesia-js';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, probe, requestSignal, type ProbeOutcome } from './http';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import { sdkFailure } from './sdk-errors';
import type { CheckBody } from './types';

const Voices = z.object({ data: z.array(z.object({ id: z.string() })) });
type Voices = z.infer<typeof Voices>;

const reason = (status: number): string =>
  status === 401
    ? 'Cartesia rejected the API key: it is wrong or was deleted.'
    : status === 403
      ? 'Cartesia refused the key: it has no access to voices.'
      : `Cartesia refused the key (HTTP ${status}).`;

/** Checks a Cartesia key by listing one voice. */
export const cartesiaCheck: CheckBody = async (ctx, id) => {
  // REST only here: the ESM build's trouble is with its WebSocket, which this check does not open.
  const client = new Cartesia({
    apiKey: ctx.fields.apiKey ?? '',
    baseURL: providerOrigin(id, ctx),
    maxRetries: 0,
    timeout: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const outcome = await probe(ctx, async (): Promise<ProbeOutcome<Voices>> => {
    try {
      const { data } = await client.voices.list({ limit: 1 }, { signal: requestSignal(ctx) }).withResponse();
      const parsed = Voices.safeParse({ data: data.data });
      return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unreadable' };
    } catch (err) {
      const f = sdkFailure(err, ctx, reason);
      if (!f) throw err;
      return f;
    }
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'API key');
  return fromLines('The Cartesia key works.', [line('API key', 'pass', 'Accepted; voices can be listed.')], {
    voicesVisible: outcome.value.data.length > 0,
  });
};
