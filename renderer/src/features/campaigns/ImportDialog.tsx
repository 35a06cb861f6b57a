/**
 * What the messaging and voice campaign dialogs share (docs/ARCHITECTURE.md, "Campaign kernel"): the
 * form's state (file, name, busy, error, what was created), its frame (title, the contacts field, the
 * import button), and the review's frame (the tally, warnings, the rows that get nothing, and
 * Discard / Keep as ready / Start). Each channel fills in its own fields and review.
 */
import { useState, type ReactElement, type ReactNode } from 'react';
import { type ImportSummary, importTally, type RowIssueView } from '../../../../shared/campaigns';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import type { ErrorInfo, Result } from '../../lib/api';
import { IssueList } from './IssueList';

/** The largest contacts file the console sends; bigger ones go through the command line. */
const MAX_FILE = 64 * 1024 * 1024;

/** The state of an import form, and its close and submit; `onReset` clears the channel's own fields on close. */
export function useImportForm<Created>(onOpenChange: (open: boolean) => void, onReset: () => void = () => undefined) {
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  /** Closing forgets the file, the name and what was created. */
  const close = (open: boolean): void => {
    if (!open) {
      setCreated(null);
      setError(null);
      setFile(null);
      onReset();
      setName('');
    }
    onOpenChange(open);
  };
  /** Reads the file and creates the campaign with its text; a file over 64 MB is refused first. */
  const submit = async (create: (csv: string) => Promise<Result<Created>>, done?: (created: Created) => void): Promise<void> => {
    if (!file) return;
    if (file.size > MAX_FILE) {
      setError({ code: 'INVALID_INPUT', message: 'The contacts file is larger than 64 MB; split it, or import it with the command line.' });
      return;
    }
    setBusy(true);
    setError(null);
    const res = await create(await file.text());
    setBusy(false);
    if (res.ok) {
      setCreated(res.value);
      done?.(res.value);
    } else setError(res.error);
  };
  return { name, setName, file, setFile, busy, error, setError, created, close, submit };
}

/** The contacts file input with its label and the columns it reads. */
export function ContactsField({
  id,
  onFile,
  children,
}: {
  id: string;
  onFile: (file: File | null) => void;
  children: ReactNode;
}): ReactElement {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Contacts (CSV)
      </label>
      <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      <p className="field-help">{children}</p>
    </div>
  );
}

/** The default country for numbers written without a country code. */
export function CountryField({ value, onChange }: { value: string; onChange: (value: string) => void }): ReactElement {
  const help = 'For numbers written without a country code.';
  return <Field label="Default country" value={value} onChange={onChange} optional maxLength={2} placeholder="US" help={help} />;
}

/** The form's frame: title, what happens, the error, the channel picker and the fields, and the import button. */
export function ImportFormDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  description: string;
  submitLabel: string;
  busy: boolean;
  ready: boolean;
  onSubmit: () => void;
  error: ErrorInfo | null;
  onDismiss: () => void;
  picker: ReactElement;
  children: ReactNode;
}): ReactElement {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      width="lg"
      title="New campaign"
      description={props.description}
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button variant="primary" busy={props.busy} disabled={!props.ready} onClick={props.onSubmit}>
            {props.submitLabel}
          </Button>
        </>
      }
    >
      {props.error ? <ErrorBanner title="Not imported" error={props.error} onDismiss={props.onDismiss} /> : null}
      <div className="campaign-form">
        {props.picker}
        {props.children}
      </div>
    </Dialog>
  );
}

/** The review's frame: the import's tally, why it is not started, the warnings, the channel's review, and the three ways out. */
export function ReviewDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  name: string;
  imported: ImportSummary;
  /** `recipient` or `lead`, as the tally counts them. */
  one: 'recipient' | 'lead';
  /** `sent`, `dialled`: what has not happened yet. */
  notYet: string;
  start: { readonly label: string; readonly icon: 'send' | 'phone'; readonly onClick: () => void };
  onDiscard: () => void;
  error: ErrorInfo | null;
  warnings: readonly string[];
  warningTitle: string;
  children: ReactNode;
}): ReactElement {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      width="lg"
      title={`Review “${props.name}”`}
      description={`${importTally(props.imported, props.one)}. Nothing has been ${props.notYet}.`}
      footer={
        <>
          <Button variant="ghost" onClick={props.onDiscard}>
            Discard
          </Button>
          <Button onClick={() => props.onOpenChange(false)}>Keep as ready</Button>
          <Button variant="primary" icon={props.start.icon} onClick={props.start.onClick}>
            {props.start.label}
          </Button>
        </>
      }
    >
      {props.error ? <ErrorBanner title="Not started" error={props.error} /> : null}
      {props.warnings.map((warning) => (
        <Notice key={warning} tone="warn" title={props.warningTitle}>
          {warning}
        </Notice>
      ))}
      {props.children}
    </Dialog>
  );
}

/** The rows of the import that get nothing (the first 200; the campaign's page has them all). */
export function RowsLeftOut({
  title,
  issues,
  imported,
}: {
  title: string;
  issues: readonly RowIssueView[];
  imported: ImportSummary;
}): ReactElement {
  return (
    <section aria-label="Rows not imported">
      <h3 className="section-title">{title}</h3>
      <IssueList rows={issues.slice(0, 200)} />
      {issues.length > 200 || imported.rejected + imported.excluded + imported.merged > 200 ? (
        <p className="muted">The full report is on the campaign’s page.</p>
      ) : null}
    </section>
  );
}
