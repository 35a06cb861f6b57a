/**
 * SendGrid over plain fetch: one personalised e-mail per POST /v3/mail/send (each contact's
 * body differs). Mail Send has no idempotency key, and no way to ask whether a given request was
 * accepted short of the paid Email Activity add-on, so SendGrid is not repeatable: a request
 * whose answer was lost (timeout, 5xx, crash) is never sent again by itself; the message fails as
 * in doubt and the operator checks SendGrid's activity feed. The message id comes back in X-Message-Id;
 * custom_args carries the outbox row id so a message can be found in that feed.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { Outgoing, Sender, SendResult } from './types';

const SendgridError = z.object({ errors: z.array(z.object({ message: z.string().nullish() })).nullish() });

/** A SendGrid sender bound to one key. */
export function sendgridSender(
  key: { fields: Readonly<Record<string, string>>; endpoint: string | null },
  env: Readonly<Record<string, string | undefined>>,
): Sender {
  const origin = providerOrigin('sendgrid', { endpoint: key.endpoint ?? undefined, env });
  const from = key.fields.fromEmail ?? '';
  const auth = `Bearer ${key.fields.apiKey ?? ''}`;

  const send = async (batch: readonly Outgoing[], _idempotencyKey: string, signal: AbortSignal): Promise<SendResult> => {
    const m = batch[0];
    if (!m || batch.length !== 1) throw new Error('SendGrid sends one personalised message per request');
    const body = JSON.stringify({
      personalizations: [{ to: [{ email: m.recipient }] }],
      from: { email: from },
      subject: m.subject ?? '',
      content: [{ type: 'text/plain', value: m.body }],
      custom_args: { switchboard_message: String(m.id) },
    });
    const a = await request(
      `${origin}/v3/mail/send`,
      { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body },
      signal,
    );
    const common = commonOutcome(a, 'SendGrid');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'SendGrid could not be reached' };
    if (a.status >= 200 && a.status < 300) return { kind: 'accepted', ids: [a.headers.get('x-message-id') ?? ''] };
    if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: `HTTP ${a.status}` };
    const err = SendgridError.safeParse(json(a.text));
    const message = err.success && err.data.errors?.[0]?.message ? `: ${err.data.errors[0].message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `SendGrid refused the message (HTTP ${a.status})${message}` };
  };

  return {
    provider: 'sendgrid',
    maxBatch: 1,
    senderKey: `sendgrid:${from}`,
    defaultRate: 10,
    rateNote: 'SendGrid: 10 requests/s unless configured with --rate',
    idempotent: false,
    send,
  };
}
