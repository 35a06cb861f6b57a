/**
 * Streams a contact CSV: every row is normalised (E.164, lower-cased e-mail, a time zone),
 * duplicates are merged into their first row, rows on a do-not-contact list are excluded, and
 * every row that does not become a recipient is reported with its line number and reason.
 * A file that is not a readable CSV fails as a whole with one sentence; nothing is kept.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../../shared/errors';
import { storageFault } from '../store/faults';
import { isCountry, normaliseEmail, normalisePhone, type PhoneCheck } from './address';
import { type ColumnMap, mapColumns } from './columns';
import { PhonePool } from './phone-pool';
import type { Channel } from '../../../shared/message-template';
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

/** What reading a file came to (the collected form, for small files and tests). */
export interface ReadResult {
  readonly contacts: Contact[];
  readonly issues: RowIssue[];
  /** Data rows read (the header not counted). */
  readonly rows: number;
  readonly columns: ColumnMap;
}

/** Where a streamed import puts what it reads, batch by batch, in file order. */
export interface ContactSink {
  /** The header is known: a template can be checked against its columns (throwing stops the import). */
  columns?(columns: ColumnMap): void;
  /** Recipients of one batch. */
  accept(contacts: readonly Contact[]): void;
  /** A later duplicate brings values the first row (by line) lacked. */
  merge(firstLine: number, vars: Readonly<Record<string, string>>): void;
  /** Rows that did not become recipients. */
  issues(issues: readonly RowIssue[]): void;
}

/** How to read a file. */
export interface ReadOptions {
  readonly channel: Channel;
  /** Country for numbers written without a country code. */
  readonly defaultCountry: string | null;
  /** Why addresses must not be contacted (do-not-contact lists, NCPR, opt-outs): a reason per excluded address. */
  readonly exclusions: (addresses: readonly string[]) => ReadonlyMap<string, string>;
  /** Why a country's zones cannot be served (the sending window is never open in all of them at once), if so. */
  readonly unservedCountry?: (country: string) => string | null;
  readonly maxRows?: number;
  /** Phone numbers that are called rather than texted: a landline is fine. */
  readonly voice?: boolean;
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

/** Reads a contact file into memory (small files, tests); large imports stream with streamContacts. */
export async function readContacts(input: Readable | AsyncIterable<Buffer | string>, opts: ReadOptions): Promise<ReadResult> {
  const contacts: Contact[] = [];
  const issues: RowIssue[] = [];
  const byLine = new Map<number, Contact>();
  const { rows, columns } = await streamContacts(input, opts, {
    accept: (batch) => {
      for (const c of batch) {
        contacts.push(c);
        byLine.set(c.line, c);
      }
    },
    merge: (line, vars) => mergeInto(byLine.get(line) as Contact, vars),
    issues: (batch) => void issues.push(...batch),
  });
  issues.sort((a, b) => a.line - b.line);
  return { contacts, issues, rows, columns };
}

/** Streams a contact file into a sink; memory stays bounded by the batch size and the set of addresses seen. */
export async function streamContacts(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ReadOptions,
  sink: ContactSink,
): Promise<{ rows: number; columns: ColumnMap }> {
  const chunks = text(input as AsyncIterable<Buffer | string>);
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  if (!head.trim()) throw new AppError('INVALID_INPUT', 'The contacts file is empty.');
  const delimiter = sniffDelimiter(head.slice(0, head.search(/\r?\n|$/)));
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: 64 * 1024,
    trim: false,
  });
  const source = Readable.from(
    (async function* () {
      yield head;
      yield* chunks;
    })(),
  );
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);

  const maxRows = opts.maxRows ?? MAX_ROWS;
  /** address → the line that first had it, and why it was excluded (null: it is a recipient). */
  const seen = new Map<string, { line: number; excluded: string | null }>();
  let columns: ColumnMap | null = null;
  let rows = 0;

  /** One batch, in file order; its numbers were normalised together (in parallel when the pool runs). */
  const take = (batch: readonly Raw[], phones: readonly (PhoneCheck | null)[]): void => {
    const read = batch.map((raw, i) => readRow(raw.record, columns as ColumnMap, opts, raw.country, phones[i] ?? null));
    const excludedNow = opts.exclusions(read.flatMap((r) => ('address' in r && !seen.has(r.address) ? [r.address] : [])));
    const accepted: Contact[] = [];
    /** Values duplicates bring to their first row, applied after the batch is accepted, in file order. */
    const merges: [number, Readonly<Record<string, string>>][] = [];
    const issues: RowIssue[] = [];
    batch.forEach((raw, i) => {
      const row = read[i] as ReturnType<typeof readRow>;
      if ('reason' in row) {
        issues.push({ line: raw.line, kind: 'rejected', reason: row.reason });
        return;
      }
      const earlier = seen.get(row.address);
      if (earlier) {
        // Through the sink even within one batch, so a merge is judged like every other (an SMS it would make too long is not taken).
        if (earlier.excluded === null) merges.push([earlier.line, row.vars]);
        issues.push({
          line: raw.line,
          kind: 'merged',
          reason: `same ${opts.channel === 'sms' ? 'number' : 'address'} as line ${earlier.line}${earlier.excluded ? ' (excluded)' : ''}`,
        });
        return;
      }
      const excluded = excludedNow.get(row.address) ?? null;
      seen.set(row.address, { line: raw.line, excluded });
      if (excluded) {
        issues.push({ line: raw.line, kind: 'excluded', reason: excluded });
        return;
      }
      accepted.push({ line: raw.line, ...row });
    });
    if (accepted.length > 0) sink.accept(accepted);
    for (const [line, vars] of merges) sink.merge(line, vars);
    if (issues.length > 0) sink.issues(issues);
  };
  const pool = new PhonePool();
  const queue: { batch: Raw[]; phones: Promise<(PhoneCheck | null)[]> }[] = [];
  let batch: Raw[] = [];
  const submit = (): void => {
    const items = batch.map((r) => [r.phone, r.country] as const);
    const wanted = batch.map((r) => opts.channel === 'sms' || r.phone !== '');
    // The first batch runs inline: a small file never starts a worker.
    const checks =
      queue.length === 0 && rows <= BATCH
        ? Promise.resolve(items.map(([raw, c]) => normalisePhone(raw, c, { sms: opts.channel === 'sms' && !opts.voice })))
        : pool.normalise(items, opts.channel === 'sms' && !opts.voice);
    queue.push({ batch, phones: checks.then((out) => out.map((c, i) => (wanted[i] ? c : null))) });
    batch = [];
  };
  const drain = async (keep: number): Promise<void> => {
    while (queue.length > keep) {
      const head = queue.shift() as (typeof queue)[number];
      take(head.batch, await head.phones);
    }
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = mapColumns(record, opts.channel);
        sink.columns?.(columns);
        continue;
      }
      rows += 1;
      if (rows > maxRows)
        throw new AppError(
          'INVALID_INPUT',
          `The contacts file has more than ${maxRows.toLocaleString('en-US')} rows; split it into smaller files.`,
        );
      batch.push(rawRow(record, info.lines, columns, opts.defaultCountry));
      if (batch.length === BATCH) {
        submit();
        await drain(pool.size * 2);
      }
    }
    if (batch.length > 0) submit();
    await drain(0);
  } catch (err) {
    source.destroy();
    if (err instanceof AppError) throw err;
    if (err instanceof CsvError) throw new AppError('INVALID_INPUT', csvSentence(err));
    // The sink writes as it goes: a full disk there is the disk's fault, not the file's.
    throw storageFault(err) ?? new AppError('INVALID_INPUT', 'The contacts file could not be read.');
  } finally {
    await pool.close();
  }
  if (!columns) throw new AppError('INVALID_INPUT', 'The contacts file is empty.');
  if (rows === 0) throw new AppError('INVALID_INPUT', 'The contacts file has a header line but no contacts.');
  return { rows, columns };
}

