/** Vault channels. */
import type { HandlerContext, ServiceMap } from './handler';

/** Vault handlers. */
export function vaultHandlers({
  core,
  actor,
  emit,
}: HandlerContext): ServiceMap<'vault:status' | 'vault:unlock' | 'vault:lock' | 'vault:setup' | 'vault:rotate'> {
  return {
    'vault:status': () => core.vault.status(),
    'vault:unlock': async ({ passphrase }) => {
      await core.vault.unlock(passphrase);
      emit('event:vault', core.vault.status());
      return core.vault.status();
    },
    'vault:lock': () => {
      core.vault.lock();
      emit('event:vault', core.vault.status());
      return core.vault.status();
    },
    // Only for a machine without a keychain: the console creates a passphrase-mode vault, once.
    'vault:setup': async ({ passphrase, confirmation }) => {
      const mode = await core.vault.initialize({ passphrase, confirmation, preferPassphrase: true });
      core.audit.append({ actor, action: 'vault.create', detail: { mode } });
      emit('event:vault', core.vault.status());
      return core.vault.status();
    },
    'vault:rotate': async ({ currentPassphrase, newPassphrase, confirmation }) => {
      const generation = await core.vault.rotateMasterKey({ currentPassphrase, newPassphrase, confirmation });
      core.audit.append({ actor, action: 'vault.rotate', detail: { generation } });
      return core.vault.status();
    },
  };
}
