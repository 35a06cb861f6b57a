/** Sentry: GET /api/0/ answers 200 even for a bad token, with auth: null, so only a non-null auth counts. */
import { z } from 'zod';
import { jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Root = z.object({
  auth: z.object({ scopes: z.array(z.string()).optional() }).nullable(),
  user: z.object({ username: z.string().optional(), email: z.string().optional() }).nullish(),
});

/** Checks a Sentry auth token. */
export const sentryCheck: CheckBody = async (ctx, id) => {
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/api/0/`,
    headers: { Authorization: `Bearer ${ctx.fields.authToken ?? ''}` },
    schema: Root,
    rejected: (status) =>
      status === 401 ? 'Sentry rejected the auth token: it is wrong or was revoked.' : `Sentry refused the token (HTTP ${status}).`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Auth token');
  const { auth, user } = outcome.value.data;
  if (auth === null) {
    const s = 'Sentry did not recognise the auth token: it is wrong, expired or was revoked.';
    return { status: 'invalid', summary: s, lines: [line('Auth token', 'fail', s)], details: { authenticated: false } };
  }
  const scopes = auth.scopes ?? [];
  const who = user?.username ? ` for ${user.username}` : '';
  return fromLines(
    `The Sentry token works${who}.`,
    [
      line('Auth token', 'pass', `Accepted${who}.`),
      line('Scopes', scopes.length > 0 ? 'pass' : 'warn', scopes.length > 0 ? scopes.join(', ') : 'The token has no scopes.'),
    ],
    {
      authenticated: true,
      scopes: scopes.join(','),
    },
  );
};
