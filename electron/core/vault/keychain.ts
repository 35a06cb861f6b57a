/** The OS keychain port and its @napi-rs/keyring adapter. */
import { Entry } from '@napi-rs/keyring';
import { AppError } from '../../../shared/errors';

/** Where the master key lives when the OS offers a keychain. */
export interface KeyStore {
  /** The stored key, null when there is none; throws KEYCHAIN_UNAVAILABLE when the keychain cannot be used. */
  get(account: string): Buffer | null;
  set(account: string, key: Buffer): void;
  delete(account: string): void;
}

/** The keychain service name every entry is filed under. */
export const KEYCHAIN_SERVICE = 'Switchboard';

function entry(account: string): Entry {
  // On Linux the kernel keyring (keyutils) forgets everything at reboot: a master key kept
  // there would be a master key lost, so the entry is pinned to the Secret Service.
  return new Entry(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } });
}

function unavailable(): AppError {
  return new AppError('KEYCHAIN_UNAVAILABLE', 'The system keychain is not available or is locked; Switchboard needs a passphrase instead.');
}

/** The real OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service). */
export const osKeyStore: KeyStore = {
  get(account) {
    try {
      const secret = entry(account).getSecret();
      return secret ? Buffer.from(secret) : null;
    } catch {
      throw unavailable();
    }
  },
  set(account, key) {
    try {
      entry(account).setSecret(key);
    } catch {
      throw unavailable();
    }
  },
  delete(account) {
    try {
      entry(account).deleteCredential();
    } catch {
      throw unavailable();
    }
  },
};

/** A keychain that refuses everything: the machine has none (headless Linux, CI without D-Bus). */
export const noKeyStore: KeyStore = {
  get() {
    throw unavailable();
  },
  set() {
    throw unavailable();
  },
  delete() {
    throw unavailable();
  },
};
