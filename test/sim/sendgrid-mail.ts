/**
 * The SendGrid simulator's `POST /v3/mail/send`, plugged in with addRoute: 202 with an
 * X-Message-Id per accepted message, SendGrid's 400 error shape for a bad body. Like SendGrid,
 * it has no idempotency: a repeated request is a second e-mail.
 */
import { randomBytes } from 'node:crypto';
import { SendStats } from './rate-windows';
import type { ProviderSim, SimResponse } from './server';

/** A message the simulator accepted. */
export interface SimMail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Mail Send's state. */
export interface SimMailSend {
  readonly mails: SimMail[];
  readonly stats: SendStats;
  /** Accept the next N requests but answer 500, as if the answer was lost on the way back. */
  failAfterAccept: number;
}

interface MailBody {
  personalizations?: { to?: { email?: string }[] }[];
  from?: { email?: string };
  subject?: string;
  content?: { type?: string; value?: string }[];
}

const bad = (message: string, field: string): SimResponse => ({ status: 400, json: { errors: [{ message, field, help: null }] } });

/** Serves Mail Send on a SendGrid simulator. */
export function serveMail<S>(sim: ProviderSim<S>, opts: { limitPerSecond?: number } = {}): SimMailSend {
  const state: SimMailSend = { mails: [], stats: new SendStats(opts.limitPerSecond ?? null), failAfterAccept: 0 };
  sim.addRoute({
    method: 'POST',
    path: '/v3/mail/send',
    handle: (req) => {
      state.stats.hit();
      let body: MailBody;
      try {
        body = JSON.parse(req.body) as MailBody;
      } catch {
        return bad('Bad Request', 'body');
      }
      const to = body.personalizations?.[0]?.to?.[0]?.email;
      if (!to) return bad('The to array is required for all personalization objects.', 'personalizations.0.to');
      if (!body.from?.email) return bad('The from object must be provided for every email send.', 'from');
      if (!body.subject) return bad('The subject is required.', 'subject');
      const id = randomBytes(11).toString('base64url');
      state.mails.push({ id, to, subject: body.subject, text: body.content?.[0]?.value ?? '' });
      state.stats.deliver(to);
      if (state.failAfterAccept > 0) {
        state.failAfterAccept -= 1;
        return { status: 500, json: { errors: [{ message: 'Internal server error', field: null, help: null }] } };
      }
      return { status: 202, headers: { 'X-Message-Id': id }, body: '' };
    },
  });
  return state;
}
