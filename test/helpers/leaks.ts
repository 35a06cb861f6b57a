/** Where a secret could leak on disk: every file below a folder, searched in every encoding a careless write could leave. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every file below `dir`. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Whether `buf` holds the secret as UTF-8, UTF-16, base64 or hex. */
export function leaks(buf: Buffer, secret: string): boolean {
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64').slice(0, 24)),
    Buffer.from(Buffer.from(secret).toString('hex')),
  ].some((needle) => buf.includes(needle));
}

/** Asserts no file of a data folder (which must hold the database) holds any of the secrets. */
export function expectNoLeakInDir(dir: string, secrets: readonly string[]): void {
  const files = filesUnder(dir);
  expect(files.some((f) => f.endsWith('switchboard.db'))).toBe(true);
  for (const f of files) for (const s of secrets) expect(leaks(readFileSync(f), s), `${f} holds a secret`).toBe(false);
}
