/**
 * Twilio's side of inbound calls: one of the account's IncomingPhoneNumbers found by its number, its
 * voice configuration read whole and written back exactly on detach, pointed at the runner (its
 * VoiceUrl) with a fallback Twilio serves itself when the runner cannot be reached, the signed
 * webhook of a ringing call read, and the TwiML that answers it. Errors are one sentence; Twilio's
 * own message is never repeated (it may echo input).
 */
import twilio from 'twilio';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { networkReason } from '../../../providers/http';
import type { AwayPlan, CarrierAnswer, IncomingCall, NumberConfig } from '../carrier';
import { twilioClient, type TwilioClientOptions } from './client';
import { streamTwiml } from './calls';

/** The voice fields of a Twilio number that pointing it changes, as the API names them; all of them are written back on detach. */
const VOICE_FIELDS = [
  'voiceUrl',
  'voiceMethod',
  'voiceFallbackUrl',
  'voiceFallbackMethod',
  'voiceApplicationSid',
  'trunkSid',
  'statusCallback',
  'statusCallbackMethod',
  'voiceReceiveMode',
  'voiceCallerIdLookup',
] as const;

const NumberSid = /^PN[0-9a-fA-F]{32}$/;
const Found = z.object({
  sid: z.string().regex(NumberSid),
  phoneNumber: z.string(),
  capabilities: z.object({ voice: z.boolean() }).partial().nullish(),
  voiceUrl: z.string().nullish(),
  voiceMethod: z.string().nullish(),
  voiceFallbackUrl: z.string().nullish(),
  voiceFallbackMethod: z.string().nullish(),
  voiceApplicationSid: z.string().nullish(),
  trunkSid: z.string().nullish(),
  statusCallback: z.string().nullish(),
  statusCallbackMethod: z.string().nullish(),
  voiceReceiveMode: z.string().nullish(),
  voiceCallerIdLookup: z.boolean().nullish(),
});
const RestError = z.object({ status: z.number(), code: z.number().nullish() });

/** Twilio's own TwiML echo (its Echo Twimlet): serves the TwiML in its query, so a caller is answered while this computer is off. */
const ECHO = 'https://twimlets.com/echo';

/** The TwiML a caller hears when the runner cannot take the call: the message, then the forward if there is one. */
export function awayTwiml(away: AwayPlan): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(away.message);
  if (away.forwardTo) response.dial(away.forwardTo);
  else response.hangup();
  return response.toString();
}

/** The URL Twilio fetches for the away TwiML. */
export function awayUrl(away: AwayPlan): string {
  return `${ECHO}?Twiml=${encodeURIComponent(awayTwiml(away))}`;
}

/** Finds one of the account's numbers and reads its voice configuration; null when the account has no such number. */
export async function findTwilioNumber(client: TwilioClientOptions, number: string): Promise<{ id: string; config: NumberConfig } | null> {
  let found: unknown[];
  try {
    found = await twilioClient(client).incomingPhoneNumbers.list({ phoneNumber: number, limit: 20 });
  } catch (err) {
    throw numberError(err, 'look up the number');
  }
  const rows = found.map((row) => Found.safeParse(row));
  if (rows.some((row) => !row.success))
    throw new AppError('PROVIDER_UNREACHABLE', "Twilio's list of the account's numbers could not be read.");
  const row = rows.map((r) => r.data).find((r) => r?.phoneNumber === number);
  if (!row) return null;
  if (row.capabilities?.voice === false) throw new AppError('INVALID_INPUT', `Twilio says ${number} cannot take voice calls.`);
  const config: Record<string, string> = {};
  for (const field of VOICE_FIELDS) {
    const value = row[field];
    config[field] = value === null || value === undefined ? '' : String(value);
  }
  return { id: row.sid, config };
}

/**
 * Points a number at the runner's answer URL (or, with none, at the away TwiML), with the away TwiML
 * as its fallback. An application or a SIP trunk the number had would take its calls instead of the
 * URLs, so those are cleared (Twilio takes an empty value as "none"); untouched when it had none.
 */
