/** Contact-file headers: matched case-insensitively, with the usual aliases, to the fields Switchboard reads. */
import { AppError } from '../../../shared/errors';
import { variableName } from '../../../shared/message-template';

/** A field Switchboard reads from a contact file; every other column becomes a template variable. */
export type ContactField = 'phone' | 'email' | 'first_name' | 'last_name' | 'timezone' | 'country';

const ALIASES: Readonly<Record<ContactField, readonly string[]>> = {
  phone: ['phone', 'mobile', 'phone_number', 'mobile_number', 'mobile_phone', 'cell', 'cell_phone', 'msisdn', 'telephone'],
  email: ['email', 'e_mail', 'email_address', 'e_mail_address'],
  first_name: ['first_name', 'firstname', 'given_name', 'forename'],
  last_name: ['last_name', 'lastname', 'surname', 'family_name'],
  timezone: ['timezone', 'time_zone', 'tz'],
  country: ['country', 'country_code'],
};

const FIELD_OF = new Map<string, ContactField>(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as ContactField])),
);

/** The most columns a contact file may have. */
export const MAX_COLUMNS = 200;

/** Where each field sits in a record, and the other columns' variable names. */
export interface ColumnMap {
  readonly fields: Partial<Record<ContactField, number>>;
  /** Other columns: index → variable name (e.g. `company`). */
  readonly extras: readonly { readonly index: number; readonly name: string }[];
  /** Every variable a template may use with this file. */
  readonly variables: ReadonlySet<string>;
  readonly width: number;
}

/** Maps a header row; throws one clear sentence when it cannot be a contact file for the channel. */
export function mapColumns(header: readonly string[], channel: 'sms' | 'email'): ColumnMap {
  if (header.length > MAX_COLUMNS)
    throw new AppError('INVALID_INPUT', `The contacts file has ${header.length} columns; at most ${MAX_COLUMNS} are accepted.`);
  const fields: Partial<Record<ContactField, number>> = {};
  const extras: { index: number; name: string }[] = [];
  const seen = new Map<string, string>();
  header.forEach((raw, index) => {
    const name = variableName(raw.replace(/^\uFEFF/, ''));
    if (!name) return;
    const field = FIELD_OF.get(name);
    const key = field ?? name;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new AppError(
        'INVALID_INPUT',
        field
          ? `The contacts file has two ${field.replace('_', ' ')} columns (“${earlier}” and “${raw.trim()}”); keep one.`
          : `The contacts file has two columns named “${raw.trim().slice(0, 40)}”.`,
      );
    }
    seen.set(key, raw.trim());
    if (field) fields[field] = index;
    else if (/^[a-z][a-z0-9_]{0,63}$/.test(name)) extras.push({ index, name });
  });
  const needed: ContactField = channel === 'sms' ? 'phone' : 'email';
  if (fields[needed] === undefined) {
    const has = header
      .slice(0, 6)
      .map((h) => `“${h.trim().slice(0, 30)}”`)
      .join(', ');
    const names = needed === 'phone' ? 'phone, mobile or phone_number' : 'email';
    throw new AppError(
      'INVALID_INPUT',
      `The contacts file has no ${needed === 'phone' ? 'phone' : 'e-mail'} column (${names}) in its first line, which reads ${has || 'nothing'}.`,
    );
  }
  const variables = new Set<string>([
    'phone',
    'email',
    'first_name',
    'last_name',
    'name',
    'timezone',
    'country',
    ...extras.map((e) => e.name),
  ]);
  return { fields, extras, variables, width: header.length };
}
