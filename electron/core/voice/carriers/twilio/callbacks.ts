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
  const p = Object.fromEntries(form);
  if (p.CallStatus === undefined && p.AnsweredBy !== undefined) return machine(p, keys);
  const unknown = keys.find((k) => !STATUS_FIELDS.has(k));
  if (unknown !== undefined) return refused('it carries a field Twilio does not send');
  if (!p.CallSid || !CALL_SID.test(p.CallSid)) return refused('it has no call sid');
  if (!p.CallStatus || !STATUSES.has(p.CallStatus)) return refused('it has no known call status');
  if (p.AccountSid !== undefined && !ACCOUNT_SID.test(p.AccountSid)) return refused('its account sid is malformed');
  const duration = p.CallDuration !== undefined && /^\d{1,7}$/.test(p.CallDuration) ? Number(p.CallDuration) : null;
  let answeredBy: AnsweredBy | null = null;
  if (p.AnsweredBy !== undefined) {
    if (!isAnsweredBy(p.AnsweredBy)) return refused('its AnsweredBy is not one Twilio documents');
    answeredBy = p.AnsweredBy;
  }
  return { kind: 'status', status: { callId: p.CallSid, status: p.CallStatus, durationSeconds: duration, answeredBy } };
}

function machine(p: Readonly<Record<string, string>>, keys: readonly string[]): TwilioCallback {
  if (keys.length !== AMD_FIELDS.length || !AMD_FIELDS.every((k) => p[k] !== undefined))
    return refused('an answering-machine verdict carries exactly AccountSid, CallSid, AnsweredBy and MachineDetectionDuration');
  if (!CALL_SID.test(p.CallSid ?? '') || !ACCOUNT_SID.test(p.AccountSid ?? '')) return refused('its sids are malformed');
  if (!isAnsweredBy(p.AnsweredBy ?? '')) return refused('its AnsweredBy is not one Twilio documents');
  if (!/^\d{1,7}$/.test(p.MachineDetectionDuration ?? '')) return refused('its MachineDetectionDuration is not a number of milliseconds');
  return {
    kind: 'machine',
    verdict: { callId: p.CallSid as string, answeredBy: p.AnsweredBy as AnsweredBy, detectionMs: Number(p.MachineDetectionDuration) },
  };
}

function isAnsweredBy(v: string): v is AnsweredBy {
  return (ANSWERED_BY as readonly string[]).includes(v);
}

function refused(why: string): TwilioCallback {
  return { kind: 'refused', why: `That is not a Twilio voice callback: ${why}.` };
}
