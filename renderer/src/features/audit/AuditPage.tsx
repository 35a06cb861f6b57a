/** Audit: the hash-chained log, filtered by workspace and action; verify the chain; export it. */
import { useEffect, useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { EmptyState, Page, PageHeader, Skeleton } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import { useAudit } from '../../stores/audit';
import { toast } from '../../stores/toasts';
import { useWorkspaces } from '../../stores/workspaces';
import { AuditTable } from './AuditTable';
import { ACTION_GROUPS } from './actions';
import { saveFile } from '../../lib/saveFile';
import './audit.css';

/** The screen. */
export default function AuditPage(): ReactElement {
  const rows = useAudit((s) => s.rows);
  const filter = useAudit((s) => s.filter);
  const loading = useAudit((s) => s.loading);
  const error = useAudit((s) => s.error);
  const verdict = useAudit((s) => s.verdict);
  const verifying = useAudit((s) => s.verifying);
  const workspaces = useWorkspaces((s) => s.all);
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const [loadedOnce, setLoadedOnce] = useState(false);

  useEffect(() => {
    void useAudit
      .getState()
      .load()
      .then(() => setLoadedOnce(true));
  }, []);

  const verify = async (): Promise<void> => {
    const res = await useAudit.getState().verify();
    if (!res.ok) toast.error('Chain not verified', errorSentence(res.error));
  };
  const exportAs = async (format: 'csv' | 'json'): Promise<void> => {
    setExporting(format);
    const res = await useAudit.getState().exportAs(format);
    setExporting(null);
    if (!res.ok) {
      toast.error('Audit log not exported', errorSentence(res.error));
      return;
    }
    saveFile(res.value.filename, res.value.content, format === 'csv' ? 'text/csv' : 'application/json');
    toast.success(`Exported ${res.value.filename}`);
  };
  const names = new Map(workspaces.map((w) => [w.id, w.name]));

  return (
    <Page
      wide
      header={
        <PageHeader
          title="Audit log"
          subtitle="Append-only; every row is chained to the one before it with SHA-256, so any edit, deletion or reordering shows."
          actions={
            <>
              <Button icon="download" busy={exporting === 'csv'} onClick={() => void exportAs('csv')}>
                Export CSV
              </Button>
              <Button icon="download" busy={exporting === 'json'} onClick={() => void exportAs('json')}>
                Export JSON
              </Button>
              <Button variant="primary" icon="audit" busy={verifying} onClick={() => void verify()}>
                Verify chain
              </Button>
            </>
          }
        />
      }
    >
      {verdict ? (
        verdict.ok ? (
          <Notice tone="ok" glyph="●" title="Chain intact">
            <span data-testid="verdict">{verdict.message}</span>
          </Notice>
        ) : (
          <div className="banner banner-bad" role="alert" data-testid="verdict">
            <span className="banner-icon banner-glyph" aria-hidden>
              ✕
            </span>
            <p className="banner-text">
              <strong>Chain broken. </strong>
              {verdict.message}
            </p>
          </div>
        )
      ) : null}
      {error ? <ErrorBanner title="The audit log could not be read" error={error} onRetry={() => void useAudit.getState().load()} /> : null}
      <div className="audit-filters">
        <label className="filter">
          <span>Workspace</span>
          <select
            className="select"
            value={filter.workspaceId ?? ''}
            onChange={(e) => void useAudit.getState().setFilter({ workspaceId: e.target.value || null })}
          >
            <option value="">All workspaces</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.archivedAt ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Action</span>
          <select
            className="select"
            value={filter.action ?? ''}
            onChange={(e) => void useAudit.getState().setFilter({ action: e.target.value || null })}
          >
            <option value="">All actions</option>
            {ACTION_GROUPS.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <span className="faint small audit-count">
          {loading ? 'Loading…' : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${rows.length >= 1000 ? ' (newest 1,000)' : ''}`}
        </span>
      </div>
      {!loadedOnce ? (
        <Skeleton rows={10} />
      ) : rows.length === 0 ? (
        <EmptyState icon="audit" title="No entries match">
          Change the workspace or action filter.
        </EmptyState>
      ) : (
        <AuditTable rows={rows} names={names} brokenSeq={verdict && !verdict.ok ? verdict.seq : null} />
      )}
    </Page>
  );
}
