/**
 * AES-256-GCM sealing with a scheme tag, a random 96-bit nonce and row-bound AAD.
 * Layout of a sealed blob: [scheme 0x01][nonce 12][tag 16][ciphertext…].
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';

/** Scheme byte for AES-256-GCM v1; a later scheme gets a new byte so old rows still open. */
export const SCHEME_AES256GCM_V1 = 0x01;
const NONCE = 12;
const TAG = 16;
const HEADER = 1 + NONCE + TAG;

/** Seals bytes with a 32-byte key; the AAD binds the ciphertext to the row it belongs to. */
export function sealBytes(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  if (key.length !== 32) throw new Error('seal needs a 32-byte key');
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([SCHEME_AES256GCM_V1]), nonce, cipher.getAuthTag(), body]);
}

/** Opens a sealed blob; any alteration, a wrong key or a different AAD is `TAMPERED`. */
export function openBytes(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (blob.length < HEADER || blob[0] !== SCHEME_AES256GCM_V1) {
    throw new AppError('TAMPERED', 'This stored secret is not in a format Switchboard can open; enter it again.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(blob.subarray(1 + NONCE, HEADER));
    return Buffer.concat([decipher.update(blob.subarray(HEADER)), decipher.final()]);
  } catch {
    throw new AppError('TAMPERED', 'This stored secret was altered on disk and cannot be opened; enter it again.');
  }
}

/** Seals a UTF-8 string. */
export function sealText(key: Buffer, plaintext: string, aad: string): Buffer {
  return sealBytes(key, Buffer.from(plaintext, 'utf8'), aad);
}

/** Opens a sealed UTF-8 string. */
export function openText(key: Buffer, sealed: Uint8Array, aad: string): string {
  const bytes = openBytes(key, sealed, aad);
  const text = bytes.toString('utf8');
  bytes.fill(0);
  return text;
}
