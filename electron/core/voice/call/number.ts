/** The callee's number, as a call is placed: read in the workspace's default country when it has no country code. */
import parsePhoneNumber, { type CountryCode } from 'libphonenumber-js';
import { AppError } from '../../../../shared/errors';

/** A callable number in E.164, or INVALID_INPUT. */
export function toE164(raw: string, defaultCountry: string | null): string {
  const phone = parsePhoneNumber(raw.trim().slice(0, 40), (defaultCountry ?? undefined) as CountryCode | undefined);
  if (!phone || !phone.isPossible())
    throw new AppError(
      'INVALID_INPUT',
      'That is not a phone number that can be called: write it with + and the country code, e.g. +14155550100.',
    );
  return phone.number;
}
