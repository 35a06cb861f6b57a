/** Export a bundle: choose workspaces, then who can open it (teammates' age recipients or a passphrase); the encrypted file is saved. */
import { useState, type ReactElement } from 'react';
import { newPassphraseProblem, PASSPHRASE_RULE } from '../../../../shared/passphrase';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import type { ErrorInfo } from '../../lib/api';
import { saveFile } from '../../lib/saveFile';
import { toast } from '../../stores/toasts';
import { useTransfer } from '../../stores/transfer';
import { useWorkspaces } from '../../stores/workspaces';

const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** The dialog; `initial` is the workspace ticked at first. */
export function BundleExportDialog({
  open,
  onOpenChange,
  initial,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  initial: string | null;
}): ReactElement {
  const all = useWorkspaces((s) => s.all).filter((w) => !w.archivedAt);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(initial ? [initial] : []));
  const [lock, setLock] = useState<'recipients' | 'passphrase'>('recipients');
  const [recipients, setRecipients] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const close = (o: boolean): void => {
    if (!o) {
      setPassphrase('');
      setAgain('');
      setError(null);
    }
    onOpenChange(o);
  };
  const list = recipients.split(/[\s,]+/).filter(Boolean);
  const badRecipient = list.find((r) => !RECIPIENT.test(r));
  const problem =
    chosen.size === 0
      ? 'Choose at least one workspace.'
      : lock === 'recipients'
        ? list.length === 0
          ? 'Paste at least one recipient (age1…).'
          : badRecipient
            ? 'One of these is not an age recipient (age1… followed by 58 characters).'
            : null
        : newPassphraseProblem(passphrase, again);

  const run = async (): Promise<void> => {
    if (problem) return setError({ code: 'INVALID_INPUT', message: problem });
    setBusy(true);
    const workspaceIds = all.filter((w) => chosen.has(w.id)).map((w) => w.id);
    const res = await useTransfer
      .getState()
      .exportBundle(lock === 'recipients' ? { workspaceIds, recipients: list } : { workspaceIds, passphrase, confirmation: again });
    setBusy(false);
    setPassphrase('');
    setAgain('');
    if (!res.ok) return setError(res.error);
    saveFile(res.value.filename, res.value.content, 'application/octet-stream');
    toast.success(
      'Bundle saved',
      `${res.value.keys} key${res.value.keys === 1 ? '' : 's'} from ${res.value.workspaces} workspace${res.value.workspaces === 1 ? '' : 's'}, encrypted with age.`,
    );
    close(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      width="md"
      title="Export a bundle"
      description="One age-encrypted file with the chosen workspaces’ keys and settings. The age command-line tool can open it too."
      footer={
        <Button variant="primary" icon="download" busy={busy} onClick={() => void run()}>
          Export and save
        </Button>
      }
    >
      {error ? <ErrorBanner title="Not exported" error={error} onDismiss={() => setError(null)} /> : null}
      <fieldset className="pick-list">
        <legend className="field-label">Workspaces</legend>
        {all.map((w) => (
          <label key={w.id} className="check-line">
            <input
              type="checkbox"
              checked={chosen.has(w.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(w.id);
                else next.delete(w.id);
                setChosen(next);
              }}
            />{' '}
            {w.name}{' '}
            <span className="faint">{w.kind === 'agency' ? 'Agency' : w.mode === 'byok' ? 'Client · BYOK' : 'Client · Bundled'}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <span className="field-label" id="bundle-lock">
          Who can open it
        </span>
        <Segmented
          labelledBy="bundle-lock"
          value={lock}
          onChange={setLock}
          options={[
            { value: 'recipients', label: 'Teammates’ recipients' },
            { value: 'passphrase', label: 'A passphrase' },
          ]}
        />
      </div>
      {lock === 'recipients' ? (
        <div className="field">
          <label className="field-label" htmlFor="bundle-recipients">
            Recipients (age1…), one per line
          </label>
          <textarea
            id="bundle-recipients"
            className="env-text mono"
            rows={3}
            spellCheck={false}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            placeholder="age1…"
          />
          <p className="field-help">
            A teammate finds theirs under Import &amp; export → This agency’s recipient. Their Switchboard opens the bundle without a
            passphrase.
          </p>
        </div>
      ) : (
        <>
          <Field
            label="Passphrase"
            secret
            value={passphrase}
            onChange={setPassphrase}
            help={`${PASSPHRASE_RULE} Tell it to the recipient another way than the file.`}
          />
          <Field
            label="Type it again"
            secret
            value={again}
            onChange={setAgain}
            problem={again !== '' && again !== passphrase ? 'The two passphrases differ.' : null}
          />
        </>
      )}
    </Dialog>
  );
}
