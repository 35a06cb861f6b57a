/**
 * Campaigns (seed 000): SMS and e-mail campaigns of the selected workspace — the list with live
 * progress, and the campaign being looked at. New campaigns start in the review dialog.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { EmptyState, Page, PageHeader, Skeleton } from '../../components/Page';
import { timeAgo } from '../../lib/time';
import { followCampaigns, useCampaigns } from '../../stores/campaigns';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { CampaignDetail } from './CampaignDetail';
import { CampaignStateBadge, ProgressBar } from './CampaignState';
import { NewCampaignDialog } from './NewCampaignDialog';
import './campaigns.css';

/** The screen. */
export default function CampaignsPage(): ReactElement {
  const ws = useCurrentWorkspace();
  const [creating, setCreating] = useState(false);
  useEffect(() => followCampaigns(), []);
  return (
    <Page
      wide
      header={
        <PageHeader
          title="Campaigns"
          subtitle="SMS and e-mail to imported contacts, each inside their own local window, through the key this workspace resolves to."
          actions={
            ws ? (
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                New campaign
              </Button>
            ) : null
          }
        />
      }
    >
      {ws ? <Body ws={ws} onCreate={() => setCreating(true)} /> : null}
      {ws ? <NewCampaignDialog workspaceId={ws.id} open={creating} onOpenChange={setCreating} /> : null}
    </Page>
  );
}

function Body({ ws, onCreate }: { ws: Workspace; onCreate: () => void }): ReactElement {
  const list = useCampaigns((s) => s.byWorkspace[ws.id]);
  const error = useCampaigns((s) => s.errors[ws.id] ?? null);
  const progress = useCampaigns((s) => s.progress);
  const selectedId = useCampaigns((s) => s.selectedId);
  useEffect(() => {
    void useCampaigns.getState().load(ws.id);
  }, [ws.id]);

  if (error) return <ErrorBanner title="Campaigns could not be loaded" error={error} onRetry={() => void useCampaigns.getState().load(ws.id)} />;
  if (!list) return <Skeleton rows={6} />;
  if (list.length === 0) {
    return (
      <EmptyState icon="send" title="No campaigns yet" action={<Button variant="primary" icon="plus" onClick={onCreate}>New campaign</Button>}>
        Import a contact CSV, write a template, review who gets what and what it costs, then send.
      </EmptyState>
    );
  }
  const selected = list.find((c) => c.id === selectedId) ?? null;
  return (
    <div className="campaigns">
      <ul className="campaign-list" aria-label="Campaigns">
        {list.map((c) => {
          const counts = progress[c.id]?.counts ?? c.counts;
          return (
            <li key={c.id}>
              <button type="button" className={`campaign-row${c.id === selectedId ? ' is-selected' : ''}`} aria-current={c.id === selectedId || undefined} onClick={() => useCampaigns.getState().select(c.id)}>
                <span className="campaign-row-title">
                  <strong>{c.name}</strong>
                  <CampaignStateBadge state={progress[c.id]?.state ?? c.state} interrupted={c.interrupted} />
                </span>
                <ProgressBar counts={counts} label={`${c.name}: messages finished`} />
                <span className="muted campaign-row-meta">
                  {c.channel === 'sms' ? 'SMS' : 'E-mail'} · {counts.sent.toLocaleString()}/{counts.total.toLocaleString()} sent · {timeAgo(c.createdAt)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {selected ? <CampaignDetail key={selected.id} campaign={selected} /> : <p className="muted campaign-pick">Pick a campaign to see its progress and results.</p>}
    </div>
  );
}
