/** CLI input and output: secrets from stdin, files or a hidden prompt; never from argv. */
import { AppError, type ErrorCode } from '../../shared/errors';
import { FILE_LIMITS, readInputFile } from './files';

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'VAULT_LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  'WRONG_PASSPHRASE',
  'DB_TOO_NEW',
]);

/** The exit code for an error code: 2 for usage or input, 1 for everything that failed. */
export function exitCodeFor(code: ErrorCode): number {
  return USAGE_CODES.has(code) ? EXIT.usage : EXIT.failed;
}

/** Reads all of stdin (for `key set`'s JSON object of fields). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, limit = 64 * 1024): Promise<string> {
  if ((stream as NodeJS.ReadStream).isTTY)
    throw new AppError(
      'INVALID_INPUT',
      'Pipe the fields as a JSON object on standard input, e.g. `switchboard key set Acme resend < resend.json`.',
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new AppError('INVALID_INPUT', 'Standard input is too large to be a set of key fields.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses `key set`'s stdin: a flat JSON object of string values. Never echoes the input. */
export function parseFieldsJson(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', 'Standard input is not valid JSON: give the fields as an object, e.g. {"apiKey": "…"}.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new AppError('INVALID_INPUT', 'Standard input must be a JSON object of field names to values.');
  const out: Record<string, string> = {};
  for (const [name, fieldValue] of Object.entries(value)) {
    // The field name is not repeated: a secret pasted as a JSON key would be echoed.
    if (typeof fieldValue !== 'string') throw new AppError('INVALID_INPUT', 'Every field value must be a string, in quotes; one is not.');
    out[name] = fieldValue;
  }
  return out;
}

/** Asks for a passphrase on the terminal without echoing it. */
export async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY)
    throw new AppError(
      'KEYCHAIN_UNAVAILABLE',
      'A passphrase is needed: set SWITCHBOARD_PASSPHRASE or pass --passphrase-file (no terminal to ask on).',
    );
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('INVALID_INPUT', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Reads a passphrase file (first line, trailing newline dropped); bounded, so /dev/zero cannot hang it. */
export function readPassphraseFile(path: string): string {
  return readInputFile(path, { what: 'passphrase file', limitBytes: FILE_LIMITS.passphrase, text: true }).split(/\r?\n/)[0] ?? '';
}

/** Prints a simple aligned table. */
export function table(rows: readonly (readonly string[])[], out: (line: string) => void): void {
  if (rows.length === 0) return;
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows)
    out(
      row
        .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
}

/** An instant as the operator reads it: this computer's local time and zone ("Mon 7 Dec, 09:00 GMT+1"). */
export function localTime(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  });
}
