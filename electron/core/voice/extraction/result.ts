/**
 * Claude's tool input checked against the schema it was given: a tool's input is not validated by
 * the API, so a missing required field, a value of the wrong type, an enum value not listed, a date
 * that is not ISO 8601 or a field the schema does not have makes the call "not extracted", with one
 * sentence naming the field — never quoting the value, which comes from the call.
 */
import { z } from 'zod';
import { SUMMARY_FIELD, type ExtractedValue, type ExtractionField } from '../../../../shared/extraction';

/** What the input came to. */
export type CheckedResult =
  | { readonly ok: true; readonly summary: string; readonly values: Readonly<Record<string, ExtractedValue>> }
  | { readonly ok: false; readonly reason: string };

const MAX_SUMMARY = 2_000;
const MAX_TEXT = 1_000;
const IsoDateTime = z.iso.datetime({ offset: true });

/** One value checked against its field; undefined when it does not fit. */
function valueOf(field: ExtractionField, raw: unknown): ExtractedValue | undefined {
  switch (field.type) {
    case 'string':
      return typeof raw === 'string' && raw.trim().length <= MAX_TEXT ? raw.trim() : undefined;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'enum':
      // Claude may change a listed value's case; it is stored as the operator wrote it.
      return typeof raw === 'string' ? (field.values ?? []).find((v) => v.toLowerCase() === raw.trim().toLowerCase()) : undefined;
    case 'datetime':
      return typeof raw === 'string' && IsoDateTime.safeParse(raw.trim()).success ? raw.trim() : undefined;
  }
}

const WANTED: Readonly<Record<ExtractionField['type'], string>> = {
  string: `text of at most ${MAX_TEXT.toLocaleString('en')} characters`,
  number: 'a number',
  boolean: 'true or false',
  enum: 'one of its listed values',
  datetime: 'an ISO 8601 date and time with its offset',
};

/** Checks a tool input against the fields (and the summary every extraction has). */
export function checkResult(fields: readonly ExtractionField[], input: unknown): CheckedResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, reason: 'Claude’s answer was not an object of fields.' };
  const given = input as Record<string, unknown>;
  const known = new Set([SUMMARY_FIELD, ...fields.map((f) => f.name)]);
  const stranger = Object.keys(given).find((k) => !known.has(k));
  if (stranger !== undefined) return { ok: false, reason: 'Claude’s answer held a field the schema does not have.' };
  const summary = given[SUMMARY_FIELD];
  if (typeof summary !== 'string' || summary.trim() === '') return { ok: false, reason: 'Claude gave no summary of the call.' };
  if (summary.length > MAX_SUMMARY)
    return { ok: false, reason: `Claude’s summary was longer than ${MAX_SUMMARY.toLocaleString('en')} characters.` };
  const values: Record<string, ExtractedValue> = {};
  for (const field of fields) {
    const raw = given[field.name];
    // An optional field left out, null or blank is a field the call did not settle.
    const absent = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (absent) {
      if (field.required) return { ok: false, reason: `Claude left the required field ${field.name} empty: the call did not settle it.` };
      values[field.name] = null;
      continue;
    }
    const value = valueOf(field, raw);
    if (value === undefined) return { ok: false, reason: `Claude’s ${field.name} was not ${WANTED[field.type]}.` };
    values[field.name] = value;
  }
  return { ok: true, summary: summary.trim(), values };
}
