/** Passphrase → key-encryption key, with scrypt at deliberately expensive parameters. */
import { randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * Bounds on what a stored row may ask for. scrypt needs 128·N·r bytes and N·r·p work, and the row
 * is read back from a file anyone with the disk can edit: without a ceiling an edited row makes
 * unlock allocate without limit. The ceilings sit well above our own choice (N=2^17, r=8, p=1).
 */
const MAX_MEMORY = 2 ** 30;
const MAX_WORK = 2 ** 24;

/** The scrypt parameters stored beside a passphrase-wrapped master key. */
export const KdfParams = z
  .object({
    alg: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 22)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string().min(16).max(256),
  })
  .refine((k) => 128 * k.N * k.r <= MAX_MEMORY, 'scrypt memory is over the ceiling')
  .refine((k) => k.N * k.r * k.p <= MAX_WORK, 'scrypt work is over the ceiling');
/** Parsed scrypt parameters. */
export type KdfParams = z.infer<typeof KdfParams>;

/** Reads the parameters stored in the vault row; anything outside the bounds is TAMPERED. */
export function parseKdfParams(stored: string | null): KdfParams {
  let value: unknown = null;
  try {
    value = JSON.parse(stored ?? 'null');
  } catch {
    // Not JSON: refused just below, like any other shape that is not ours.
  }
  const parsed = KdfParams.safeParse(value);
  if (!parsed.success) throw new AppError('TAMPERED', 'The vault’s passphrase settings were altered on disk; the vault cannot be opened.');
  return parsed.data;
}

/** OWASP's scrypt floor is N=2^17, r=8, p=1: about 128 MiB and a few hundred ms, on purpose. */
export function newKdfParams(): KdfParams {
  return { alg: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: randomBytes(16).toString('base64') };
}

/** Derives the 32-byte key-encryption key for a passphrase. */
export function deriveKek(passphrase: string, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(params.salt, 'base64'),
      32,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}
