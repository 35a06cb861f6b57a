/**
 * Reads a do-not-contact file: one number or address per line, or a CSV whose header names a
 * phone or e-mail column. Lines that are not an address are counted and the first ones reported.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../../shared/errors';
import { variableName } from '../../../shared/message-template';
import { dncAddress } from './dnc';

/** What reading the file found besides the addresses. */
export interface DncFileReport {
  lines: number;
  valid: number;
  invalid: number;
  /** The first invalid lines, for the operator to fix. */
  readonly samples: { line: number; reason: string }[];
}

const HEADER_NAMES = new Set([
  'phone',
  'mobile',
  'phone_number',
  'mobile_number',
  'number',
  'msisdn',
  'email',
  'e_mail',
  'email_address',
  'address',
]);

/**
 * Yields normalised addresses from a file; `onlyPrefix` keeps just numbers starting with it
 * (NCPR: +91). The report fills in as the generator is consumed.
 */
export function readDncFile(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: { defaultCountry: string | null; onlyPrefix?: string },
): { addresses: AsyncIterable<string>; report: DncFileReport } {
  const report: DncFileReport = { lines: 0, valid: 0, invalid: 0, samples: [] };
  async function* addresses(): AsyncGenerator<string> {
    const parser = parse({
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 4096,
      delimiter: [',', ';', '\t'],
    });
    const source = Readable.from(input as AsyncIterable<Buffer | string>);
    source.on('error', (e) => parser.destroy(e));
    source.pipe(parser);
    let column = 0;
    let first = true;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (first) {
          first = false;
          const header = record.map((h) => variableName(h.replace(/^\uFEFF/, '')));
          const at = header.findIndex((h) => HEADER_NAMES.has(h));
          if (at >= 0) {
            column = at;
            continue;
          }
        }
        report.lines += 1;
        const raw = (record[column] ?? '').replace(/^\uFEFF/, '');
        if (raw.includes('\u0000'))
          throw new AppError('INVALID_INPUT', 'The do-not-contact file is not a text file (it contains binary data).');
        const checked = dncAddress(raw, opts.defaultCountry);
        if (checked.ok && (!opts.onlyPrefix || checked.address.startsWith(opts.onlyPrefix))) {
          report.valid += 1;
          yield checked.address;
          continue;
        }
        report.invalid += 1;
        if (report.samples.length < 100)
          report.samples.push({
            line: info.lines,
            reason: checked.ok ? `${checked.address} is not a ${opts.onlyPrefix} number` : checked.reason,
          });
      }
    } catch (err) {
      source.destroy();
      if (err instanceof AppError) throw err;
      if (err instanceof CsvError)
        throw new AppError(
          'INVALID_INPUT',
          `The do-not-contact file is not a valid list or CSV file${typeof err.lines === 'number' ? ` (line ${err.lines})` : ''}.`,
        );
      throw new AppError('INVALID_INPUT', 'The do-not-contact file could not be read.');
    }
    if (report.lines === 0) throw new AppError('INVALID_INPUT', 'The do-not-contact file has no numbers or addresses in it.');
  }
  return { addresses: addresses(), report };
}
