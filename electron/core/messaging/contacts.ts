/**
 * Streams a contact CSV: every row is normalised (E.164, lower-cased e-mail, a time zone),
 * duplicates are merged into their first row, rows on a do-not-contact list are excluded, and
 * every row that does not become a recipient is reported with its line number and reason.
 * A file that is not a readable CSV fails as a whole with one sentence; nothing is kept.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../../shared/errors';
import { isCountry, normaliseEmail, normalisePhone } from './address';
import { type ColumnMap, mapColumns } from './columns';
import type { Channel } from './template';
import { canonicalZone } from './window';

/** A recipient read from the file. */
export interface Contact {
  readonly line: number;
  /** E.164 number (SMS) or lower-cased address (email): what the message goes to. */
  readonly address: string;
  readonly name: string;
  /** An IANA zone, or `@CC` for every zone of a country. */
  readonly zone: string;
  readonly vars: Record<string, string>;
}

/** A row that did not become a recipient. */
export interface RowIssue {
  readonly line: number;
  readonly kind: 'rejected' | 'excluded' | 'merged';
  readonly reason: string;
}

/** What reading a file came to. */
export interface ReadResult {
  readonly contacts: Contact[];
  readonly issues: RowIssue[];
  /** Data rows read (the header not counted). */
  readonly rows: number;
  readonly columns: ColumnMap;
}

/** How to read a file. */
export interface ReadOptions {
  readonly channel: Channel;
  /** Country for numbers written without a country code. */
  readonly defaultCountry: string | null;
  /** Why an address must not be contacted, or null (do-not-contact lists, NCPR, opt-outs). */
  readonly exclusion: (address: string) => string | null;
  readonly maxRows?: number;
}

/** The most data rows one file may have. */
export const MAX_ROWS = 1_000_000;

const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };

/** Picks the delimiter the header line uses most: comma, semicolon (European spreadsheets) or tab. */
function sniffDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best), { d: ',', n: 0 }).d;
}

/** Decodes UTF-8 strictly (a spreadsheet's Windows-1252 export fails loudly) and refuses binary files. */
async function* text(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (buf.includes(0)) throw new AppError('INVALID_INPUT', 'The contacts file is not a text CSV file (it contains binary data).');
    try {
      yield decoder.decode(buf, { stream: true });
    } catch {
      throw new AppError('INVALID_INPUT', 'The contacts file is not UTF-8 text: save it as “CSV UTF-8” and import it again.');
    }
  }
  yield decoder.decode();
}

function csvSentence(err: CsvError): string {
  const line = typeof err.lines === 'number' ? ` (line ${err.lines})` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `The contacts file has a quoted field that is never closed${line}.`;
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `The contacts file has a misplaced quote character${line}.`;
    case 'CSV_MAX_RECORD_SIZE':
      return `A row of the contacts file is too long to be a contact${line}.`;
    default:
      return `The contacts file is not a valid CSV file${line}.`;
  }
}

