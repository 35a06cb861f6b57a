/**
 * Import a bundle (or a client's intake file): pick it, give the passphrase if it has one, see
 * what it will create, add or replace, then write all of it or nothing.
 */
import { useState, type FormEvent, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { ProviderMark } from '../../components/ProviderMark';
import type { ErrorInfo } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { toast } from '../../stores/toasts';
import { type BundlePreview, useTransfer } from '../../stores/transfer';
import { EnvPreviewTable } from './EnvPreviewTable';
import { fileBase64, FilePick } from './FilePick';

type Preview = NonNullable<BundlePreview['preview']>;

const VIA: Readonly<Record<Preview['via'], string>> = {
  agency: 'Opened with this agency’s recipient.',
  passphrase: 'Opened with the passphrase.',
  intake: 'A client’s keys, opened with their intake. The intake closes once they are imported.',
};
const WS_ACTION: Readonly<Record<Preview['workspaces'][number]['action'], string>> = {
  create: 'New workspace',
  update: 'Settings change',
  keep: 'Existing workspace',
};

/** The dialog. */
export function BundleImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }): ReactElement {
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [seen, setSeen] = useState<{ preview: Preview; digest: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Hosts not the providers' own, each confirmed on its own before the import can run.
  const [trusted, setTrusted] = useState<readonly string[]>([]);

  const close = (o: boolean): void => {
    if (!o) {
      setFile(null);
      setNeedsPassphrase(false);
      setPassphrase('');
      setSeen(null);
      setError(null);
    }
    onOpenChange(o);
  };
  const look = async (data: string, pass?: string): Promise<void> => {
    setBusy(true);
    const res = await useTransfer.getState().previewBundle(data, pass);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setNeedsPassphrase(res.value.needsPassphrase);
    if (res.value.preview && res.value.digest) setSeen({ preview: res.value.preview, digest: res.value.digest });
  };
  const pick = async (f: File): Promise<void> => {
    if (f.size > 16 * 1024 * 1024)
      return setError({ code: 'INVALID_INPUT', message: 'That file is too large to be a Switchboard bundle; nothing was imported.' });
    const data = await fileBase64(f);
    setFile({ name: f.name, data });
    setSeen(null);
    setTrusted([]);
    await look(data);
  };
  const unlock = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (file) await look(file.data, passphrase);
  };
  const run = async (): Promise<void> => {
    if (!file || !seen) return;
    setBusy(true);
    const res = await useTransfer.getState().importBundle(file.data, seen.digest, needsPassphrase ? passphrase : undefined, [...trusted]);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    toast.success(
      'Bundle imported',
      `${res.value.keys} key${res.value.keys === 1 ? '' : 's'} into ${res.value.workspaces} workspace${res.value.workspaces === 1 ? '' : 's'}${res.value.intakeClosed ? '; the intake is now closed' : ''}.`,
    );
    close(false);
  };

  const keys = seen ? seen.preview.workspaces.reduce((n, w) => n + w.keys.length, 0) : 0;
  const foreign = seen
    ? [...new Set(seen.preview.workspaces.flatMap((w) => w.keys.flatMap((k) => (k.foreignHost ? [k.foreignHost] : []))))]
    : [];
  const unconfirmed = foreign.some((h) => !trusted.includes(h));
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      width="lg"
      title="Import a bundle"
      description="A bundle from a teammate or a client’s intake file. Every entry is checked before anything is written, and it is written all at once or not at all."
      footer={
        seen ? (
          <Button variant="primary" busy={busy} disabled={unconfirmed} onClick={() => void run()}>
            Import all {keys} key{keys === 1 ? '' : 's'}
          </Button>
        ) : undefined
      }
    >
      {/* A wrong bundle passphrase is told at its field: the banner's remedy (open the vault) is not what helps here. */}
      {error && error.code !== 'WRONG_PASSPHRASE' ? (
        <ErrorBanner title="Not imported" error={error} onDismiss={() => setError(null)} />
      ) : null}
      {!file || (!seen && !needsPassphrase) ? <FilePick what="a bundle (.age)" busy={busy} onFile={(f) => void pick(f)} /> : null}
      {file && needsPassphrase && !seen ? (
        <form className="env-step" onSubmit={(e) => void unlock(e)}>
          <p className="muted">
            <strong>{file.name}</strong> is locked with a passphrase.
          </p>
          <Field label="Bundle passphrase" secret value={passphrase} onChange={setPassphrase} autoFocus />
          {error?.code === 'WRONG_PASSPHRASE' ? (
            <p className="field-feedback is-bad" role="alert">
              <span aria-hidden>✕</span> {errorSentence(error)}
            </p>
          ) : null}
          <div>
            <Button type="submit" variant="primary" busy={busy} disabled={passphrase === ''}>
              Open
            </Button>
          </div>
        </form>
      ) : null}
      {seen ? <ImportPlan name={file?.name ?? ''} preview={seen.preview} /> : null}
      {foreign.map((host) => (
        <label key={host} className="field-feedback is-bad" data-testid="foreign-endpoint">
          <input
            type="checkbox"
            checked={trusted.includes(host)}
            onChange={(e) => setTrusted((t) => (e.target.checked ? [...t, host] : t.filter((x) => x !== host)))}
          />{' '}
          Send these keys’ secrets to <strong>{host}</strong>, which is not the provider’s own API
        </label>
      ))}
    </Dialog>
  );
}

function ImportPlan({ name, preview }: { name: string; preview: Preview }): ReactElement {
  return (
    <div className="env-step" data-testid="bundle-preview">
      <p className="muted">
        <strong>{name}</strong>. {VIA[preview.via]}
      </p>
      {preview.workspaces.map((w) => (
        <section key={w.name} className="plan-ws">
          <h4>
            {w.name} <span className={`badge ${w.action === 'create' ? 'badge-accent' : 'badge-outline'}`}>{WS_ACTION[w.action]}</span>
          </h4>
          {w.changes.length > 0 ? <p className="muted">Settings: {w.changes.join('; ')}</p> : null}
          <table className="table">
            <tbody>
              {w.keys.map((k) => (
                <tr key={`${k.provider}-${k.environment}-${k.nickname}`}>
                  <td className="plan-action">
                    <span className={`badge ${k.action === 'add' ? 'badge-ok' : 'badge-warn'}`}>
                      {k.action === 'add' ? '+ Add' : '~ Replace'}
                    </span>
                  </td>
                  <td>
                    <div className="env-provider">
                      <ProviderMark provider={{ id: k.provider, name: k.providerName }} size="sm" />
                      <span>
                        <strong>{k.providerName}</strong> <span className="faint">· {k.environment}</span>
                      </span>
                    </div>
                  </td>
                  <td>{k.nickname}</td>
                  <td className="mono">
                    {Object.values(k.hints).join('  ')}
                    {k.endpoint ? <div className={k.foreignHost ? 'field-feedback is-bad' : 'faint'}>→ {k.endpoint}</div> : null}
                    {k.region ? <div className="faint">region {k.region}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {preview.env ? <EnvPreviewTable preview={preview.env} /> : null}
    </div>
  );
}
