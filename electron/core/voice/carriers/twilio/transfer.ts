/**
 * Handing a live Twilio call to a person, through call updates with inline TwiML ("Modify calls in
 * progress": POST …/Calls/{sid}.json with Twiml). A call on <Connect><Stream> that is given new TwiML
 * leaves its stream at once (Twilio closes the media socket) and runs the new TwiML:
 *
 * - cold: `<Dial callerId timeout><Number statusCallback>person</Number></Dial>` rings the person on a
 *   child leg of the call and connects them when they answer; the child leg's status callbacks (with
 *   its CallDuration, the transfer leg's minutes) go to their own URL.
 * - warm: the caller's call and the person's own call (placed with its own stream, so the agent could
 *   brief them) each get `<Dial><Conference endConferenceOnExit>room</Conference></Dial>`: both join
 *   one room, and when either hangs up the room ends and so does the other call. The room's name is a
 *   random ref: Twilio asks that no personal data name a conference.
 *
 * Twilio refuses to update a call that is not in progress (error 21220) and TwiML over 4,000
 * characters (32018); both come back as one sentence.
 */
import twilio from 'twilio';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { networkReason } from '../../../providers/http';
import { twilioClient, type TwilioClientOptions } from './client';

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const RestError = z.object({ status: z.number(), code: z.number().nullish() });
/** Twilio's limit on inline TwiML (error 32018). */
export const MAX_TWIML_CHARS = 4000;

/** The TwiML that rings a person on a child leg and connects the caller when they answer. */
export function coldTransferTwiml(options: { to: string; from: string; statusUrl: string; ringSeconds: number }): string {
  if (!E164.test(options.to) || !E164.test(options.from)) throw new AppError('INVALID_INPUT', 'A transfer dials E.164 numbers only.');
  const twiml = new twilio.twiml.VoiceResponse();
  const dial = twiml.dial({ callerId: options.from, timeout: options.ringSeconds });
  dial.number(
    {
      statusCallback: options.statusUrl,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    },
    options.to,
  );
  return twiml.toString();
}

/** The TwiML that puts a call into a two-party room which ends when either party leaves. */
export function roomTwiml(room: string): string {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(room)) throw new AppError('INVALID_INPUT', 'A room name is 8 to 64 letters, digits, _ or -.');
  const twiml = new twilio.twiml.VoiceResponse();
  twiml.dial().conference({ beep: 'false', startConferenceOnEnter: true, endConferenceOnExit: true, waitUrl: '' }, room);
  return twiml.toString();
}

/** Gives a live call new TwiML (its stream, if any, ends); one sentence when Twilio refuses. */
export async function updateTwilioCall(client: TwilioClientOptions, callSid: string, twiml: string): Promise<void> {
  if (!CALL_SID.test(callSid)) throw new AppError('INVALID_INPUT', 'That is not a Twilio call sid.');
  if (twiml.length > MAX_TWIML_CHARS) throw new AppError('INVALID_INPUT', `Twilio takes at most ${MAX_TWIML_CHARS} characters of TwiML.`);
  try {
    await twilioClient(client).calls(callSid).update({ twiml });
  } catch (err) {
    throw updateError(err);
  }
}

/** What the SDK threw while updating a call, as one sentence (Twilio's own message may echo input, so it is not repeated). */
function updateError(err: unknown): AppError {
  const rest = RestError.safeParse(err);
  if (!rest.success)
    return networkReason(err, {}) === 'timeout'
      ? new AppError('PROVIDER_UNREACHABLE', 'Twilio did not answer in time while the call was being handed over.')
      : new AppError('PROVIDER_UNREACHABLE', 'Twilio could not be reached to hand the call over.');
  const { status, code } = rest.data;
  const ref = `HTTP ${status}${code ? `, error ${code}` : ''}`;
  if (status === 401)
    return new AppError('PROVIDER_AUTH', `Twilio rejected the Account SID and Auth Token while handing the call over (${ref}).`);
  if (code === 21220) return new AppError('CONFLICT', `The call is no longer in progress, so it could not be handed over (${ref}).`);
  if (status === 404) return new AppError('NOT_FOUND', `Twilio has no such call to hand over (${ref}).`);
  if (status === 429) return new AppError('RATE_LIMITED', `Twilio is rate-limiting this account (${ref}); the call was not handed over.`);
  return new AppError('PROVIDER_UNREACHABLE', `Twilio refused to hand the call over (${ref}).`);
}
