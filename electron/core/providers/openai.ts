/** OpenAI: GET /v1/models with the key; a restricted key without model access is still a real key. */
import { z } from 'zod';
import { jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Models = z.object({ data: z.array(z.object({ id: z.string() })), restricted: z.literal(true).optional() });
const ErrorBody = z.object({ error: z.object({ code: z.string().nullish(), message: z.string().nullish() }) });

/** Checks an OpenAI key by listing models. */
export const openaiCheck: CheckBody = async (ctx, id) => {
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/v1/models`,
    headers: { Authorization: `Bearer ${ctx.fields.apiKey ?? ''}` },
    schema: Models,
    // OpenAI's 401 message echoes a masked key: read the code, never copy the message.
    intercept: (status, body) => {
      const err = ErrorBody.safeParse(body);
      const scoped =
        err.success &&
        (err.data.error.code === 'missing_scope' || /insufficient permissions|missing scopes/i.test(err.data.error.message ?? ''));
      return status === 401 && scoped
        ? { kind: 'ok', value: { data: { data: [], restricted: true as const }, status, headers: new Headers() } }
        : undefined;
    },
    rejected: (status) =>
      status === 401
        ? 'OpenAI rejected the API key: it is wrong, revoked, or its project was deleted.'
        : `OpenAI refused the key (HTTP ${status}): the project or organisation may be blocked.`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'API key');
  if (outcome.value.data.restricted) {
    return fromLines(
      'The OpenAI key works but is restricted: it cannot list models.',
      [line('API key', 'warn', 'Restricted key without model read access; calls that need other scopes may fail.')],
      { restricted: true },
    );
  }
  const count = outcome.value.data.data.length;
  return fromLines(`The OpenAI key works and can use ${count} models.`, [line('API key', 'pass', `Accepted; ${count} models available.`)], {
    models: count,
    restricted: false,
  });
};
