/**
 * SendGrid over plain fetch: one personalised e-mail per POST /v3/mail/send (each contact's
 * body differs). Its Mail Send API documents no idempotency key (unconfirmed either way); the
 * request carries a stable Idempotency-Key header and custom_args id anyway, so a proxy or a
 * future API can deduplicate, and the message id comes back in X-Message-Id.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { Outgoing, Sender, SendResult } from './types';

const SendgridError = z.object({ errors: z.array(z.object({ message: z.string().nullish() })).nullish() });

/** A SendGrid sender bound to one key. */
export function sendgridSender(key: { fields: Readonly<Record<string, string>>; endpoint: string | null }, env: Readonly<Record<string, string | undefined>>): Sender {
  const origin = providerOrigin('sendgrid', { endpoint: key.endpoint ?? undefined, env });
  const from = key.fields.fromEmail ?? '';
  const auth = `Bearer ${key.fields.apiKey ?? ''}`;

  const send = async (batch: readonly Outgoing[], idempotencyKey: string, signal: AbortSignal): Promise<SendResult> => {
    const m = batch[0];
    if (!m || batch.length !== 1) throw new Error('SendGrid sends one personalised message per request');
    const body = JSON.stringify({
      personalizations: [{ to: [{ email: m.recipient }] }],
      from: { email: from },
      subject: m.subject ?? '',
      content: [{ type: 'text/plain', value: m.body }],
      custom_args: { switchboard_id: idempotencyKey },
    });
    const a = await request(`${origin}/v3/mail/send`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body }, signal);
    const common = commonOutcome(a, 'SendGrid');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'SendGrid could not be reached' };
    if (a.status >= 200 && a.status < 300) return { kind: 'accepted', ids: [a.headers.get('x-message-id') ?? idempotencyKey] };
    if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: `HTTP ${a.status}` };
    const err = SendgridError.safeParse(json(a.text));
    const message = err.success && err.data.errors?.[0]?.message ? `: ${err.data.errors[0].message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `SendGrid refused the message (HTTP ${a.status})${message}` };
  };

  return { provider: 'sendgrid', maxBatch: 1, senderKey: `sendgrid:${from}`, defaultRate: 10, rateNote: 'SendGrid: 10 requests/s unless configured with --rate', idempotent: true, send };
}
