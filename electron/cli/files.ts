/**
 * Reading the files an operator names (a .env file, a contact CSV, a template, a passphrase file,
 * a bundle): bounded, so a wrong path can never hang the CLI or fill its memory. The file is opened
 * first and the opened descriptor is checked (no gap between check and read in which the path can
 * be swapped); anything but a regular file is refused, and at most limit + 1 bytes are ever read,
 * so /dev/zero, a FIFO or a file still growing ends in one sentence instead of a hang.
 * Sentences name what was expected and the limit, never the file's content.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { MAX_ENV_BYTES } from '../core/offline/env-import';

/** What a file is for and how large it may be. */
export interface InputFileOptions {
  /** How the sentence names it: 'CSV file', '.env file', 'template file'. */
  readonly what: string;
  readonly limitBytes: number;
}

/** The limits of the files the CLI reads; each is said in the sentence that refuses a larger file. */
export const FILE_LIMITS = {
  // One limit for the CLI and the core's parser, so the sentence that refuses a file says the real one.
  env: MAX_ENV_BYTES,
  passphrase: 4 * 1024,
  template: 64 * 1024,
  prompt: 256 * 1024,
  contacts: 512 * 1024 * 1024,
  dnc: 2 * 1024 * 1024 * 1024,
} as const;

/** 64 KB, 1 MB, 512 MB: the limit as the sentence says it. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${+(bytes / 1024).toFixed(1)} KB`;
}

/** “a CSV file”, “an .env file”. */
const article = (what: string): string => (/^[aeiou.]/i.test(what) ? `an ${what}` : `a ${what}`);

const tooLarge = (options: InputFileOptions): AppError =>
  new AppError(
    'INVALID_INPUT',
    `That file is larger than ${formatLimit(options.limitBytes)}, the most ${article(options.what)} may be; nothing was read.`,
  );

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever. It changes
// nothing for a regular file. Windows has neither FIFOs nor the flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The path as the operator typed it, for a message; but a path holding a long run of letters and
 * digits may hold a secret pasted in the wrong place, and a message never repeats one.
 */
function namedPath(path: string): string {
  const secretLike = /[A-Za-z0-9_]{20,}/.exec(path)?.[0];
  const risky = secretLike !== undefined && /\d/.test(secretLike) && /[A-Za-z]/.test(secretLike);
  return risky ? 'that path' : JSON.stringify(path);
}

/** Opens path and checks the opened descriptor is a regular file within the limit; returns the fd. */
function openRegular(path: string, options: InputFileOptions): number {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AppError('NOT_FOUND', `There is no ${options.what} at ${namedPath(path)}; check it and try again.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new AppError('FORBIDDEN', `Switchboard is not allowed to read that ${options.what} (permission denied).`);
    if (code === 'EISDIR') throw new AppError('INVALID_INPUT', `That path is a folder, not ${article(options.what)}.`);
    throw new AppError('INVALID_INPUT', `That ${options.what} could not be opened.`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new AppError('INVALID_INPUT', `That path is a folder, not ${article(options.what)}.`);
    if (!stats.isFile())
      throw new AppError(
        'INVALID_INPUT',
        `That path is a device or a pipe, not ${article(options.what)}; give the path of a regular file.`,
      );
    if (stats.size > options.limitBytes) throw tooLarge(options);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Refuses bytes that are not text: a NUL byte (a binary file), or invalid UTF-8. */
function decodeText(buf: Buffer, options: InputFileOptions): string {
  if (buf.includes(0))
    throw new AppError('INVALID_INPUT', `That file looks like a binary file, not ${article(options.what)}; nothing was read.`);
  try {
    // fatal: a Windows-1252 export fails here instead of turning into “�” in stored values; the BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new AppError('INVALID_INPUT', `That ${options.what} is not UTF-8 text; save it as UTF-8 and try again.`);
  }
}

/** Reads a whole operator file: text (checked as UTF-8 without NUL bytes) or bytes. */
export function readInputFile(path: string, options: InputFileOptions & { readonly text: true }): string;
export function readInputFile(path: string, options: InputFileOptions & { readonly text?: false }): Buffer;
export function readInputFile(path: string, options: InputFileOptions & { readonly text?: boolean }): string | Buffer {
  const fd = openRegular(path, options);
  // Read until the end, whatever size fstat reported: /proc and sysfs files report 0 (or 4096) and
  // hold more. At most limit + 1 bytes: one past the limit proves the file is too large.
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, options.limitBytes + 1 - length));
      if (chunk.length === 0) break;
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INVALID_INPUT', `That ${options.what} could not be read.`);
  } finally {
    closeSync(fd);
  }
  if (length > options.limitBytes) throw tooLarge(options);
  const bytes = Buffer.concat(chunks, length);
  return options.text ? decodeText(bytes, options) : bytes;
}

/**
 * Streams an operator file too large to hold in memory (a contact CSV, a do-not-contact list):
 * the same checks up front, and the stream fails with the same sentence if the file grows past
 * the limit while it is read. Text checks are the reader's (it decodes as it goes).
 */
export function streamInputFile(path: string, options: InputFileOptions): AsyncIterable<Buffer> {
  const fd = openRegular(path, options);
  // `end` is inclusive: the stream stops at limit + 1 bytes whatever the file does meanwhile.
  const stream = createReadStream('', { fd, start: 0, end: options.limitBytes, autoClose: true });
  return (async function* bounded(): AsyncGenerator<Buffer> {
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > options.limitBytes) throw tooLarge(options);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('INVALID_INPUT', `That ${options.what} could not be read.`);
    } finally {
      stream.destroy();
    }
  })();
}
