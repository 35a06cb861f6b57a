/** A slim bar over workspace screens while the vault is locked or not set up: keys can be listed, not used; it leads to the vault screen. */
import type { ReactElement } from 'react';
import { Button } from '../components/Button';
import { Icon } from '../components/Icon';
import { navigate } from '../lib/navigation';
import { useVault } from '../stores/vault';

/** Shown only while locked. */
export function VaultBar(): ReactElement | null {
  const status = useVault((s) => s.status);
  if (!status || !status.locked) return null;
  const text = !status.initialized
    ? 'The vault has not been set up yet, so keys cannot be stored: choose a passphrase on the Vault screen.'
    : status.mode === 'passphrase'
      ? 'The vault is locked: keys are listed by their hints, but adding, testing, revealing and copying need your passphrase.'
      : 'The vault is locked: keys are listed by their hints, but adding, testing, revealing and copying need the vault unlocked.';
  return (
    <div className="vault-bar" role="status" data-testid="vault-bar">
      <Icon name="lock" />
      <p>{text}</p>
      <Button size="sm" variant="primary" icon="unlock" onClick={() => navigate('vault')}>
        {status.initialized ? 'Unlock' : 'Set up vault'}
      </Button>
    </div>
  );
}
