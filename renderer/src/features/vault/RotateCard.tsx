/** Rotating the master key: asks once, naming what changes (old backups need the old key); passphrase mode proves the current passphrase and takes the new one twice. */
import { useState, type ReactElement } from 'react';
import { newPassphraseProblem, PASSPHRASE_RULE } from '../../../../shared/passphrase';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Field } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { toast } from '../../stores/toasts';
import { useVault } from '../../stores/vault';

/**
 * The rotate card. In passphrase mode the current passphrase is asked for (main checks it before
 * anything changes) and the new one twice, so one typo cannot wrap the new master key beyond reach.
 */
export function RotateCard({ passphraseMode }: { passphraseMode: boolean }): ReactElement {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const clear = (): void => {
    setCurrent('');
    setNext('');
    setAgain('');
  };
  const onOpenChange = (o: boolean): void => {
    setOpen(o);
    // The passphrases leave the form whenever the dialog closes.
    if (!o) {
      clear();
      setError(null);
    }
  };
  const tooShort = next !== '' ? newPassphraseProblem(next, next) : null;
  const differs = again !== '' && next !== again ? 'The two passphrases differ.' : null;
  const rotate = async (): Promise<boolean> => {
    if (passphraseMode) {
      const problem = current === '' ? 'Type the current passphrase.' : newPassphraseProblem(next, again);
      if (problem) {
        setError({ code: 'INVALID_INPUT', message: problem });
        return false;
      }
    }
    const res = await useVault
      .getState()
      .rotate(passphraseMode ? { currentPassphrase: current, newPassphrase: next, confirmation: again } : undefined);
    clear();
    if (res.ok) {
      setError(null);
      toast.success('Master key rotated', `Now at generation ${res.value.generation}; every workspace key was re-wrapped.`);
    } else if (passphraseMode) setError(res.error);
    else toast.error('Master key not rotated', errorSentence(res.error));
    return res.ok;
  };
  return (
    <section className="card card-pad vault-rotate">
      <div>
        <h3>Rotate the master key</h3>
        <p className="muted">
          Creates a new master key and re-wraps every workspace’s data key with it in one transaction. Stored secrets stay as they are.
        </p>
      </div>
      <Button onClick={() => setOpen(true)}>Rotate master key…</Button>
      <Confirm open={open} onOpenChange={onOpenChange} title="Rotate the master key?" confirmLabel="Rotate now" onConfirm={rotate}>
        <p>The current master key is replaced{passphraseMode ? '' : ' and its keychain entry deleted'}.</p>
        <p>
          <strong>What is lost:</strong> copies of the database made before now can only be opened with the old master key, which will no
          longer exist. Take a fresh backup after rotating.
        </p>
        {passphraseMode ? (
          <>
            <p>
              The new master key is protected by the new passphrase below (it may be the same as the current one). It cannot be recovered:
              forget it and every stored key is lost.
            </p>
            <Field label="Current passphrase" secret value={current} onChange={setCurrent} help="Checked before anything changes." />
            <Field label="New passphrase" secret value={next} onChange={setNext} problem={tooShort} help={PASSPHRASE_RULE} />
            <Field label="Type the new passphrase again" secret value={again} onChange={setAgain} problem={differs} />
            {error ? (
              <p className="field-feedback is-bad" role="alert">
                <span aria-hidden>✕</span> Master key not rotated. {errorSentence(error)}
              </p>
            ) : null}
          </>
        ) : null}
      </Confirm>
    </section>
  );
}
