/**
 * Exotel's call status callbacks, read in both encodings Exotel uses: a form
 * (application/x-www-form-urlencoded, the v1 StatusCallback page) or JSON (the "Webhooks &
 * Callbacks" reference prints the payload as JSON, and Connect's extended payload carries a `Legs`
 * array of {OnCallDuration, Status}). Fields are those Exotel documents
 * (developer.exotel.com/docs/voice-v1/api-reference/status-callback and docs/references/webhooks):
 * always CallSid, DateUpdated, Status, RecordingUrl; with StatusCallbackEvents also EventType,
 * DateCreated, To, From, PhoneNumberSid, StartTime, EndTime, ConversationDuration, Direction,
 * CustomField, Legs. Anything else is refused: Exotel signs nothing, so a callback that does not
 * look exactly like Exotel's changes nothing.
 */
import type { CarrierStatus } from '../../types';
import { exotelStatus } from './calls';

const FIELDS = new Set([
  'CallSid',
  'DateUpdated',
  'Status',
  'RecordingUrl',
  'EventType',
  'DateCreated',
  'To',
  'From',
  'PhoneNumberSid',
  'StartTime',
  'EndTime',
  'ConversationDuration',
  'Direction',
  'CustomField',
  'Legs',
]);
/** A leg's fields in a form: Legs[0][Status], Legs[0][OnCallDuration]. */
const FORM_LEG = /^Legs\[(\d{1,2})\]\[(OnCallDuration|Status)\]$/;
const LEG_FIELDS = new Set(['OnCallDuration', 'Status']);
const MAX_LEGS = 10;

/** What an Exotel status callback said, or why it was refused (one sentence, no echo of the input). */
export type ExotelCallback =
  { readonly kind: 'status'; readonly status: CarrierStatus } | { readonly kind: 'refused'; readonly why: string };

/** Reads one Exotel status callback, JSON or form by its content type. */
export function readExotelCallback(body: string, contentType: string | undefined): ExotelCallback {
  const json = /^application\/json\b/i.test(contentType ?? '');
  const flat = json ? fromJson(body) : fromForm(body);
  if (typeof flat === 'string') return refused(flat);
  const status = exotelStatus(flat);
  return status ? { kind: 'status', status } : refused('it has no call sid or no known status');
}

type Flat = Record<string, string>;

function fromForm(body: string): Flat | string {
  const form = new URLSearchParams(body);
  const out: Flat = {};
  for (const [name, value] of form) {
    if (name in out) return 'a field is repeated';
    if (!FIELDS.has(name) && !FORM_LEG.test(name)) return 'it carries a field Exotel does not send';
    out[name] = value;
  }
  return withLegDuration(
    out,
    [...form.keys()].flatMap((k) => (FORM_LEG.exec(k)?.[2] === 'OnCallDuration' ? [form.get(k) ?? ''] : [])),
  );
}

function fromJson(body: string): Flat | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'it is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const out: Flat = {};
  const legDurations: string[] = [];
  for (const [name, fieldValue] of Object.entries(value)) {
    if (!FIELDS.has(name)) return 'it carries a field Exotel does not send';
    if (name === 'Legs') {
      if (!Array.isArray(fieldValue) || fieldValue.length > MAX_LEGS) return 'its Legs is not a short list';
      for (const leg of fieldValue as unknown[]) {
        if (typeof leg !== 'object' || leg === null || Object.keys(leg).some((f) => !LEG_FIELDS.has(f)))
          return 'a leg carries a field Exotel does not send';
        const duration = (leg as { OnCallDuration?: unknown }).OnCallDuration;
        if (duration !== undefined && duration !== null) legDurations.push(String(duration));
      }
      continue;
    }
    if (fieldValue === null) continue;
    if (typeof fieldValue !== 'string' && typeof fieldValue !== 'number') return `its ${name} is not a string`;
    out[name] = String(fieldValue);
  }
  return withLegDuration(out, legDurations);
}

/** Without ConversationDuration, the longest leg's OnCallDuration is the call's talk time. */
function withLegDuration(out: Flat, legs: readonly string[]): Flat {
  if (out.ConversationDuration !== undefined) return out;
  const secs = legs.filter((d) => /^\d{1,7}$/.test(d)).map(Number);
  return secs.length > 0 ? { ...out, ConversationDuration: String(Math.max(...secs)) } : out;
}

function refused(why: string): ExotelCallback {
  return { kind: 'refused', why: `That is not an Exotel status callback: ${why}.` };
}