/** Rows per batch handed to the phone pool. */
const BATCH = 1000;

/** A record with what the phone batch needs pulled out. */
interface Raw {
  readonly record: readonly string[];
  readonly line: number;
  readonly phone: string;
  /** The row's country (column, else the default) for numbers without a country code. */
  readonly country: string | null;
}

/** A cell, trimmed; '' for a column the file does not have. (A plain function: no closure per row.) */
function cellOf(record: readonly string[], i: number | undefined): string {
  return i === undefined ? '' : (record[i] ?? '').trim();
}

function rawRow(record: readonly string[], line: number, cols: ColumnMap, defaultCountry: string | null): Raw {
  const c = cellOf(record, cols.fields.country).toUpperCase();
  const country = COUNTRY_ALIASES[c] ?? c;
  return { record, line, phone: cellOf(record, cols.fields.phone), country: country && isCountry(country) ? country : defaultCountry };
}

/** Fills a first row's empty values from a duplicate. */
function mergeInto(target: Contact, vars: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(vars)) if (v && !target.vars[k]) target.vars[k] = v;
}

/** One data row: the recipient it describes, or why it is rejected. `phone` is its number, already checked. */
function readRow(
  record: readonly string[],
  cols: ColumnMap,
  opts: ReadOptions,
  rowCountry: string | null,
  checked: PhoneCheck | null,
): Omit<Contact, 'line'> | { reason: string } {
  if (record.length !== cols.width && !(record.length === 1 && record[0] === '')) {
    return { reason: `has ${record.length} fields where the header has ${cols.width}` };
  }
  const rawCountry = cellOf(record, cols.fields.country).toUpperCase();
  const country = COUNTRY_ALIASES[rawCountry] ?? rawCountry;
  if (country && !isCountry(country)) return { reason: `“${rawCountry.slice(0, 30)}” is not a country code (use two letters such as GB)` };

  const emailCell = cellOf(record, cols.fields.email);
  let phone = '';
  let phoneCountry: string | null = null;
  if (checked?.ok) {
    phone = checked.e164;
    phoneCountry = checked.country;
  } else if (checked && opts.channel === 'sms') return { reason: checked.reason };
  let email = '';
  if (opts.channel === 'email' || emailCell) {
    const e = normaliseEmail(emailCell);
    if (e.ok) email = e.email;
    else if (opts.channel === 'email') return { reason: e.reason };
  }

  const tzCell = cellOf(record, cols.fields.timezone);
  let zone: string;
  if (tzCell) {
    const canonical = canonicalZone(tzCell);
    if (!canonical) return { reason: `“${tzCell.slice(0, 40)}” is not a time zone (use a name such as Europe/London)` };
    zone = canonical;
  } else {
    const zoneCountry = phoneCountry ?? rowCountry;
    if (!zoneCountry) return { reason: 'no time zone: add a timezone or country column, or set a default country' };
    const unserved = opts.unservedCountry?.(zoneCountry);
    if (unserved) return { reason: unserved };
    zone = `@${zoneCountry}`;
  }

  const first = cellOf(record, cols.fields.first_name);
  const last = cellOf(record, cols.fields.last_name);
  const vars: Record<string, string> = {
    phone,
    email,
    first_name: first,
    last_name: last,
    name: [first, last].filter(Boolean).join(' '),
    timezone: tzCell,
    country: country || (phoneCountry ?? ''),
  };
  for (const e of cols.extras) vars[e.name] = cellOf(record, e.index);
  return { address: opts.channel === 'sms' ? phone : email, name: vars.name ?? '', zone, vars };
}
