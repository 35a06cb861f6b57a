/**
 * Resend over plain fetch: up to 100 e-mails per POST /emails/batch, each request carrying an
 * Idempotency-Key that is stable for that batch (Resend keeps keys 24 hours), so repeating a
 * request after a crash or a 5xx cannot send twice. Default limit: 2 requests a second.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { Outgoing, Sender, SendResult } from './types';

const Batch = z.object({ data: z.array(z.object({ id: z.string().min(1) })) });
const ResendError = z.object({ name: z.string().nullish(), message: z.string().nullish() });

/** Resend's batch endpoint takes at most 100 e-mails. */
export const RESEND_BATCH = 100;

/** A Resend sender bound to one key. */
export function resendSender(key: { fields: Readonly<Record<string, string>>; endpoint: string | null }, env: Readonly<Record<string, string | undefined>>): Sender {
  const origin = providerOrigin('resend', { endpoint: key.endpoint ?? undefined, env });
  const from = key.fields.fromEmail ?? '';
  const auth = `Bearer ${key.fields.apiKey ?? ''}`;

  const send = async (batch: readonly Outgoing[], idempotencyKey: string, signal: AbortSignal): Promise<SendResult> => {
    const body = JSON.stringify(batch.map((m) => ({ from, to: [m.recipient], subject: m.subject ?? '', text: m.body })));
    const a = await request(`${origin}/emails/batch`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body }, signal);
    const common = commonOutcome(a, 'Resend');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'Resend could not be reached' };
    if (a.status >= 200 && a.status < 300) {
      const parsed = Batch.safeParse(json(a.text));
      if (!parsed.success || parsed.data.data.length !== batch.length) return { kind: 'transient', reason: 'Resend answered with a body that could not be read' };
      return { kind: 'accepted', ids: parsed.data.data.map((d) => d.id) };
    }
    const err = ResendError.safeParse(json(a.text));
    const name = err.success ? (err.data.name ?? '') : '';
    if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: `HTTP ${a.status}${name ? `, ${name}` : ''}` };
    // Another request with this key is still being processed: wait and repeat it.
    if (a.status === 409 && name === 'concurrent_idempotent_requests') return { kind: 'transient', reason: 'Resend is still processing this batch' };
    const message = err.success && err.data.message ? `: ${err.data.message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `Resend refused the batch (HTTP ${a.status}${name ? `, ${name}` : ''})${message}` };
  };

  return { provider: 'resend', maxBatch: RESEND_BATCH, senderKey: `resend:${from}`, defaultRate: 2, rateNote: 'Resend: 2 requests/s of up to 100 e-mails', idempotent: true, send };
}
