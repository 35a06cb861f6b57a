/**
 * Twilio SMS over plain fetch (one form POST per message, Basic auth, no SDK retries to switch
 * off, keep-alive connections at 200 requests a second). Twilio has no idempotency key, so a
 * message that was in flight when the process died is looked up before it is sent again.
 */
import { z } from 'zod';
import { providerOrigin } from '../../providers/origin';
import { commonOutcome, json, request } from './http';
import type { LookupResult, Outgoing, Sender, SendResult } from './types';

const Created = z.object({ sid: z.string().min(2) });
const TwilioError = z.object({ code: z.number().nullish(), message: z.string().nullish() });
const Page = z.object({
  messages: z.array(
    z.object({
      sid: z.string(),
      to: z.string().nullish(),
      from: z.string().nullish(),
      body: z.string().nullish(),
      direction: z.string().nullish(),
      date_created: z.string().nullish(),
      messaging_service_sid: z.string().nullish(),
    }),
  ),
  next_page_uri: z.string().nullish(),
});

/** Twilio's default opt-out keywords (Advanced Opt-Out adds OPTOUT and REVOKE). */
const STOP_WORDS = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)\s*[.!]?\s*$/i;
/** Twilio error 21610: the recipient replied STOP; Twilio refuses until they reply START. */
const UNSUBSCRIBED = 21610;
/** US and Canadian toll-free area codes. */
const TOLL_FREE = /^\+1(800|833|844|855|866|877|888)\d{7}$/;
/** Clock difference tolerated between this machine and Twilio when matching a lookup. */
const SKEW_MS = 5 * 60_000;

/** The sending identity and its default rate: long code 1/s, toll-free 3/s, short code 100/s, a Messaging Service as configured. */
export function twilioRate(fields: Readonly<Record<string, string>>): { senderKey: string; rate: number; note: string } {
  const mg = fields.messagingServiceSid;
  if (mg)
    return { senderKey: mg, rate: 1, note: 'Messaging Service: its throughput depends on its numbers, so set --rate (1/s until you do)' };
  const from = fields.phoneNumber ?? '';
  if (TOLL_FREE.test(from)) return { senderKey: from, rate: 3, note: 'toll-free number: 3 messages/s' };
  if (/^\d{5,6}$/.test(from)) return { senderKey: from, rate: 100, note: 'short code: 100 messages/s' };
  return { senderKey: from, rate: 1, note: 'long code: 1 message/s' };
}

