/**
 * Import .env: pick, drop or paste a file; see per provider what it holds (masked) and choose what
 * to store; store it in one go (unverified), then check each key live, which leaves a key
 * unverified when its provider cannot be reached (offline).
 */
import { useState, type ReactElement } from 'react';
import type { CheckResultView } from '../../../../shared/domain';
import type { ProviderId } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Status, statusOfCheck } from '../../components/Status';
import type { ErrorInfo } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { type EnvPreview, useTransfer } from '../../stores/transfer';
import { EnvPreviewTable } from './EnvPreviewTable';
import { FilePick } from './FilePick';

/** Largest .env accepted (the core says the same). */
const MAX_BYTES = 256 * 1024;

interface Stored {
  readonly id: string;
  readonly name: string;
  readonly check: CheckResultView | 'checking' | 'skipped' | ErrorInfo | null;
}

/** The dialog for one workspace. */
export function EnvImportDialog({
  open,
  onOpenChange,
  workspace,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  workspace: { id: string; name: string };
}): ReactElement {
  const [text, setText] = useState('');
  const [source, setSource] = useState<string | null>(null);
  const [preview, setPreview] = useState<EnvPreview | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [checkLive, setCheckLive] = useState(true);
  const [stored, setStored] = useState<readonly Stored[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const reset = (): void => {
    // The file's text leaves the dialog with it.
    setText('');
    setSource(null);
    setPreview(null);
    setChosen(new Set());
    setStored(null);
    setError(null);
  };
  const close = (o: boolean): void => {
    if (!o) reset();
    onOpenChange(o);
  };

  const look = async (body: string): Promise<void> => {
    setBusy(true);
    const res = await useTransfer.getState().previewEnv(body);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setText(body);
    setPreview(res.value);
    setChosen(new Set(res.value.credentials.filter((c) => c.verdict === 'ready').map((c) => c.provider)));
  };
  const pick = async (file: File): Promise<void> => {
    if (file.size > MAX_BYTES)
      return setError({ code: 'INVALID_INPUT', message: 'That file is too large to be a .env file (at most 256 KB).' });
    setSource(file.name);
    await look(await file.text());
  };

  const store = async (): Promise<void> => {
    const providers = [...chosen] as ProviderId[];
    setBusy(true);
    const res = await useTransfer.getState().importEnv(workspace.id, text, providers);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setText('');
    let rows: Stored[] = res.value.stored.map((k) => ({ id: k.id, name: k.nickname, check: checkLive ? 'checking' : 'skipped' }));
    setStored(rows);
    toast.success(
      `${rows.length} key${rows.length === 1 ? '' : 's'} stored in ${workspace.name}`,
      checkLive ? 'Checking each one live now.' : 'Unverified until checked.',
    );
    if (!checkLive) return;
    for (const k of res.value.stored) {
      const checked = await useCredentials.getState().test(k.id);
      rows = rows.map((r) => (r.id === k.id ? { ...r, check: checked.ok ? checked.value : checked.error } : r));
      setStored(rows);
    }
  };

  const ready = preview?.credentials.filter((c) => c.verdict === 'ready').length ?? 0;
  const footer = stored ? (
    <Button variant="primary" onClick={() => close(false)}>
      Done
    </Button>
  ) : preview ? (
    <>
      <Button onClick={reset}>Back</Button>
      <Button variant="primary" busy={busy} disabled={chosen.size === 0} onClick={() => void store()}>
        Store {chosen.size} key{chosen.size === 1 ? '' : 's'}
      </Button>
    </>
  ) : (
    <Button variant="primary" busy={busy} disabled={text.trim() === ''} onClick={() => void look(text)}>
      Preview
    </Button>
  );

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      width="lg"
      title={`Import .env into ${workspace.name}`}
      description="Keys are recognised by their usual variable names. Values are never shown back; only what you tick is stored."
      footer={footer}
    >
      {error ? <ErrorBanner title="Not imported" error={error} onDismiss={() => setError(null)} /> : null}
      {stored ? (
        <StoredList rows={stored} />
      ) : preview ? (
        <div className="env-step">
          <p className="muted">
            {source ? <strong>{source}</strong> : 'The pasted text'}: {preview.lineCount} lines, {preview.credentials.length} provider
            {preview.credentials.length === 1 ? '' : 's'}, {ready} ready to store.
          </p>
          <EnvPreviewTable
            preview={preview}
            chosen={chosen}
            onToggle={(p, on) => {
              const next = new Set(chosen);
              if (on) next.add(p);
              else next.delete(p);
              setChosen(next);
            }}
          />
          <label className="check-line">
            <input type="checkbox" checked={checkLive} onChange={(e) => setCheckLive(e.target.checked)} /> Check each key with its provider
            after storing (a key whose provider cannot be reached stays unverified)
          </label>
        </div>
      ) : (
        <div className="env-step">
          <FilePick what="a .env file" busy={busy} onFile={(f) => void pick(f)} />
          <label className="field-label" htmlFor="env-text">
            Or paste its text
          </label>
          <textarea
            id="env-text"
            className="env-text mono"
            rows={8}
            spellCheck={false}
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={'TWILIO_ACCOUNT_SID=AC…\nTWILIO_AUTH_TOKEN=…'}
          />
        </div>
      )}
    </Dialog>
  );
}

function StoredList({ rows }: { rows: readonly Stored[] }): ReactElement {
  return (
    <ul className="stored-list" data-testid="env-stored">
      {rows.map((r) => (
        <li key={r.id}>
          <span className="stored-name">{r.name}</span>
          {r.check === 'checking' ? (
            <Status kind="checking" />
          ) : r.check === 'skipped' || r.check === null ? (
            <Status kind="unverified" word="Unverified — not checked" />
          ) : 'credentialId' in r.check ? (
            <span className="stored-check">
              <Status
                kind={statusOfCheck(r.check.status)}
                word={r.check.status === 'unreachable' ? 'Unverified — provider not reachable' : undefined}
              />
              <span className="muted">{r.check.summary}</span>
            </span>
          ) : (
            <span className="stored-check">
              <Status kind="unverified" />
              <span className="muted">{errorSentence(r.check)}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
