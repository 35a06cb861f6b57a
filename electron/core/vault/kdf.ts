/** Passphrase → key-encryption key, with scrypt at deliberately expensive parameters. */
import { randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';

/** The scrypt parameters stored beside a passphrase-wrapped master key. */
export const KdfParams = z.object({
  alg: z.literal('scrypt'),
  N: z.number().int().min(1024),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: z.string().min(16),
});
/** Parsed scrypt parameters. */
export type KdfParams = z.infer<typeof KdfParams>;

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
