/**
 * Keys (DTMF) played on a live Twilio call. Media Streams take no key message from the server
 * (only `media`, `mark` and `clear`: "Media Streams - WebSocket Messages"), so the keys go the way
 * Twilio documents for a call in progress: the call is updated with new TwiML, `<Play digits>`
 * (digits, *, #, and w for a half-second pause) followed by a fresh `<Connect><Stream>`. Updating
 * the call ends the running `<Connect><Stream>` — Twilio sends `stop` and closes that socket — so
 * the call goes on on the new stream, with its own single-use token.
 */
import twilio from 'twilio';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { networkReason } from '../../../providers/http';
import type { CarrierKeyPress } from '../carrier';
import { twilioClient, type TwilioClientOptions } from './client';

/** The longest Twiml a call update takes (Twilio's Call resource: 4,000 characters). */
const MAX_TWIML_CHARS = 4000;
const RestError = z.object({ status: z.number(), code: z.number().nullish() });

/** The TwiML that plays the keys, then streams the call to the new URL. */
export function keysTwiml(press: CarrierKeyPress): string {
  if (!/^[0-9*#w]{1,20}$/.test(press.digits)) throw new AppError('INVALID_INPUT', 'Keys are 0-9, * and #, with w for a pause.');
  if (!/^wss?:\/\/[^?#]+$/.test(press.streamUrl))
    throw new AppError('INVALID_INPUT', 'A Twilio stream URL must be a wss:// address without a query string.');
  const twiml = new twilio.twiml.VoiceResponse();
  twiml.play({ digits: press.digits });
  twiml.connect().stream({ url: press.streamUrl }).parameter({ name: 'token', value: press.token });
  const text = twiml.toString();
  if (text.length > MAX_TWIML_CHARS) throw new AppError('INVALID_INPUT', 'The keys’ TwiML is longer than Twilio takes.');
  return text;
}

/** Plays keys on a live call; the call's stream is replaced by one to `press.streamUrl`. */
export async function pressTwilioKeys(client: TwilioClientOptions, callSid: string, press: CarrierKeyPress): Promise<void> {
  if (!/^CA[0-9a-fA-F]{32}$/.test(callSid)) throw new AppError('INVALID_INPUT', 'That is not a Twilio call sid.');
  const twiml = keysTwiml(press);
  try {
    await twilioClient(client).calls(callSid).update({ twiml });
  } catch (err) {
    throw keysError(err);
  }
}

/** One sentence for a refused or failed update; Twilio's own message is not repeated (it may echo input). */
function keysError(err: unknown): AppError {
  const rest = RestError.safeParse(err);
  if (!rest.success) {
    const reason = networkReason(err, {});
    return new AppError(
      'PROVIDER_UNREACHABLE',
      reason === 'timeout'
        ? 'Twilio did not answer in time; the keys may or may not have been played.'
        : 'Twilio could not be reached to play the keys.',
    );
  }
  const { status, code } = rest.data;
  const ref = `HTTP ${status}${code ? `, error ${code}` : ''}`;
  if (status === 401) return new AppError('PROVIDER_AUTH', `Twilio rejected the Account SID and Auth Token while playing keys (${ref}).`);
  if (status === 404) return new AppError('NOT_FOUND', `Twilio has no such call to play keys on (${ref}).`);
  if (code === 21220) return new AppError('INVALID_INPUT', `The call is no longer in progress, so no keys were played (${ref}).`);
  if (status === 429) return new AppError('RATE_LIMITED', `Twilio is rate-limiting call updates (${ref}); no keys were played.`);
  return new AppError('PROVIDER_UNREACHABLE', `Twilio refused to play the keys (${ref}).`);
}
