/**
 * What the messaging and voice campaign pages share (docs/ARCHITECTURE.md, "Campaign kernel"): the
 * header with its moves (start or resume, pause, again, cancel or delete), the line of what waits for
 * its window, the pause reason, the tables' tabs and the import report a page at a time.
 */
import type { ReactElement, ReactNode } from 'react';
import { type CampaignState, campaignOver, campaignStartable, type RowIssueView } from '../../../../shared/campaigns';
import { Button } from '../../components/Button';
import { Notice } from '../../components/ErrorBanner';
import type { ErrorInfo, Result } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { toast } from '../../stores/toasts';
import { IssueList } from './IssueList';
import { Pager } from './Pager';

/** A store's moves on one campaign. */
interface Moves {
  start(id: string): Promise<Result<unknown>>;
  pause(id: string): Promise<Result<unknown>>;
  cancel(id: string): Promise<Result<unknown>>;
}

/** Starts, pauses or cancels through a store, saying in a toast what went wrong; cancel answers whether it did. */
export function campaignMoves(moves: () => Moves, id: string) {
  const failed = (title: string, error: ErrorInfo): void => toast.error(title, errorSentence(error));
  return {
    async act(what: 'start' | 'pause'): Promise<void> {
      const res = await moves()[what](id);
      if (!res.ok) failed(what === 'start' ? 'Not started' : 'Not paused', res.error);
    },
    async cancel(): Promise<boolean> {
      const res = await moves().cancel(id);
      if (!res.ok) failed('Not cancelled', res.error);
      return res.ok;
    },
  };
}

/** The header: the name, the channel's facts, and the moves the state allows. */
export function CampaignHeader(props: {
  name: string;
  facts: ReactNode;
  state: CampaignState;
  interrupted: boolean;
  /** `Start sending` / `Start calling`, and its icon. */
  start: { readonly label: string; readonly icon: 'send' | 'phone' };
  onAct: (what: 'start' | 'pause') => void;
  /** What failed without a confirmed answer, to be done again once checked (`Send 3 again…`). */
  again: { readonly count: number; readonly verb: string; readonly onClick: () => void };
  onCancel: () => void;
  /** Offered once the campaign is over (voice). */
  onDelete?: () => void;
}): ReactElement {
  const { state, interrupted, again } = props;
  return (
    <header className="campaign-detail-head">
      <div>
        <h2>{props.name}</h2>
        <p className="muted">{props.facts}</p>
      </div>
      <div className="page-actions">
        {campaignStartable(state, interrupted) ? (
          <Button variant="primary" icon={props.start.icon} onClick={() => props.onAct('start')}>
            {state === 'ready' ? props.start.label : 'Resume'}
          </Button>
        ) : null}
        {state === 'running' && !interrupted ? <Button onClick={() => props.onAct('pause')}>Pause</Button> : null}
        {again.count > 0 && state !== 'running' && state !== 'cancelled' ? (
          <Button icon={props.start.icon} onClick={again.onClick}>
            {again.verb} {again.count.toLocaleString()} again…
          </Button>
        ) : null}
        {!campaignOver(state) ? (
          <Button variant="danger" onClick={props.onCancel}>
            Cancel campaign
          </Button>
        ) : props.onDelete ? (
          <Button variant="danger" icon="trash" onClick={props.onDelete}>
            Delete campaign
          </Button>
        ) : null}
      </div>
    </header>
  );
}

/** `12 waiting for their window; the next opens …`, when any wait. */
export function WaitingLine({ waiting, next, what }: { waiting: number; next: string | null; what: string }): ReactElement | null {
  if (waiting <= 0 || !next) return null;
  return (
    <p className="muted">
      {waiting.toLocaleString()} waiting for {what}; the next opens {shortDate(next)}.
    </p>
  );
}

/** Why the campaign is paused, when it says. */
export function PauseReason({ reason }: { reason: string | null }): ReactElement | null {
  if (!reason) return null;
  return (
    <Notice tone="warn" title="▲ Paused">
      {reason}
    </Notice>
  );
}

/** The tabs over the campaign's tables: its own (results, calls) and the import report with its count. */
export function TableTabs<Tab extends string>(props: {
  tab: Tab | 'report';
  own: { readonly tab: Tab; readonly label: string };
  imported: { rejected: number; excluded: number; merged: number };
  onTab: (tab: Tab | 'report') => void;
}): ReactElement {
  const { tab, own, imported } = props;
  return (
    <div className="segmented" role="tablist" aria-label="Campaign tables">
      <button type="button" role="tab" aria-selected={tab === own.tab} aria-pressed={tab === own.tab} onClick={() => props.onTab(own.tab)}>
        {own.label}
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={tab === 'report'}
        aria-pressed={tab === 'report'}
        onClick={() => props.onTab('report')}
      >
        Import report ({(imported.rejected + imported.excluded + imported.merged).toLocaleString()})
      </button>
    </div>
  );
}

/** A page of an import report, as the store holds it. */
type ReportPage = { rows: readonly RowIssueView[]; total: number; offset: number } | null;

/** A page of the import report, with the pager. */
export function ImportReport({ page, onPage }: { page: ReportPage; onPage: (offset: number) => void }): ReactElement {
  return (
    <div>
      <IssueList rows={page?.rows ?? []} />
      <Pager total={page?.total ?? 0} offset={page?.offset ?? 0} onPage={onPage} />
    </div>
  );
}
