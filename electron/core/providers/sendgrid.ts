/** SendGrid: GET /v3/scopes; a key is only useful here if it may send mail. */
import { z } from 'zod';
import { jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Scopes = z.object({ scopes: z.array(z.string()) });

/** Checks a SendGrid key and its mail.send scope. */
export const sendgridCheck: CheckBody = async (ctx, id) => {
  const origin = providerOrigin(id, ctx);
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/v3/scopes`,
    headers: { Authorization: `Bearer ${ctx.fields.apiKey ?? ''}` },
    schema: Scopes,
    rejected: (status) =>
      status === 401
        ? 'SendGrid rejected the API key: it is wrong or was deleted.'
        : `SendGrid refused the key (HTTP ${status}): the account may be suspended.`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'API key');
  const scopes = outcome.value.data.scopes;
  const canSend = scopes.includes('mail.send');
  const lines = [
    line('API key', 'pass', `Accepted, with ${scopes.length} scopes.`),
    canSend
      ? line('Mail Send', 'pass', 'The key may send mail.')
      : line('Mail Send', 'warn', 'The key lacks the mail.send scope: give it Mail Send access in SendGrid.'),
  ];
  const fromEmail = ctx.fields.fromEmail;
  if (fromEmail)
    lines.push(
      line('From address', 'skip', 'Sender verification is not checked; make sure the address or its domain is verified in SendGrid.'),
    );
  return fromLines(canSend ? 'The SendGrid key works and may send mail.' : 'The SendGrid key works but may not send mail.', lines, {
    scopes: scopes.length,
    mailSend: canSend,
  });
};