/** A Twilio sender bound to one key. */
export function twilioSender(
  key: { fields: Readonly<Record<string, string>>; endpoint: string | null },
  env: Readonly<Record<string, string | undefined>>,
): Sender {
  const sid = key.fields.accountSid ?? '';
  const auth = `Basic ${Buffer.from(`${sid}:${key.fields.authToken ?? ''}`).toString('base64')}`;
  const origin = providerOrigin('twilio', { endpoint: key.endpoint ?? undefined, env });
  const base = `${origin}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
  const mg = key.fields.messagingServiceSid || null;
  const from = key.fields.phoneNumber || null;
  const rate = twilioRate(key.fields);
  const headers = { Authorization: auth, Accept: 'application/json' };

  const send = async (batch: readonly Outgoing[], _key: string, signal: AbortSignal): Promise<SendResult> => {
    const msg = batch[0];
    if (!msg || batch.length !== 1) throw new Error('Twilio sends one message per request');
    const form = new URLSearchParams({ To: msg.recipient, Body: msg.body });
    if (mg) form.set('MessagingServiceSid', mg);
    else form.set('From', from ?? '');
    const a = await request(
      base,
      { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      signal,
    );
    const common = commonOutcome(a, 'Twilio');
    if (common) return common;
    if ('network' in a) return { kind: 'transient', reason: 'Twilio could not be reached' };
    if (a.status >= 200 && a.status < 300) {
      const created = Created.safeParse(json(a.text));
      // Accepted but unreadable: treat as in doubt, so the lookup decides rather than a second send.
      return created.success
        ? { kind: 'accepted', ids: [created.data.sid] }
        : { kind: 'transient', reason: 'Twilio answered with a body that could not be read' };
    }
    const err = TwilioError.safeParse(json(a.text));
    const code = err.success ? (err.data.code ?? null) : null;
    const detail = `HTTP ${a.status}${code ? `, error ${code}` : ''}`;
    if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: detail };
    if (code === UNSUBSCRIBED) return { kind: 'rejected', reason: 'the recipient has unsubscribed (replied STOP)', optOut: true };
    const message = err.success && err.data.message ? `: ${err.data.message.slice(0, 160)}` : '';
    return { kind: 'rejected', reason: `Twilio refused the message (${detail})${message}` };
  };

  /**
   * Lists the recipient's messages from this sender, newest first, back to just before the send.
   * Not filtered on DateSent: a message Twilio accepted but still holds in its queue has no
   * date_sent yet, and would be missed (and sent twice).
   */
  const lookup = async (
    msg: Outgoing,
    inflightAt: number,
    isKnown: (id: string) => boolean,
    signal: AbortSignal,
  ): Promise<LookupResult> => {
    const q = new URLSearchParams({ To: msg.recipient, PageSize: '50' });
    if (!mg && from) q.set('From', from);
    let url: string | null = `${base}?${q.toString()}`;
    for (let page = 0; url && page < 5; page += 1) {
      const a = await request(url, { method: 'GET', headers }, signal);
      if ('network' in a) return { kind: 'unknown', reason: `Twilio could not be reached (${a.network})` };
      if (a.status === 401 || a.status === 403) return { kind: 'auth', status: a.status, reason: `HTTP ${a.status} to the lookup` };
      if (a.status !== 200) return { kind: 'unknown', reason: `Twilio answered HTTP ${a.status} to the lookup` };
      const parsed = Page.safeParse(json(a.text));
      if (!parsed.success) return { kind: 'unknown', reason: 'Twilio answered the lookup with a body that could not be read' };
      let older = false;
      for (const m of parsed.data.messages) {
        const created = m.date_created ? Date.parse(m.date_created) : Number.NaN;
        if (!Number.isNaN(created) && created < inflightAt - SKEW_MS) older = true;
        const sameSender = mg ? m.messaging_service_sid === mg : m.from === from;
        if (
          m.to === msg.recipient &&
          sameSender &&
          m.body === msg.body &&
          !(m.direction ?? 'outbound').startsWith('inbound') &&
          !older &&
          !isKnown(m.sid)
        )
          return { kind: 'found', id: m.sid };
      }
      if (older) break;
      url = nextPage(origin, parsed.data.next_page_uri);
    }
    return { kind: 'absent' };
  };

  /** Replies to the sending number since a moment, newest first (a Messaging Service's pool is not listed). */
  const inboundOptOuts = async (since: number, signal: AbortSignal): Promise<readonly string[]> => {
    if (mg || !from) return [];
    const q = new URLSearchParams({ To: from, 'DateSent>': new Date(since).toISOString().slice(0, 10), PageSize: '1000' });
    const stops: string[] = [];
    // Every page, up to 20,000 replies; an unreadable page ends the reading (Twilio still refuses
    // a number that replied STOP, with error 21610, which records the opt-out then).
    let url: string | null = `${base}?${q.toString()}`;
    for (let page = 0; url && page < 20; page += 1) {
      const a = await request(url, { method: 'GET', headers }, signal);
      if ('network' in a || a.status !== 200) break;
      const parsed = Page.safeParse(json(a.text));
      if (!parsed.success) break;
      for (const m of parsed.data.messages)
        if ((m.direction ?? '').startsWith('inbound') && STOP_WORDS.test(m.body ?? '') && m.from) stops.push(m.from);
      url = nextPage(origin, parsed.data.next_page_uri);
    }
    return stops;
  };

  return {
    provider: 'twilio',
    maxBatch: 1,
    senderKey: `twilio:${rate.senderKey}`,
    defaultRate: rate.rate,
    rateNote: rate.note,
    idempotent: false,
    send,
    lookup,
    inboundOptOuts,
  };
}

/**
 * The next page of a Twilio list, on the origin the key is sent to: `next_page_uri` is a path.
 * Anything else (`.evil.example/…`, `//host/…`) ends the paging, so the token never leaves for another host.
 */
export function nextPage(origin: string, uri: string | null | undefined): string | null {
  if (!uri || !uri.startsWith('/') || uri.startsWith('//')) return null;
  const next = new URL(`${origin}${uri}`);
  return next.origin === new URL(origin).origin ? next.toString() : null;
}
