/**
 * Twilio's two kinds of voice callback, told apart and read strictly: a call status callback
 * (StatusCallback: CallStatus and the standard request parameters) and an async answering-machine
 * verdict (AsyncAmdStatusCallback: AccountSid, CallSid, AnsweredBy, MachineDetectionDuration and
 * nothing else — no CallStatus). Field lists are Twilio's own: "TwiML voice webhook request
 * parameters", "Call status callback" and "Answering Machine Detection" in Twilio's voice docs.
 * A field Twilio does not document is refused: a callback that is not Twilio's changes nothing.
 */
import { ANSWERED_BY, type AnsweredBy, type CarrierStatus, type MachineVerdict } from '../../types';

/** Every parameter Twilio documents on a voice status callback (request parameters + status-callback extras + sync AMD). */
const STATUS_FIELDS = new Set([
  'AccountSid',
  'ApiVersion',
  'CallSid',
  'CallStatus',
  'CallToken',
  'Called',
  'CalledCity',
  'CalledCountry',
  'CalledState',
  'CalledZip',
  'Caller',
  'CallerCity',
  'CallerCountry',
  'CallerName',
  'CallerState',
  'CallerZip',
  'Direction',
  'ForwardedFrom',
  'From',
  'FromCity',
  'FromCountry',
  'FromState',
  'FromZip',
  'ParentCallSid',
  'StirVerstat',
  'To',
  'ToCity',
  'ToCountry',
  'ToState',
  'ToZip',
  // Status-callback extras.
  'CallDuration',
  'CallbackSource',
  'RecordingDuration',
  'RecordingSid',
  'RecordingUrl',
  'SequenceNumber',
  'SipResponseCode',
  'Timestamp',
  // Synchronous AMD adds its verdict to the status callbacks.
  'AnsweredBy',
  'MachineDetectionDuration',
]);

/** Exactly the fields of an AsyncAmdStatusCallback. */
const AMD_FIELDS = ['AccountSid', 'AnsweredBy', 'CallSid', 'MachineDetectionDuration'] as const;

const STATUSES = new Set([
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'answered',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** What a Twilio voice callback said, or why it was refused (one sentence, no echo of the input). */
export type TwilioCallback =
  | { readonly kind: 'status'; readonly status: CarrierStatus }
  | { readonly kind: 'machine'; readonly verdict: MachineVerdict }
  | { readonly kind: 'refused'; readonly why: string };

/** Reads one Twilio voice callback's form; a repeated field, an unknown field or a bad value refuses it. */
export function readTwilioCallback(form: URLSearchParams): TwilioCallback {
  const keys = [...form.keys()];
  if (new Set(keys).size !== keys.length) return refused('a field is repeated');
  const params = Object.fromEntries(form);
  if (params.CallStatus === undefined && params.AnsweredBy !== undefined) return machine(params, keys);
  const unknown = keys.find((k) => !STATUS_FIELDS.has(k));
  if (unknown !== undefined) return refused('it carries a field Twilio does not send');
  if (!params.CallSid || !CALL_SID.test(params.CallSid)) return refused('it has no call sid');
  if (!params.CallStatus || !STATUSES.has(params.CallStatus)) return refused('it has no known call status');
  if (params.AccountSid !== undefined && !ACCOUNT_SID.test(params.AccountSid)) return refused('its account sid is malformed');
  const duration = params.CallDuration !== undefined && /^\d{1,7}$/.test(params.CallDuration) ? Number(params.CallDuration) : null;
  let answeredBy: AnsweredBy | null = null;
  if (params.AnsweredBy !== undefined) {
    if (!isAnsweredBy(params.AnsweredBy)) return refused('its AnsweredBy is not one Twilio documents');
    answeredBy = params.AnsweredBy;
  }
  return { kind: 'status', status: { callId: params.CallSid, status: params.CallStatus, durationSeconds: duration, answeredBy } };
}

function machine(params: Readonly<Record<string, string>>, keys: readonly string[]): TwilioCallback {
  if (keys.length !== AMD_FIELDS.length || !AMD_FIELDS.every((k) => params[k] !== undefined))
    return refused('an answering-machine verdict carries exactly AccountSid, CallSid, AnsweredBy and MachineDetectionDuration');
  if (!CALL_SID.test(params.CallSid ?? '') || !ACCOUNT_SID.test(params.AccountSid ?? '')) return refused('its sids are malformed');
  if (!isAnsweredBy(params.AnsweredBy ?? '')) return refused('its AnsweredBy is not one Twilio documents');
  if (!/^\d{1,7}$/.test(params.MachineDetectionDuration ?? ''))
    return refused('its MachineDetectionDuration is not a number of milliseconds');
  return {
    kind: 'machine',
    verdict: {
      callId: params.CallSid as string,
      answeredBy: params.AnsweredBy as AnsweredBy,
      detectionMs: Number(params.MachineDetectionDuration),
    },
  };
}

function isAnsweredBy(value: string): value is AnsweredBy {
  return (ANSWERED_BY as readonly string[]).includes(value);
}

function refused(why: string): TwilioCallback {
  return { kind: 'refused', why: `That is not a Twilio voice callback: ${why}.` };
}