/** Reads a contact file. */
export async function readContacts(input: Readable | AsyncIterable<Buffer | string>, opts: ReadOptions): Promise<ReadResult> {
  const chunks = text(input as AsyncIterable<Buffer | string>);
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  if (!head.trim()) throw new AppError('INVALID_INPUT', 'The contacts file is empty.');
  const delimiter = sniffDelimiter(head.slice(0, head.search(/\r?\n|$/)));
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 64 * 1024, trim: false });
  const source = Readable.from((async function* () {
    yield head;
    yield* chunks;
  })());
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);

  const maxRows = opts.maxRows ?? MAX_ROWS;
  const contacts: Contact[] = [];
  const issues: RowIssue[] = [];
  /** address → index in contacts, or the line that excluded it (negative marks excluded). */
  const seen = new Map<string, { index: number; line: number; excluded: string | null }>();
  let columns: ColumnMap | null = null;
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = mapColumns(record, opts.channel);
        continue;
      }
      rows += 1;
      if (rows > maxRows) throw new AppError('INVALID_INPUT', `The contacts file has more than ${maxRows.toLocaleString('en-US')} rows; split it into smaller files.`);
      const line = info.lines;
      const row = readRow(record, columns, opts);
      if ('reason' in row) {
        issues.push({ line, kind: 'rejected', reason: row.reason });
        continue;
      }
      const earlier = seen.get(row.address);
      if (earlier) {
        if (earlier.excluded === null) mergeInto(contacts[earlier.index] as Contact, row.vars);
        issues.push({ line, kind: 'merged', reason: `same ${opts.channel === 'sms' ? 'number' : 'address'} as line ${earlier.line}${earlier.excluded ? ' (excluded)' : ''}` });
        continue;
      }
      const excluded = opts.exclusion(row.address);
      seen.set(row.address, { index: excluded ? -1 : contacts.length, line, excluded });
      if (excluded) issues.push({ line, kind: 'excluded', reason: excluded });
      else contacts.push({ line, ...row });
    }
  } catch (err) {
    source.destroy();
    if (err instanceof AppError) throw err;
    if (err instanceof CsvError) throw new AppError('INVALID_INPUT', csvSentence(err));
    throw new AppError('INVALID_INPUT', 'The contacts file could not be read.');
  }
  if (!columns) throw new AppError('INVALID_INPUT', 'The contacts file is empty.');
  if (rows === 0) throw new AppError('INVALID_INPUT', 'The contacts file has a header line but no contacts.');
  return { contacts, issues, rows, columns };
}

/** Fills a first row's empty values from a duplicate. */
function mergeInto(target: Contact, vars: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(vars)) if (v && !target.vars[k]) target.vars[k] = v;
}

/** One data row: the recipient it describes, or why it is rejected. */
function readRow(record: readonly string[], cols: ColumnMap, opts: ReadOptions): Omit<Contact, 'line'> | { reason: string } {
  if (record.length !== cols.width && !(record.length === 1 && record[0] === '')) {
    return { reason: `has ${record.length} fields where the header has ${cols.width}` };
  }
  const cell = (i: number | undefined): string => (i === undefined ? '' : (record[i] ?? '').trim());
  const rawCountry = cell(cols.fields.country).toUpperCase();
  const country = COUNTRY_ALIASES[rawCountry] ?? rawCountry;
  if (country && !isCountry(country)) return { reason: `“${rawCountry.slice(0, 30)}” is not a country code (use two letters such as GB)` };
  const rowCountry = country || opts.defaultCountry;

  const phoneCell = cell(cols.fields.phone);
  const emailCell = cell(cols.fields.email);
  let phone = '';
  let phoneCountry: string | null = null;
  if (opts.channel === 'sms' || phoneCell) {
    const p = normalisePhone(phoneCell, rowCountry, { sms: opts.channel === 'sms' });
    if (p.ok) {
      phone = p.e164;
      phoneCountry = p.country;
    } else if (opts.channel === 'sms') return { reason: p.reason };
  }
  let email = '';
  if (opts.channel === 'email' || emailCell) {
    const e = normaliseEmail(emailCell);
    if (e.ok) email = e.email;
    else if (opts.channel === 'email') return { reason: e.reason };
  }

  const tzCell = cell(cols.fields.timezone);
  let zone: string;
  if (tzCell) {
    const canonical = canonicalZone(tzCell);
    if (!canonical) return { reason: `“${tzCell.slice(0, 40)}” is not a time zone (use a name such as Europe/London)` };
    zone = canonical;
  } else {
    const zoneCountry = phoneCountry ?? rowCountry;
    if (!zoneCountry) return { reason: 'no time zone: add a timezone or country column, or set a default country' };
    zone = `@${zoneCountry}`;
  }

  const first = cell(cols.fields.first_name);
  const last = cell(cols.fields.last_name);
  const vars: Record<string, string> = { phone, email, first_name: first, last_name: last, name: [first, last].filter(Boolean).join(' '), timezone: tzCell, country: country || (phoneCountry ?? '') };
  for (const e of cols.extras) vars[e.name] = cell(e.index);
  return { address: opts.channel === 'sms' ? phone : email, name: vars.name ?? '', zone, vars };
}
