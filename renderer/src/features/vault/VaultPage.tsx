/** The vault: its state, setting it up (no keychain), unlocking (passphrase mode), locking now, and rotating the master key. */
import { useState, type FormEvent, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Loading, Page, PageHeader } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import type { ErrorInfo } from '../../lib/api';
import { toast } from '../../stores/toasts';
import { useVault } from '../../stores/vault';
import { RotateCard } from './RotateCard';
import { SetupForm } from './SetupForm';
import './vault.css';

function minutes(ms: number): string {
  if (ms <= 0) return 'Never locks by itself';
  const m = Math.round(ms / 60_000);
  return `Locks after ${m} ${m === 1 ? 'minute' : 'minutes'} without use`;
}

/** The screen. */
export default function VaultPage(): ReactElement {
  const status = useVault((s) => s.status);
  const loadError = useVault((s) => s.error);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<'unlock' | 'lock' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const unlock = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    setBusy('unlock');
    const res = await useVault.getState().unlock(passphrase);
    setBusy(null);
    // The passphrase leaves the form whatever happened.
    setPassphrase('');
    if (res.ok) {
      setError(null);
      toast.success('Vault unlocked');
    } else setError(res.error);
  };
  const lock = async (): Promise<void> => {
    setBusy('lock');
    const res = await useVault.getState().lock();
    setBusy(null);
    if (res.ok) toast.success('Vault locked', 'Keys stay listed by their hints; using them needs an unlock.');
    else toast.error('Vault not locked', errorSentence(res.error));
  };

  const header = <PageHeader title="Vault" subtitle="Where the master key lives, and whether Switchboard holds it right now." />;
  if (!status)
    return (
      <Page header={header}>
        {loadError ? (
          <ErrorBanner title="Vault status unavailable" error={loadError} onRetry={() => void useVault.getState().load()} />
        ) : (
          <Loading />
        )}
      </Page>
    );
  const passMode = status.mode === 'passphrase';
  return (
    <Page header={header}>
      <div className="vault">
        <section
          className={`vault-state card ${status.locked ? 'is-locked' : 'is-open'}`}
          aria-labelledby="vault-state"
          data-testid="vault-state"
        >
          <span className="vault-icon">
            <Icon name={status.locked ? 'lock' : 'unlock'} size={24} />
          </span>
          <div className="vault-text">
            <div className="vault-title">
              <h2 id="vault-state">{!status.initialized ? 'Not set up' : status.locked ? 'Locked' : 'Unlocked'}</h2>
              {!status.locked ? (
                <Button icon="lock" busy={busy === 'lock'} onClick={() => void lock()}>
                  Lock now
                </Button>
              ) : null}
            </div>
            {!status.initialized ? (
              <p className="muted">There is no vault yet, so keys cannot be stored. Choose a passphrase below to create it.</p>
            ) : (
              <p className="muted">
                {passMode
                  ? 'The master key is wrapped by a key derived (scrypt) from your passphrase.'
                  : 'The master key is held by the system keychain.'}{' '}
                {status.locked ? 'Stored secrets cannot be opened until it is unlocked.' : minutes(status.autoLockMs) + '.'}
              </p>
            )}
            {status.initialized ? (
              <dl className="vault-facts">
                <div>
                  <dt>Protection</dt>
                  <dd>{passMode ? 'Passphrase' : 'System keychain'}</dd>
                </div>
                <div>
                  <dt>Master key</dt>
                  <dd>Generation {status.generation}</dd>
                </div>
                <div>
                  <dt>Encryption</dt>
                  <dd>AES-256-GCM, one data key per workspace</dd>
                </div>
              </dl>
            ) : null}
          </div>
        </section>
        {!status.initialized ? <SetupForm /> : null}
        {status.locked && status.initialized ? (
          <form className="vault-unlock card" onSubmit={(e) => void unlock(e)} aria-label="Unlock the vault">
            {passMode ? (
              <Field
                label="Passphrase"
                secret
                value={passphrase}
                onChange={setPassphrase}
                autoFocus
                help="The passphrase chosen when the vault was created. It is never stored."
              />
            ) : (
              <p className="muted">
                Switchboard reads the master key from the system keychain again. If the keychain is locked, your system asks to unlock it
                first.
              </p>
            )}
            {error ? <ErrorBanner title="Still locked" error={error} /> : null}
            <div>
              <Button type="submit" variant="primary" icon="unlock" busy={busy === 'unlock'} disabled={passMode && passphrase === ''}>
                {passMode ? 'Unlock' : 'Unlock from keychain'}
              </Button>
            </div>
          </form>
        ) : null}
        {!status.locked ? <RotateCard passphraseMode={passMode} /> : null}
        <section className="card card-pad vault-notes">
          <h3>What the vault guarantees</h3>
          <ul>
            <li>
              Secrets are sealed per workspace and bound to their row; only masked hints such as <code>sk-ant-…9xQa</code> leave the main
              process.
            </li>
            <li>Reveal shows a key for 30 seconds and is written to the audit log.</li>
            <li>Copy is done by the main process, which clears the clipboard after 30 seconds; the console never holds the value.</li>
            <li>Deleting a key destroys its ciphertext: there is no second copy.</li>
          </ul>
        </section>
      </div>
    </Page>
  );
}
