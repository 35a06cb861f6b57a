/**
 * What the key forms show while the vault is locked: saving cannot work, so the form is disabled
 * with the reason, and the vault can be unlocked right here (passphrase or keychain) without
 * leaving the form. The passphrase lives only in this component's state and is cleared after each try.
 */
import { useState, type KeyboardEvent, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { errorSentence } from '../../lib/errors';
import { navigate } from '../../lib/navigation';
import { useVault, type VaultStatus } from '../../stores/vault';
import './vault-lock-notice.css';

/** The vault status while it is locked (or not set up); null while it is open or not known yet. */
export function useVaultLock(): VaultStatus | null {
  return useVault((s) => (s.status?.locked ? s.status : null));
}

/** The reason a save button is disabled, for its tooltip. */
export const LOCKED_REASON = 'The vault is locked: unlock it to save or test a key.';

/** The notice, with inline unlock; renders nothing while the vault is open. */
export function VaultLockNotice({ what = 'save this key' }: { what?: string }): ReactElement | null {
  const status = useVaultLock();
  // The notice (and the passphrase typed into it) exists only while the vault is locked: once
  // it opens, from here or from anywhere else, the state goes with the component.
  return status ? <LockedNotice status={status} what={what} /> : null;
}

function LockedNotice({ status, what }: { status: VaultStatus; what: string }): ReactElement {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const unlock = async (): Promise<void> => {
    setBusy(true);
    const res = await useVault.getState().unlock(passphrase);
    setBusy(false);
    setPassphrase('');
    setProblem(res.ok ? null : errorSentence(res.error));
  };
  // Enter unlocks; it must not submit the key form this notice sits in.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (passphrase) void unlock();
  };

  const passMode = status.mode === 'passphrase';
  return (
    <div className="banner banner-warn vault-lock-notice" role="status" data-testid="vault-lock-notice">
      <Icon name="lock" className="banner-icon" />
      <div className="banner-text">
        {status.initialized ? (
          <p>
            <strong>The vault is locked. </strong>
            Switchboard cannot {what} until it is unlocked
            {passMode ? ': enter your passphrase here; what you typed in the form stays.' : '.'}
          </p>
        ) : (
          <p>
            <strong>The vault is not set up yet. </strong>
            Keys cannot be stored until it is: set it up on the Vault screen.
          </p>
        )}
        <div className="vault-lock-row">
          {status.initialized && passMode ? (
            <Field label="Vault passphrase" secret value={passphrase} onChange={setPassphrase} onKeyDown={onKeyDown} disabled={busy} />
          ) : null}
          {status.initialized ? (
            <Button size="sm" variant="primary" icon="unlock" busy={busy} disabled={passMode && !passphrase} onClick={() => void unlock()}>
              Unlock vault
            </Button>
          ) : null}
          <Button size="sm" variant="ghost" onClick={() => navigate('vault')}>
            Open vault screen
          </Button>
        </div>
        {problem ? (
          <p className="field-feedback is-bad" role="alert">
            Still locked. {problem}
          </p>
        ) : null}
      </div>
    </div>
  );
}
