/** Vault channels. */
import type { HandlerContext, ServiceMap } from './handler';

/** Vault handlers. */
export function vaultHandlers({ core, actor, emit }: HandlerContext): ServiceMap<'vault:status' | 'vault:unlock' | 'vault:lock' | 'vault:rotate'> {
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
    'vault:rotate': async ({ passphrase }) => {
      const generation = await core.vault.rotateMasterKey({ passphrase });
      core.audit.append({ actor, action: 'vault.rotate', detail: { generation } });
      return core.vault.status();
    },
  };
}