export async function pointTwilioNumber(
  client: TwilioClientOptions,
  sid: string,
  answerUrl: string | null,
  away: AwayPlan,
  previous: NumberConfig,
): Promise<void> {
  const fallback = awayUrl(away);
  await updateNumber(client, sid, {
    voiceUrl: answerUrl ?? fallback,
    voiceMethod: 'POST',
    voiceFallbackUrl: fallback,
    voiceFallbackMethod: 'GET',
    ...(previous.voiceApplicationSid ? { voiceApplicationSid: '' } : {}),
    ...(previous.trunkSid ? { trunkSid: '' } : {}),
    voiceReceiveMode: 'voice',
  });
}

/** Writes a number's voice configuration back exactly as it was read. */
export async function restoreTwilioNumber(client: TwilioClientOptions, sid: string, config: NumberConfig): Promise<void> {
  const update: Record<string, string | boolean> = {};
  for (const field of VOICE_FIELDS) {
    const value = config[field];
    // Pointing cleared an application or trunk only where there was one; none is left as none.
    if (value === undefined || ((field === 'voiceApplicationSid' || field === 'trunkSid') && value === '')) continue;
    update[field] = field === 'voiceCallerIdLookup' ? value === 'true' : value;
  }
  await updateNumber(client, sid, update);
}

async function updateNumber(client: TwilioClientOptions, sid: string, update: Record<string, string | boolean>): Promise<void> {
  if (!NumberSid.test(sid)) throw new AppError('INVALID_INPUT', 'That is not a Twilio number sid.');
  try {
    await twilioClient(client).incomingPhoneNumbers(sid).update(update);
  } catch (err) {
    throw numberError(err, 'change the number');
  }
}

/** Reads the signed webhook Twilio posts when the number rings; null when its signature does not match. */
export function readTwilioIncoming(
  body: string,
  signature: string | undefined,
  url: string,
  authToken: string | null,
): IncomingCall | null {
  const params = Object.fromEntries(new URLSearchParams(body));
  if (signature === undefined || !authToken || !twilio.validateRequest(authToken, signature, url, params)) return null;
  const callId = params.CallSid ?? '';
  const from = params.From ?? '';
  const to = params.To ?? '';
  if (!/^CA[0-9a-fA-F]{32}$/.test(callId) || params.Direction !== 'inbound')
    return { kind: 'unreadable', why: 'That is not an incoming call.' };
  return { kind: 'call', callId, from, to, accountId: params.AccountSid ?? '' };
}

/** TwiML that connects the caller to the call's stream. */
export function answerTwilioStream(streamUrl: string, token: string): CarrierAnswer {
  return { contentType: 'text/xml', body: streamTwiml(streamUrl, { token }) };
}

/** TwiML that says a message and hangs up (or forwards). */
export function answerTwilioAway(away: AwayPlan): CarrierAnswer {
  return { contentType: 'text/xml', body: awayTwiml(away) };
}

function numberError(err: unknown, doing: string): AppError {
  if (err instanceof AppError) return err;
  const rest = RestError.safeParse(err);
  if (!rest.success) {
    return networkReason(err, {}) === 'timeout'
      ? new AppError('PROVIDER_UNREACHABLE', `Twilio did not answer in time to ${doing}; nothing was changed here.`)
      : new AppError('PROVIDER_UNREACHABLE', `Twilio could not be reached to ${doing}; nothing was changed here.`);
  }
  const { status, code } = rest.data;
  const ref = `HTTP ${status}${code ? `, error ${code}` : ''}`;
  if (status === 401) return new AppError('PROVIDER_AUTH', `Twilio rejected the Account SID and Auth Token (${ref}); test the key.`);
  if (status === 404) return new AppError('NOT_FOUND', `Twilio has no such number on the account (${ref}).`);
  if (status === 429) return new AppError('RATE_LIMITED', `Twilio is rate-limiting requests (${ref}); try again shortly.`);
  return new AppError('PROVIDER_UNREACHABLE', `Twilio refused to ${doing} (${ref}).`);
}
