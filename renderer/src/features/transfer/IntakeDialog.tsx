/**
 * A new client key intake: choose the keys to ask for, then hand the client the printable sheet
 * and the intake.html page. The sheet view is print-friendly: printing shows the sheet alone.
 */
import { useState, type ReactElement } from 'react';
import { DEFAULT_INTAKE_PROVIDERS } from '../../../../shared/intake';
import { CATALOG } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { saveFile } from '../../lib/saveFile';
import { type NewIntake, useTransfer } from '../../stores/transfer';
import { CopyableText } from './CopyableText';

/** The dialog for one client workspace. */
export function IntakeDialog({
  open,
  onOpenChange,
  workspace,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  workspace: { id: string; name: string };
}): ReactElement {
  const [chosen, setChosen] = useState<ReadonlySet<ProviderId>>(new Set(DEFAULT_INTAKE_PROVIDERS));
  const [agency, setAgency] = useState('');
  const [made, setMade] = useState<NewIntake | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const close = (o: boolean): void => {
    if (!o) {
      setMade(null);
      setError(null);
    }
    onOpenChange(o);
  };
  const create = async (): Promise<void> => {
    setBusy(true);
    const res = await useTransfer.getState().createIntake({
      workspaceId: workspace.id,
      providers: CATALOG.filter((d) => chosen.has(d.id)).map((d) => d.id),
      ...(agency.trim() ? { agencyName: agency.trim() } : {}),
    });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setMade(res.value);
  };
  const footer = made ? (
    <>
      <Button icon="download" onClick={() => saveFile('intake.html', made.html, 'text/html')}>
        Save intake.html
      </Button>
      <Button icon="download" onClick={() => saveFile(`intake-${slug(made.workspaceName)}.txt`, made.sheet, 'text/plain')}>
        Save sheet
      </Button>
      <Button variant="primary" onClick={() => window.print()}>
        Print sheet
      </Button>
    </>
  ) : (
    <Button variant="primary" busy={busy} disabled={chosen.size === 0} onClick={() => void create()}>
      Create intake
    </Button>
  );
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      width="lg"
      className={made ? 'print-sheet' : undefined}
      title={made ? `Intake for ${made.workspaceName}` : `New intake for ${workspace.name}`}
      description={
        made
          ? 'Give the client this sheet and intake.html. The file they send back opens only here, once, and lands in this workspace only.'
          : 'A one-use age recipient for this client. They encrypt their keys to it (with the age tool or the intake page) and send the file; it is imported with Import a bundle.'
      }
      footer={footer}
    >
      {error ? <ErrorBanner title="Intake not created" error={error} onDismiss={() => setError(null)} /> : null}
      {made ? (
        <div className="intake-made">
          <div className="recipient-box">
            <span className="field-label">Intake recipient</span>
            <CopyableText value={made.recipient} label="Intake recipient" testId="intake-recipient" />
          </div>
          <pre className="intake-sheet" data-testid="intake-sheet">
            {made.sheet}
          </pre>
        </div>
      ) : (
        <>
          <fieldset className="pick-list pick-grid">
            <legend className="field-label">Keys to ask for</legend>
            {CATALOG.map((d) => (
              <label key={d.id} className="check-line">
                <input
                  type="checkbox"
                  checked={chosen.has(d.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(d.id);
                    else next.delete(d.id);
                    setChosen(next);
                  }}
                />{' '}
                {d.name}
              </label>
            ))}
          </fieldset>
          <Field label="Your agency’s name, as the client knows it" optional value={agency} onChange={setAgency} maxLength={80} />
        </>
      )}
    </Dialog>
  );
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'client';
