/**
 * Recipient addresses: phone numbers to E.164 with libphonenumber-js, e-mail addresses checked
 * and lower-cased. The `max` metadata is used on purpose: it holds every country's full number
 * patterns and number types, so a number that merely has a plausible length but does not exist
 * in its numbering plan (what `min` would let through) is rejected before it costs a send, and a
 * fixed line (which cannot take an SMS) is told apart. It is bigger, which matters in a browser
 * bundle, not in the main process.
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A normalised number, or why the value is not one. */
export type PhoneCheck =
  { readonly ok: true; readonly e164: string; readonly country: string | null } | { readonly ok: false; readonly reason: string };

/** A normalised e-mail address, or why the value is not one. */
export type EmailCheck = { readonly ok: true; readonly email: string } | { readonly ok: false; readonly reason: string };

const shown = (v: string): string => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** Whether a code is a region libphonenumber-js knows (e.g. `IN`, `US`). */
export function isCountry(code: string): code is CountryCode {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** Normalises a number to E.164; a number without a country code takes `defaultCountry`. */
export function normalisePhone(raw: string, defaultCountry: string | null, opts: { sms?: boolean } = {}): PhoneCheck {
  const value = raw.trim();
  if (!value) return { ok: false, reason: 'no phone number' };
  if (!/\d/.test(value)) return { ok: false, reason: `“${shown(value)}” is not a phone number` };
  const international = value.startsWith('+') || value.startsWith('00');
  const country = defaultCountry && isCountry(defaultCountry) ? defaultCountry : undefined;
  if (!international && !country) return { ok: false, reason: `${shown(value)} has no country code and no default country is set` };
  const parsed = parsePhoneNumberFromString(value.startsWith('00') ? `+${value.slice(2)}` : value, {
    defaultCountry: country,
    extract: false,
  });
  if (!parsed) return { ok: false, reason: `“${shown(value)}” is not a phone number` };
  // With max metadata a number is valid exactly when it has a type (isValid() is getType() !== undefined
  // inside the library), so one call answers both questions at half the cost.
  const type = parsed.getType();
  if (type === undefined)
    return { ok: false, reason: `${shown(value)} is not a valid ${parsed.country ?? country ?? `+${parsed.countryCallingCode}`} number` };
  if (opts.sms && type === 'FIXED_LINE') return { ok: false, reason: `${parsed.number} is a landline and cannot receive SMS` };
  return { ok: true, e164: parsed.number, country: parsed.country ?? null };
}

// One @, no spaces or angle brackets, a dot in the domain and a top-level part of two or more
// letters. Deliverability is the provider's call; this only catches what is plainly not an address.
const EMAIL = /^[^\s@<>"(),;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,63}$/;

/** Checks and lower-cases an e-mail address. */
export function normaliseEmail(raw: string): EmailCheck {
  const value = raw.trim().toLowerCase();
  if (!value) return { ok: false, reason: 'no e-mail address' };
  if (value.length > 254 || !EMAIL.test(value) || value.includes('..'))
    return { ok: false, reason: `“${shown(value)}” is not an e-mail address` };
  return { ok: true, email: value };
}
