/** The vault's state as the console may know it: initialised, mode, locked. Never a key. */
import { create } from 'zustand';
import type { Input, Output } from '../../../shared/ipc/contract';
import { call, subscribe, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

/** Vault status from main. */
export type VaultStatus = Output<'vault:status'>;

interface VaultState {
  readonly status: VaultStatus | null;
  readonly error: ErrorInfo | null;
  load(): Promise<void>;
  /** Unlocks with the passphrase (passphrase mode) or retries the keychain (empty passphrase is not sent). */
  unlock(passphrase: string): Promise<Result<VaultStatus>>;
  lock(): Promise<Result<VaultStatus>>;
  /** Creates a passphrase-protected vault where there is none (a machine without a keychain). */
  setup(passphrase: string, confirmation: string): Promise<Result<VaultStatus>>;
  /** Rotates the master key; passphrase mode needs the current passphrase and the new one twice. */
  rotate(passphrases?: Input<'vault:rotate'>): Promise<Result<VaultStatus>>;
}

/** The vault store; follows `event:vault` pushes so auto-lock shows up at once. */
export const useVault = create<VaultState>()((set) => {
  const apply = (res: Result<VaultStatus>): Result<VaultStatus> => {
    if (res.ok) set({ status: res.value, error: null });
    return res;
  };
  return {
    status: null,
    error: null,
    async load() {
      const res = await call('vault:status', {});
      if (res.ok) set({ status: res.value, error: null });
      else set({ error: res.error });
    },
    unlock: async (passphrase) => apply(await call('vault:unlock', passphrase ? { passphrase } : {})),
    lock: async () => apply(await call('vault:lock', {})),
    setup: async (passphrase, confirmation) => apply(await call('vault:setup', { passphrase, confirmation })),
    rotate: async (passphrases) => apply(await call('vault:rotate', passphrases ?? {})),
  };
});

/** Starts listening to vault pushes; returns the unsubscribe function. */
export function followVault(): () => void {
  return subscribe('event:vault', (status) => useVault.setState({ status }));
}

registerStore('vault', useVault);
