/** Mixpanel: a project token is public and has no check endpoint; a service account can sign in to /api/app/me. */
import { z } from 'zod';
import { basicAuth, jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Me = z.object({
  status: z.string().optional(),
  results: z.object({ user_email: z.string().nullish(), user_name: z.string().nullish() }).passthrough(),
});

/** Checks a Mixpanel credential: the token's format, and the service account when one is given. */
export const mixpanelCheck: CheckBody = async (ctx, id) => {
  const token = line('Project token', 'pass', 'Format is right (a project token cannot be verified on its own: it is public).');
  const user = ctx.fields.serviceAccountUser;
  const secret = ctx.fields.serviceAccountSecret;
  if (!user || !secret) {
    return fromLines(
      'The project token looks right (format check only: add a service account to verify access).',
      [token, line('Service account', 'skip', 'Not given, so nothing was sent to Mixpanel.')],
      { formatOnly: true },
    );
  }
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/api/app/me`,
    headers: { Authorization: basicAuth(user, secret), Accept: 'application/json' },
    schema: Me,
    rejected: (status) =>
      status === 401
        ? 'Mixpanel rejected the service account user name or secret.'
        : `Mixpanel refused the service account (HTTP ${status}).`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Service account');
  return fromLines(
    'The Mixpanel service account works and the project token looks right.',
    [token, line('Service account', 'pass', 'Signed in to the Mixpanel API.')],
    { formatOnly: false },
  );
};
