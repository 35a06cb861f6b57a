/** Setting up the vault where there is no system keychain: a passphrase, typed twice, that cannot be recovered. */
import { useState, type FormEvent, type ReactElement } from 'react';
import { newPassphraseProblem, PASSPHRASE_RULE } from '../../../../shared/passphrase';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { toast } from '../../stores/toasts';
import { useVault } from '../../stores/vault';

/** The set-up form, shown while the vault does not exist yet. */
export function SetupForm(): ReactElement {
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const tooShort = passphrase !== '' ? newPassphraseProblem(passphrase, passphrase) : null;
  const differs = again !== '' && passphrase !== again ? 'The two passphrases differ.' : null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    // Main checks the rule and the match again; its refusal is the one shown.
    const res = await useVault.getState().setup(passphrase, again);
    setBusy(false);
    // The passphrase leaves the form whatever happened.
    setPassphrase('');
    setAgain('');
    if (res.ok) {
      setError(null);
      toast.success('Vault set up', 'The vault is unlocked: keys can be stored now.');
    } else setError(res.error);
  };

  return (
    <form className="vault-unlock card" onSubmit={(e) => void submit(e)} aria-label="Set up the vault">
      <div className="vault-setup-text">
        <h3>Choose a passphrase</h3>
        <p className="muted">
          There is no system keychain on this machine that Switchboard can use, so the master key will be protected by a passphrase you
          choose, asked for at every start.
        </p>
        <p>
          <strong>It cannot be recovered.</strong> Switchboard never stores it: if it is forgotten, every key stored here is lost with it.
        </p>
      </div>
      <Field
        label="New passphrase"
        secret
        value={passphrase}
        onChange={setPassphrase}
        autoFocus
        problem={tooShort}
        help={PASSPHRASE_RULE}
      />
      <Field label="Type the new passphrase again" secret value={again} onChange={setAgain} problem={differs} />
      {error ? <ErrorBanner title="Vault not set up" error={error} /> : null}
      <div>
        <Button type="submit" variant="primary" icon="lock" busy={busy} disabled={passphrase === '' || again === ''}>
          Set up vault
        </Button>
      </div>
    </form>
  );
}
