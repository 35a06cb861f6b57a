/** Rotating the master key: asks once, naming what changes (old backups need the old key). */
import { useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Field } from '../../components/Field';
import { errorSentence } from '../../lib/errors';
import { toast } from '../../stores/toasts';
import { useVault } from '../../stores/vault';

/** The rotate card. In passphrase mode the new master key is wrapped with the passphrase typed here. */
export function RotateCard({ passphraseMode }: { passphraseMode: boolean }): ReactElement {
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const rotate = async (): Promise<boolean> => {
    const res = await useVault.getState().rotate(passphraseMode ? passphrase : undefined);
    setPassphrase('');
    if (res.ok) toast.success('Master key rotated', `Now at generation ${res.value.generation}; every workspace key was re-wrapped.`);
    else toast.error('Master key not rotated', errorSentence(res.error));
    return res.ok;
  };
  return (
    <section className="card card-pad vault-rotate">
      <div>
        <h3>Rotate the master key</h3>
        <p className="muted">Creates a new master key and re-wraps every workspace’s data key with it in one transaction. Stored secrets stay as they are.</p>
      </div>
      <Button onClick={() => setOpen(true)}>Rotate master key…</Button>
      <Confirm open={open} onOpenChange={setOpen} title="Rotate the master key?" confirmLabel="Rotate now" onConfirm={rotate}>
        <p>The current master key is replaced{passphraseMode ? '' : ' and its keychain entry deleted'}.</p>
        <p>
          <strong>What is lost:</strong> copies of the database made before now can only be opened with the old master key, which will no longer exist. Take a fresh backup after rotating.
        </p>
        {passphraseMode ? <Field label="Passphrase for the new key" secret value={passphrase} onChange={setPassphrase} help="Type your passphrase (or a new one) to wrap the new master key." /> : null}
      </Confirm>
    </section>
  );
}
