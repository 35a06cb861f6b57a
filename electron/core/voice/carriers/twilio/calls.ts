/**
 * Twilio's REST side of a streamed call: dial with `<Connect><Stream>` TwiML (the stream URL takes
 * no query string, so the per-call token travels as a <Parameter>), status callbacks for every
 * progress event, optional answering-machine detection, and hang-up. Errors become one sentence;
 * Twilio's own message is never repeated (it may echo input).
 */
import twilio from 'twilio';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { networkReason } from '../../../providers/http';
import { twilioClient, type TwilioClientOptions } from './client';

/** What one streamed Twilio call needs. */
export interface TwilioStreamDial {
  readonly to: string;
  readonly from: string;
  /** The media server's wss:// stream URL for this call (no query string). */
  readonly streamUrl: string;
  /** The per-call stream token; arrives back in `start.customParameters.token`. */
  readonly token: string;
  readonly statusUrl: string;
  /** Answering-machine detection (issue 12): `Enable`, or `DetectMessageEnd` to wait for the beep. */
  readonly machineDetection?: 'Enable' | 'DetectMessageEnd';
  /** Run detection in the background and post its verdict to the status URL, so the agent can talk meanwhile. */
  readonly asyncAmd?: boolean;
  /** Seconds to let it ring before no-answer (Twilio's default 60). */
  readonly ringSeconds?: number;
}

const Placed = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/), status: z.string().max(40) });
const RestError = z.object({ status: z.number(), code: z.number().nullish() });

/** The TwiML that connects an answered call to the media stream. */
export function streamTwiml(streamUrl: string, params: Readonly<Record<string, string>>): string {
  if (!/^wss?:\/\/[^?#]+$/.test(streamUrl))
    throw new AppError('INVALID_INPUT', 'A Twilio stream URL must be a wss:// address without a query string.');
  const twiml = new twilio.twiml.VoiceResponse();
  const stream = twiml.connect().stream({ url: streamUrl });
  for (const [name, value] of Object.entries(params)) stream.parameter({ name, value });
  return twiml.toString();
}

/** Places one streamed call; resolves with Twilio's call sid and first status. */
export async function dialTwilioStream(client: TwilioClientOptions, dial: TwilioStreamDial): Promise<{ callSid: string; status: string }> {
  const api = twilioClient(client);
  const amd = dial.machineDetection
    ? {
        machineDetection: dial.machineDetection,
        ...(dial.asyncAmd ? { asyncAmd: 'true', asyncAmdStatusCallback: dial.statusUrl, asyncAmdStatusCallbackMethod: 'POST' } : {}),
      }
    : {};
  let answer: unknown;
  try {
    answer = await api.calls.create({
      to: dial.to,
      from: dial.from,
      twiml: streamTwiml(dial.streamUrl, { token: dial.token }),
      statusCallback: dial.statusUrl,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      ...(dial.ringSeconds ? { timeout: dial.ringSeconds } : {}),
      ...amd,
    });
  } catch (err) {
    throw err instanceof AppError ? err : callError(err);
  }
  const placed = Placed.safeParse(answer);
  if (!placed.success)
    throw new AppError(
      'PROVIDER_UNREACHABLE',
      "Twilio's answer could not be read; check the Twilio console before dialling again, the call may have been placed.",
    );
  return { callSid: placed.data.sid, status: placed.data.status };
}

/** Hangs up a call (Twilio ends it whatever state it is in). */
export async function hangUpTwilio(client: TwilioClientOptions, callSid: string): Promise<void> {
  if (!/^CA[0-9a-fA-F]{32}$/.test(callSid)) throw new AppError('INVALID_INPUT', 'That is not a Twilio call sid.');
  try {
    await twilioClient(client).calls(callSid).update({ status: 'completed' });
  } catch (err) {
    throw hangUpError(err);
  }
}

function hangUpError(err: unknown): AppError {
  const rest = RestError.safeParse(err);
  if (!rest.success)
    return new AppError(
      'PROVIDER_UNREACHABLE',
      'Twilio could not be reached to hang up; the call may still be live, check the Twilio console.',
    );
  const { status, code } = rest.data;
  const ref = `HTTP ${status}${code ? `, error ${code}` : ''}`;
  if (status === 401)
    return new AppError('PROVIDER_AUTH', `Twilio rejected the Account SID and Auth Token while hanging up (${ref}); test the key.`);
  if (status === 404) return new AppError('NOT_FOUND', `Twilio has no such call to hang up (${ref}).`);
  return new AppError('PROVIDER_UNREACHABLE', `Twilio refused to hang up the call (${ref}); check the Twilio console.`);
}

/** Turns what the SDK threw while dialling into one sentence; Twilio's own message is not repeated (it may echo input). */
export function callError(err: unknown): AppError {
  if (err instanceof SyntaxError)
    return new AppError(
      'PROVIDER_UNREACHABLE',
      "Twilio's answer could not be read; check the Twilio console before dialling again, the call may have been placed.",
    );
  const rest = RestError.safeParse(err);
  if (!rest.success) {
    const reason = networkReason(err, {});
    return reason === 'timeout'
      ? new AppError(
          'PROVIDER_UNREACHABLE',
          'Twilio did not answer in time; check the Twilio console before dialling again, the call may have been placed.',
        )
      : new AppError('PROVIDER_UNREACHABLE', 'Twilio could not be reached; no call was placed.');
  }
  const { status, code } = rest.data;
  const ref = `HTTP ${status}${code ? `, error ${code}` : ''}`;
  if (status === 401) return new AppError('PROVIDER_AUTH', `Twilio rejected the Account SID and Auth Token (${ref}); test the key.`);
  if (status === 429) return new AppError('RATE_LIMITED', `Twilio is rate-limiting calls (${ref}); try again shortly.`);
  if (status >= 500) return new AppError('PROVIDER_UNREACHABLE', `Twilio had a server error (${ref}); no call was placed.`);
  if (code === 21211) return new AppError('INVALID_INPUT', `Twilio says the number to call is not valid (${ref}).`);
  if (code === 21210 || code === 21212)
    return new AppError(
      'INVALID_INPUT',
      `Twilio refused the caller ID: the key's phone number is not a verified number of the account (${ref}).`,
    );
  if (code === 21219) return new AppError('FORBIDDEN', `A Twilio trial account can only call verified numbers (${ref}).`);
  if (status === 403 || code === 21215)
    return new AppError(
      'FORBIDDEN',
      `Twilio does not allow calling that destination from this account; check its geographic permissions (${ref}).`,
    );
  return new AppError('INVALID_INPUT', `Twilio refused the call (${ref}).`);
}
