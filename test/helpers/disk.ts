/** Raw reads of a data folder: what an attacker with the disk would see. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The files under dir (database, -wal, -shm, anything else) whose raw bytes contain needle. */
export function filesHolding(dir: string, needle: Buffer): string[] {
  return filesUnder(dir).filter((f) => readFileSync(f).includes(needle));
}
