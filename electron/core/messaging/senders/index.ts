/** Builds the sender for a resolved key, or says in one sentence why that key cannot send. */
import { AppError } from '../../../../shared/errors';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { scrubText } from '../../providers/result';
import { exotelSender } from './exotel';
import { resendSender } from './resend';
import { sendgridSender } from './sendgrid';
import type { LookupResult, Sender, SendResult } from './types';
import { twilioSender } from './twilio';

/** The parts of a resolved key a sender needs (fields stay in memory only). */
export interface SendingKey {
  readonly provider: ProviderId;
  readonly fields: Readonly<Record<string, string>>;
  readonly endpoint: string | null;
}

/** A sender for the key; `whose` is "the client's" or "the agency's", for the sentence. */
export function createSender(key: SendingKey, env: Readonly<Record<string, string | undefined>>, whose: string): Sender {
  const secrets = getProvider(key.provider)
    .fields.filter((f) => f.secret)
    .map((f) => key.fields[f.name] ?? '');
  return scrubbed(senderFor(key, env, whose), secrets);
}

/**
 * The sender with every reason it gives scrubbed of the key's secret values: providers' own
 * messages are copied into reasons, which end up in the outbox and on screen.
 */
function scrubbed(sender: Sender, secrets: readonly string[]): Sender {
  const clean = (r: SendResult): SendResult => {
    switch (r.kind) {
      case 'accepted':
        return r.refused ? { ...r, refused: new Map([...r.refused].map(([i, m]) => [i, scrubText(m, secrets)])) } : r;
      case 'rate-limited':
        return r;
      default:
        return { ...r, reason: scrubText(r.reason, secrets) };
    }
  };
  const cleanLookup = (r: LookupResult): LookupResult => ('reason' in r ? { ...r, reason: scrubText(r.reason, secrets) } : r);
  const { lookup } = sender;
  return {
    ...sender,
    send: async (batch, key, signal) => clean(await sender.send(batch, key, signal)),
    ...(lookup ? { lookup: async (...a: Parameters<typeof lookup>) => cleanLookup(await lookup(...a)) } : {}),
  };
}

function senderFor(key: SendingKey, env: Readonly<Record<string, string | undefined>>, whose: string): Sender {
  switch (key.provider) {
    case 'twilio':
      if (!key.fields.phoneNumber && !key.fields.messagingServiceSid)
        throw new AppError('NO_CREDENTIAL', `${whose} Twilio key has no phone number or Messaging Service to send from.`);
      return twilioSender(key, env);
    case 'exotel':
      if (!key.fields.phoneNumber) throw new AppError('NO_CREDENTIAL', `${whose} Exotel key has no ExoPhone to send from.`);
      return exotelSender(key, env);
    case 'resend':
      if (!key.fields.fromEmail) throw new AppError('NO_CREDENTIAL', `${whose} Resend key has no from address to send from.`);
      return resendSender(key, env);
    case 'sendgrid':
      if (!key.fields.fromEmail) throw new AppError('NO_CREDENTIAL', `${whose} SendGrid key has no from address to send from.`);
      return sendgridSender(key, env);
    default:
      throw new AppError('NO_CREDENTIAL', `Switchboard cannot send messages through ${key.provider}.`);
  }
}

/** The secret that a 401/403 says was revoked, in words. */
export const SECRET_WORDS: Readonly<Partial<Record<ProviderId, string>>> = {
  twilio: 'Twilio token',
  exotel: 'Exotel API token',
  resend: 'Resend API key',
  sendgrid: 'SendGrid API key',
};
