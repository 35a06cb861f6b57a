/**
 * Resend over plain fetch: up to 100 e-mails per POST /emails/batch, each request carrying an
 * Idempotency-Key that is stable for that batch (Resend keeps keys 24 hours), so repeating a
 * request after a crash or a 5xx cannot send twice. Default limit: 2 requests a second.
 * Batches go in permissive validation mode (`x-batch-validation: permissive`, Resend changelog
 * 2025-09-19): one address Resend will not take fails alone, instead of failing all 100.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { Outgoing, Sender, SendResult } from './types';

const Batch = z.object({
  data: z.array(z.object({ id: z.string().min(1) })),
  errors: z.array(z.object({ index: z.number().int().nonnegative(), message: z.string().nullish() })).nullish(),
});
const ResendError = z.object({ name: z.string().nullish(), message: z.string().nullish() });

/** Resend's batch endpoint takes at most 100 e-mails. */
export const RESEND_BATCH = 100;

/** A Resend sender bound to one key. */
export function resendSender(
  key: { fields: Readonly<Record<string, string>>; endpoint: string | null },
  env: Readonly<Record<string, string | undefined>>,
): Sender {
  const origin = providerOrigin('resend', { endpoint: key.endpoint ?? undefined, env });
  const from = key.fields.fromEmail ?? '';
  const auth = `Bearer ${key.fields.apiKey ?? ''}`;

  const send = async (batch: readonly Outgoing[], idempotencyKey: string, signal: AbortSignal): Promise<SendResult> => {
    const body = JSON.stringify(batch.map((m) => ({ from, to: [m.recipient], subject: m.subject ?? '', text: m.body })));
    const headers = {
      Authorization: auth,
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
      'x-batch-validation': 'permissive',
    };
    const a = await request(`${origin}/emails/batch`, { method: 'POST', headers, body }, signal);
    const common = commonOutcome(a, 'Resend');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'Resend could not be reached' };
    if (a.status >= 200 && a.status < 300) {
      const parsed = Batch.safeParse(json(a.text));
      const accepted = parsed.success ? acceptedPart(parsed.data, batch.length) : null;
      return accepted ?? { kind: 'transient', reason: 'Resend answered with a body that could not be read' };
    }
    const err = ResendError.safeParse(json(a.text));
    const name = err.success ? (err.data.name ?? '') : '';
    if (a.status === 401 || a.status === 403)
      return { kind: 'auth', status: a.status, reason: `HTTP ${a.status}${name ? `, ${name}` : ''}` };
    // Another request with this key is still being processed: wait and repeat it.
    if (a.status === 409 && name === 'concurrent_idempotent_requests')
      return { kind: 'transient', reason: 'Resend is still processing this batch' };
    const message = err.success && err.data.message ? `: ${err.data.message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `Resend refused the batch (HTTP ${a.status}${name ? `, ${name}` : ''})${message}` };
  };

  return {
    provider: 'resend',
    maxBatch: RESEND_BATCH,
    senderKey: `resend:${from}`,
    defaultRate: 2,
    rateNote: 'Resend: 2 requests/s of up to 100 e-mails',
    idempotent: true,
    idempotencyTtlMs: 24 * 3_600_000,
    send,
  };
}

/**
 * Lines a permissive batch answer up with the batch: `data` holds the ids of the accepted
 * e-mails in batch order, `errors` the index and reason of each refused one. Null when the
 * two do not add up to the batch (an answer that cannot be trusted).
 */
function acceptedPart(answer: z.infer<typeof Batch>, size: number): Extract<SendResult, { kind: 'accepted' }> | null {
  const refused = new Map<number, string>();
  for (const e of answer.errors ?? []) {
    if (e.index >= size) return null;
    refused.set(e.index, `Resend refused this e-mail: ${(e.message ?? 'no reason given').slice(0, 160)}`);
  }
  if (answer.data.length + refused.size !== size) return null;
  const ids: string[] = [];
  let next = 0;
  for (let i = 0; i < size; i += 1) ids.push(refused.has(i) ? '' : (answer.data[next++]?.id ?? ''));
  return refused.size > 0 ? { kind: 'accepted', ids, refused } : { kind: 'accepted', ids };
}
