/**
 * The bundle file: a JSON payload (zod-checked) inside one age file, armored so it can go to
 * standard output, and decryptable by the `age` command-line tool. Every way a file can fail to
 * open becomes one sentence, and nothing is written before a file has opened and validated.
 */
import { armor, Decrypter, Encrypter } from 'age-encryption';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { MAX_FIELD_LENGTH } from '../../../shared/providers/catalog';
import { PROVIDER_IDS } from '../../../shared/providers/types';
import type { OpenIdentity } from './identities';

/** Format tag inside the payload, so another JSON file encrypted for us is not taken for a bundle. */
export const BUNDLE_FORMAT = 'switchboard-bundle';

const credentialSchema = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  environment: z.enum(['production', 'test']),
  nickname: z.string().min(1).max(60),
  endpoint: z.string().max(2048).nullable(),
  active: z.boolean(),
  fields: z.record(z.string().max(64), z.string().max(MAX_FIELD_LENGTH)),
});

const workspaceSchema = z.strictObject({
  name: z.string().min(1).max(80),
  kind: z.enum(['agency', 'client']),
  mode: z.enum(['byok', 'bundled']),
  allowAgencyFallback: z.boolean(),
  defaultCountry: z.string().max(8).nullable(),
  credentials: z.array(credentialSchema).max(500),
});

/** The payload schema: what `bundle import` accepts after decryption. */
export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  createdAt: z.string().max(40),
  workspaces: z.array(workspaceSchema).min(1).max(200),
});

const SCHEMA_KEYS = new Set([
  ...Object.keys(bundleSchema.shape),
  ...Object.keys(workspaceSchema.shape),
  ...Object.keys(credentialSchema.shape),
]);

/** A decrypted, validated bundle. */
export type BundlePayload = z.infer<typeof bundleSchema>;
/** One workspace of a bundle. */
export type BundleWorkspace = z.infer<typeof workspaceSchema>;
/** One key of a bundle. */
export type BundleCredential = z.infer<typeof credentialSchema>;

/** Largest bundle file accepted. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/** Who a bundle is encrypted to. */
export type BundleLock = { readonly passphrase: string; readonly workFactor?: number } | { readonly recipients: readonly string[] };

/** Encrypts a payload (or, for tests and the intake sheet, any text) into an armored age file. */
export async function encryptText(text: string, lock: BundleLock): Promise<string> {
  const e = new Encrypter();
  if ('passphrase' in lock) {
    e.setPassphrase(lock.passphrase);
    if (lock.workFactor !== undefined) e.setScryptWorkFactor(lock.workFactor);
  } else {
    if (lock.recipients.length === 0) throw new AppError('INVALID_INPUT', 'Name at least one age recipient (age1…) or use a passphrase.');
    for (const r of lock.recipients) {
      // The recipient is not repeated: a pasted secret key would be echoed.
      if (!/^age1[02-9ac-hj-np-z]{58}$/.test(r.trim()))
        throw new AppError(
          'INVALID_INPUT',
          'A recipient is not an age X25519 recipient (age1… followed by 58 characters); nothing was exported.',
        );
      e.addRecipient(r.trim());
    }
  }
  return armor.encode(await e.encrypt(text));
}

/** The raw age file from what was read: armored text or binary. */
function rawAge(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw new AppError('INVALID_INPUT', 'That file is too large to be a Switchboard bundle; nothing was imported.');
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  if (head.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) {
    try {
      return armor.decode(Buffer.from(bytes).toString('latin1'));
    } catch {
      throw new AppError('TAMPERED', 'This bundle is damaged, cut short or was altered; nothing was imported.');
    }
  }
  if (head.startsWith('age-encryption.org/v1\n')) return bytes;
  throw new AppError('INVALID_INPUT', 'That file is not an age-encrypted bundle; nothing was imported.');
}

/** Whether a file is locked with a passphrase (scrypt) rather than to recipients. */
export function needsPassphrase(bytes: Uint8Array): boolean {
  const raw = rawAge(bytes);
  const header =
    Buffer.from(raw.subarray(0, Math.min(raw.length, 4096)))
      .toString('latin1')
      .split('\n---')[0] ?? '';
  return /\n-> scrypt /.test(header);
}

/** What opened a file, and its plaintext. */
export interface Opened {
  readonly text: string;
  /** The identity that opened it, or null for a passphrase. */
  readonly via: OpenIdentity | null;
}

const NO_MATCH = /no identity matched/i;

/** Decrypts with a passphrase, or with each identity in turn (so the one that opened it is known). */
export async function decryptFile(
  bytes: Uint8Array,
  key: { passphrase: string } | { identities: readonly OpenIdentity[] },
): Promise<Opened> {
  const raw = rawAge(bytes);
  const attempt = async (add: (d: Decrypter) => void): Promise<string | null> => {
    const d = new Decrypter();
    add(d);
    try {
      return await d.decrypt(raw, 'text');
    } catch (err) {
      if (err instanceof Error && NO_MATCH.test(err.message)) return null;
      throw new AppError('TAMPERED', 'This bundle is damaged, cut short or was altered; nothing was imported.');
    }
  };
  if ('passphrase' in key) {
    const text = await attempt((d) => d.addPassphrase(key.passphrase));
    if (text === null) throw new AppError('WRONG_PASSPHRASE', 'That passphrase does not open this bundle; nothing was imported.');
    return { text, via: null };
  }
  for (const id of key.identities) {
    const text = await attempt((d) => d.addIdentity(id.identity));
    if (text !== null) return { text, via: id };
  }
  throw new AppError(
    'FORBIDDEN',
    'This bundle was not encrypted for this Switchboard (nor for an open client intake); nothing was imported.',
  );
}

/** Parses a decrypted payload; a file that is not a valid bundle is refused whole. */
export function parseBundle(text: string): BundlePayload {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', 'The decrypted file is not a Switchboard bundle (not JSON); nothing was imported.');
  }
  const r = bundleSchema.safeParse(json);
  if (!r.success) {
    // Only schema names and positions are named: a field name in the file could be a pasted secret.
    const where = (r.error.issues[0]?.path ?? [])
      .map((seg) => (typeof seg === 'number' || SCHEMA_KEYS.has(String(seg)) ? String(seg) : '…'))
      .join('.');
    throw new AppError(
      'INVALID_INPUT',
      `The decrypted file is not a valid Switchboard bundle (at ${where || 'the top level'}); nothing was imported.`,
    );
  }
  return r.data;
}
