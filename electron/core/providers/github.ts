/** GitHub: GET /user; classic tokens list their scopes in X-OAuth-Scopes, fine-grained ones have none. */
import { z } from 'zod';
import { retryAfterMs } from './http';
import { jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const User = z.object({ login: z.string(), type: z.string().optional() });

/**
 * GitHub signals its primary rate limit with 403 (or 429) and x-ratelimit-remaining: 0, and a
 * secondary limit with 403 (or 429) and a retry-after header ("Rate limits for the REST API",
 * docs.github.com). A 403 with neither is a refusal.
 */
function rateLimited(status: number, headers: Headers): boolean {
  return status === 429 || (status === 403 && (headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after')));
}

/** How long GitHub asked to wait: Retry-After, else until x-ratelimit-reset. */
function rateLimitWait(headers: Headers): number | undefined {
  const fromRetry = retryAfterMs((n) => headers.get(n));
  if (fromRetry !== undefined) return fromRetry;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}

/** Checks a GitHub token: who it is and what it may do. */
export const githubCheck: CheckBody = async (ctx, id) => {
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/user`,
    headers: {
      Authorization: `Bearer ${ctx.fields.token ?? ''}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'Switchboard',
    },
    schema: User,
    intercept: (status, _body, headers) =>
      rateLimited(status, headers) ? { kind: 'rate-limited', retryAfterMs: rateLimitWait(headers) } : undefined,
    rejected: (status) =>
      status === 401
        ? 'GitHub rejected the token (bad credentials): it is wrong, expired or revoked.'
        : `GitHub refused the token (HTTP ${status}).`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Token');
  const { login } = outcome.value.data;
  const header = outcome.value.headers.get('x-oauth-scopes');
  const scopes =
    header === null
      ? null
      : header
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const lines = [
    line('Token', 'pass', `Signed in as ${login}.`),
    scopes === null
      ? line('Scopes', 'skip', 'Fine-grained token: its permissions are set per repository and not reported.')
      : line(
          'Scopes',
          scopes.length > 0 ? 'pass' : 'warn',
          scopes.length > 0 ? scopes.join(', ') : 'The token has no scopes: it can read public data only.',
        ),
  ];
  return fromLines(`The GitHub token works for ${login}.`, lines, { login, scopes: scopes === null ? null : scopes.join(',') });
};
