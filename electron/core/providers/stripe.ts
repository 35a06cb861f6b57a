/** Stripe: GET /v1/balance; livemode must match the environment the key was stored for. */
import { z } from 'zod';
import { jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Balance = z.object({ object: z.literal('balance').optional(), livemode: z.boolean(), restricted: z.literal(true).optional() });

/** Checks a Stripe key and whether it is live or test. */
export const stripeCheck: CheckBody = async (ctx, id) => {
  const key = ctx.fields.secretKey ?? '';
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/v1/balance`,
    headers: { Authorization: `Bearer ${key}` },
    schema: Balance,
    // A restricted key without Balance read answers 403, yet it is a working key.
    intercept: (status) =>
      status === 403 && key.startsWith('rk_')
        ? { kind: 'ok', value: { data: { livemode: key.includes('_live_'), restricted: true as const }, status, headers: new Headers() } }
        : undefined,
    // Stripe's message echoes a masked key: never copy it.
    rejected: (status) =>
      status === 401 ? 'Stripe rejected the key: it is wrong, expired or was rolled.' : `Stripe refused the key (HTTP ${status}).`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Secret key');
  const { livemode, restricted } = outcome.value.data;
  const mode = livemode ? 'live' : 'test';
  const expected = ctx.environment === 'production' ? 'live' : 'test';
  const lines = [
    restricted
      ? line('Secret key', 'warn', 'Restricted key without Balance read access; its mode is taken from its prefix.')
      : line('Secret key', 'pass', 'Accepted.'),
    mode === expected
      ? line('Mode', 'pass', `A ${mode}-mode key, as expected for ${ctx.environment}.`)
      : line(
          'Mode',
          'warn',
          `A ${mode}-mode key stored as ${ctx.environment}: ${mode === 'live' ? 'real money would move in tests' : 'no real payments would happen'}.`,
        ),
  ];
  const summary =
    mode === expected
      ? `The Stripe key works in ${mode} mode.`
      : `The Stripe key works, but it is a ${mode}-mode key stored for ${ctx.environment}.`;
  return fromLines(summary, lines, { livemode, restricted: restricted === true });
};
