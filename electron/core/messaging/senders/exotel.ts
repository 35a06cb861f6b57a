/**
 * Exotel SMS over plain fetch: one form POST per message to `/v1/Accounts/{sid}/Sms/send.json`
 * on the account's cluster, Basic apiKey:apiToken. Exotel takes no idempotency key and offers no
 * way to list messages by recipient, so this sender has no lookup: the run fails a message that
 * was in flight when it was interrupted rather than risk sending it twice.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { Outgoing, Sender, SendResult } from './types';

const Sent = z.object({ SMSMessage: z.object({ Sid: z.string().min(1), Status: z.string().nullish() }) });
/** Exotel's v1 error envelope. */
const ExotelError = z.object({
  RestException: z.object({ Code: z.union([z.number(), z.string()]).nullish(), Message: z.string().nullish() }),
});

/** Exotel allows about 200 API requests a minute per account and answers 429 above it (Exotel's API docs); 3/s is 180/min. */
const DEFAULT_RATE = 3;

/** An Exotel SMS sender bound to one key. */
export function exotelSender(
  key: { fields: Readonly<Record<string, string>>; endpoint: string | null },
  env: Readonly<Record<string, string | undefined>>,
): Sender {
  const sid = key.fields.sid ?? '';
  const from = key.fields.phoneNumber ?? '';
  const auth = `Basic ${Buffer.from(`${key.fields.apiKey ?? ''}:${key.fields.apiToken ?? ''}`).toString('base64')}`;
  const origin = providerOrigin('exotel', { endpoint: key.endpoint ?? undefined, env, region: key.fields.region || undefined });
  const url = `${origin}/v1/Accounts/${encodeURIComponent(sid)}/Sms/send.json`;
  const headers = { Authorization: auth, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };

  const send = async (batch: readonly Outgoing[], _key: string, signal: AbortSignal): Promise<SendResult> => {
    const msg = batch[0];
    if (!msg || batch.length !== 1) throw new Error('Exotel sends one message per request');
    const form = new URLSearchParams({ From: from, To: msg.recipient, Body: msg.body });
    const a = await request(url, { method: 'POST', headers, body: form.toString() }, signal);
    const common = commonOutcome(a, 'Exotel');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'Exotel could not be reached' };
    if (a.status >= 200 && a.status < 300) {
      const sent = Sent.safeParse(json(a.text));
      // Accepted but unreadable: in doubt, so the run fails it rather than sending a second copy.
      return sent.success
        ? { kind: 'accepted', ids: [sent.data.SMSMessage.Sid] }
        : { kind: 'transient', reason: 'Exotel answered with a body that could not be read' };
    }
    const err = ExotelError.safeParse(json(a.text));
    const code = err.success ? (err.data.RestException.Code ?? null) : null;
    const detail = `HTTP ${a.status}${code !== null ? `, error ${code}` : ''}`;
    if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: detail };
    const message = err.success && err.data.RestException.Message ? `: ${err.data.RestException.Message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `Exotel refused the message (${detail})${message}` };
  };

  return {
    provider: 'exotel',
    maxBatch: 1,
    senderKey: `exotel:${from}`,
    defaultRate: DEFAULT_RATE,
    rateNote: 'Exotel allows about 200 requests a minute: 3 messages/s stays under it',
    idempotent: false,
    send,
  };
}
