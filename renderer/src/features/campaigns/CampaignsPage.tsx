/**
 * Campaigns (seeds 000 and 002): SMS, e-mail and voice campaigns of the selected workspace — one
 * list with live progress, and the campaign being looked at. New campaigns start in the review dialog.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { CampaignView } from '../../../../shared/campaigns';
import type { Workspace } from '../../../../shared/domain';
import type { VoiceCampaignView } from '../../../../shared/voice-campaigns';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { EmptyState, Page, PageHeader, Skeleton } from '../../components/Page';
import { timeAgo } from '../../lib/time';
import { followCampaigns, useCampaigns } from '../../stores/campaigns';
import { followVoiceCampaigns, useVoiceCampaigns } from '../../stores/voice-campaigns';
import { followCalls } from '../../stores/voice';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { CampaignDetail } from './CampaignDetail';
import { CampaignStateBadge, leadBar, ProgressBar } from './CampaignState';
import { NewCampaignDialog } from './NewCampaignDialog';
import { VoiceCampaignDetail } from './VoiceCampaignDetail';
import './campaigns.css';

/** The screen. */
export default function CampaignsPage(): ReactElement {
  const ws = useCurrentWorkspace();
  const [creating, setCreating] = useState(false);
  useEffect(() => followCampaigns(), []);
  useEffect(() => followVoiceCampaigns(), []);
  // A voice campaign's live view follows its calls' events (transcripts) the way the voice screen does.
  useEffect(followCalls, []);
  return (
    <Page
      wide
      header={
        <PageHeader
          title="Campaigns"
          subtitle="SMS, e-mail and voice calls to imported contacts, each inside their own local window, through the keys this workspace resolves to."
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

/** One row of the list: a messaging or a voice campaign. */
type Row = { readonly kind: 'message'; readonly c: CampaignView } | { readonly kind: 'voice'; readonly c: VoiceCampaignView };

function Body({ ws, onCreate }: { ws: Workspace; onCreate: () => void }): ReactElement {
  const messaging = useCampaigns((s) => s.byWorkspace[ws.id]);
  const voice = useVoiceCampaigns((s) => s.byWorkspace[ws.id]);
  const error = useCampaigns((s) => s.errors[ws.id] ?? null);
  const voiceError = useVoiceCampaigns((s) => s.errors[ws.id] ?? null);
  const progress = useCampaigns((s) => s.progress);
  const voiceProgress = useVoiceCampaigns((s) => s.progress);
  const selectedId = useCampaigns((s) => s.selectedId);
  const reload = (): void => {
    void useCampaigns.getState().load(ws.id);
    void useVoiceCampaigns.getState().load(ws.id);
  };
  useEffect(reload, [ws.id]);

  const failed = error ?? voiceError;
  if (failed) return <ErrorBanner title="Campaigns could not be loaded" error={failed} onRetry={reload} />;
  if (!messaging || !voice) return <Skeleton rows={6} />;
  const list: Row[] = [
    ...messaging.map((c) => ({ kind: 'message' as const, c })),
    ...voice.map((c) => ({ kind: 'voice' as const, c })),
  ].sort((a, b) => b.c.createdAt.localeCompare(a.c.createdAt));
  if (list.length === 0) {
    return (
      <EmptyState
        icon="send"
        title="No campaigns yet"
        action={
          <Button variant="primary" icon="plus" onClick={onCreate}>
            New campaign
          </Button>
        }
      >
        Import a contact CSV, write a template or pick a voice agent, review who gets what and what it costs, then start.
      </EmptyState>
    );
  }
  const selected = list.find((r) => r.c.id === selectedId) ?? null;
  return (
    <div className="campaigns">
      <ul className="campaign-list" aria-label="Campaigns">
        {list.map((r) => {
          const { c } = r;
          const p = r.kind === 'voice' ? voiceProgress[c.id] : progress[c.id];
          const bar = r.kind === 'voice' ? leadBar(voiceProgress[c.id]?.counts ?? r.c.counts) : (progress[c.id]?.counts ?? r.c.counts);
          const meta =
            r.kind === 'voice'
              ? `Voice · ${bar.sent.toLocaleString()}/${bar.total.toLocaleString()} called`
              : `${r.c.channel === 'sms' ? 'SMS' : 'E-mail'} · ${bar.sent.toLocaleString()}/${bar.total.toLocaleString()} sent`;
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`campaign-row${c.id === selectedId ? ' is-selected' : ''}`}
                aria-current={c.id === selectedId || undefined}
                onClick={() => useCampaigns.getState().select(c.id)}
              >
                <span className="campaign-row-title">
                  <strong>{c.name}</strong>
                  <CampaignStateBadge state={p?.state ?? c.state} interrupted={c.interrupted} voice={r.kind === 'voice'} />
                </span>
                <ProgressBar counts={bar} label={`${c.name}: ${r.kind === 'voice' ? 'leads' : 'messages'} finished`} />
                <span className="muted campaign-row-meta">
                  {meta} · {timeAgo(c.createdAt)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {selected?.kind === 'voice' ? (
        <VoiceCampaignDetail key={selected.c.id} campaign={selected.c} />
      ) : selected ? (
        <CampaignDetail key={selected.c.id} campaign={selected.c} />
      ) : (
        <p className="muted campaign-pick">Pick a campaign to see its progress and results.</p>
      )}
    </div>
  );
}
