/**
 * Import & export: offline preparation for the selected workspace. A .env file in, a client's keys
 * through a one-use intake, and workspaces moved between workstations as age-encrypted bundles,
 * with this agency's own recipient so teammates need no shared passphrase.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Page, PageHeader } from '../../components/Page';
import { currentPath, navigate, useHash } from '../../lib/navigation';
import { toast } from '../../stores/toasts';
import { useTransfer } from '../../stores/transfer';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { BundleExportDialog } from './BundleExportDialog';
import { CopyableText } from './CopyableText';
import { BundleImportDialog } from './BundleImportDialog';
import { EnvImportDialog } from './EnvImportDialog';
import { IntakeDialog } from './IntakeDialog';
import { OpenIntakes } from './OpenIntakes';
import './transfer.css';

type Open = 'env' | 'intake' | 'export' | 'import' | null;

/** The screen. */
export default function TransferPage(): ReactElement {
  const ws = useCurrentWorkspace();
  // `#/transfer/env` (the API Keys page's Import .env… button) opens the .env dialog.
  const hash = useHash();
  const [open, setOpen] = useState<Open>(() => (currentPath()[1] === 'env' ? 'env' : null));
  useEffect(() => {
    if (currentPath()[1] === 'env') setOpen('env');
  }, [hash]);
  const agency = useTransfer((s) => s.agency);
  const agencyError = useTransfer((s) => s.agencyError);
  const intakes = useTransfer((s) => (ws ? s.intakes[ws.id] : undefined));
  const [making, setMaking] = useState(false);

  useEffect(() => {
    void useTransfer.getState().loadAgency();
  }, []);
  useEffect(() => {
    if (ws?.kind === 'client') void useTransfer.getState().loadIntakes(ws.id);
  }, [ws?.id, ws?.kind]);

  const header = (
    <PageHeader
      title="Import & export"
      subtitle="Prepare keys away from the network, and move them between workstations and people, encrypted."
    />
  );
  if (!ws) return <Page header={header}>{null}</Page>;
  const dialog = (which: Open) => (o: boolean) => {
    setOpen(o ? which : null);
    if (!o && currentPath()[1]) navigate('transfer');
  };
  const makeRecipient = async (): Promise<void> => {
    setMaking(true);
    const res = await useTransfer.getState().createAgency();
    setMaking(false);
    if (res.ok) toast.success('Recipient created', 'Teammates can now export bundles to this agency.');
    else toast.error('Recipient not created', res.error.message);
  };

  return (
    <Page header={header}>
      <div className="transfer">
        <section className="card card-pad transfer-row" aria-labelledby="t-env">
          <div>
            <h3 id="t-env">Import a .env file</h3>
            <p className="muted">
              Reads <code>TWILIO_AUTH_TOKEN=…</code>-style lines into {ws.name}: a preview per provider (values masked), then only the keys
              you tick are stored, and checked when the network is there.
            </p>
          </div>
          <Button variant="primary" onClick={() => setOpen('env')}>
            Import .env…
          </Button>
        </section>

        <section className="card card-pad" aria-labelledby="t-intake">
          <div className="transfer-row">
            <div>
              <h3 id="t-intake">Client key intake</h3>
              <p className="muted">
                {ws.kind === 'client'
                  ? `A one-use recipient for ${ws.name}: the client encrypts their keys on their own computer (with age, or the intake.html page) and sends the file. It lands in this workspace only, and the intake closes.`
                  : 'An intake is for a client workspace: switch to one to ask a client for their keys. The agency enters its own keys directly.'}
              </p>
            </div>
            <Button disabled={ws.kind !== 'client'} onClick={() => setOpen('intake')}>
              New intake…
            </Button>
          </div>
          {ws.kind === 'client' && intakes && intakes.length > 0 ? <OpenIntakes workspaceId={ws.id} intakes={intakes} /> : null}
        </section>

        <section className="card card-pad" aria-labelledby="t-bundles">
          <div className="transfer-row">
            <div>
              <h3 id="t-bundles">Bundles</h3>
              <p className="muted">
                Chosen workspaces’ keys and settings in one age-encrypted file, for a teammate’s workstation or a backup. An import shows
                what it adds or replaces and writes all of it or nothing.
              </p>
            </div>
            <div className="transfer-actions">
              <Button onClick={() => setOpen('import')}>Import a bundle…</Button>
              <Button icon="download" onClick={() => setOpen('export')}>
                Export…
              </Button>
            </div>
          </div>
          <div className="recipient-box" data-testid="agency-recipient">
            <span className="field-label">This agency’s recipient</span>
            {agencyError ? (
              <ErrorBanner error={agencyError} onRetry={() => void useTransfer.getState().loadAgency()} />
            ) : agency === undefined ? null : agency ? (
              <CopyableText value={agency.recipient} label="Recipient" testId="agency-recipient-value" />
            ) : (
              <div className="recipient-line">
                <span className="muted">
                  None yet. Create one so teammates can send bundles here without a shared passphrase; its secret half stays in the vault.
                </span>
                <Button size="sm" busy={making} onClick={() => void makeRecipient()}>
                  Create recipient
                </Button>
              </div>
            )}
            {agency ? (
              <p className="field-help">
                Teammates export to this recipient; bundles sent to it open here without a passphrase. It is public: share it freely.
              </p>
            ) : null}
          </div>
        </section>
      </div>
      <EnvImportDialog open={open === 'env'} onOpenChange={dialog('env')} workspace={ws} />
      {ws.kind === 'client' ? <IntakeDialog open={open === 'intake'} onOpenChange={dialog('intake')} workspace={ws} /> : null}
      <BundleExportDialog key={ws.id} open={open === 'export'} onOpenChange={dialog('export')} initial={ws.id} />
      <BundleImportDialog open={open === 'import'} onOpenChange={dialog('import')} />
    </Page>
  );
}
