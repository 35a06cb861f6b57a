/**
 * One campaign: state with its reason, a live progress bar, start / pause / resume / cancel,
 * the per-contact preview, the results table (status and provider id per message) and the
 * import report, each a page at a time.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { CampaignView, MessageStatus } from '../../../../shared/campaigns';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Notice } from '../../components/ErrorBanner';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { CampaignStateBadge, doneOf, ProgressBar } from './CampaignState';
import { IssueList } from './IssueList';
import { MessagePreviewCard } from './MessagePreviewCard';
import { Pager } from './Pager';

const STATUS_WORD: Readonly<Record<MessageStatus, string>> = { queued: '○ Queued', sending: '◌ In flight', sent: '● Sent', failed: '✕ Failed', skipped: '▲ Skipped', cancelled: '✕ Cancelled' };

/** The detail pane. */
export function CampaignDetail({ campaign }: { campaign: CampaignView }): ReactElement {
  const live = useCampaigns((s) => s.progress[campaign.id]);
  const messages = useCampaigns((s) => (s.messages?.id === campaign.id ? s.messages : null));
  const issues = useCampaigns((s) => (s.issues?.id === campaign.id ? s.issues : null));
  const [tab, setTab] = useState<'results' | 'report'>('results');
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [confirmAgain, setConfirmAgain] = useState(false);
  const counts = live?.counts ?? campaign.counts;
  const state = live?.state ?? campaign.state;
  const reason = live ? live.pauseReason : campaign.pauseReason;
  const done = doneOf(counts);

  // Refresh the visible page as messages move (at most once a second while sending).
  const tick = Math.floor(Date.parse(live?.at ?? '0') / 1000);
  useEffect(() => {
    void useCampaigns.getState().loadMessages(campaign.id, messages?.offset ?? 0, status);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the offset is read, not followed
  }, [campaign.id, status, tick]);
  useEffect(() => {
    if (tab === 'report') void useCampaigns.getState().loadIssues(campaign.id, 0);
  }, [campaign.id, tab]);

  const act = async (what: 'start' | 'pause'): Promise<void> => {
    const res = await useCampaigns.getState()[what](campaign.id);
    if (!res.ok) toast.error(what === 'start' ? 'Not started' : 'Not paused', errorSentence(res.error));
  };
  const cancel = async (): Promise<boolean> => {
    const res = await useCampaigns.getState().cancel(campaign.id);
    if (!res.ok) toast.error('Not cancelled', errorSentence(res.error));
    return res.ok;
  };
  const sendAgain = async (): Promise<boolean> => {
    const res = await useCampaigns.getState().sendAgain(campaign.id, campaign.unconfirmed);
    if (!res.ok) toast.error('Not sent again', errorSentence(res.error));
    return res.ok;
  };
  const providerName = campaign.provider ? getProvider(campaign.provider).name : 'the provider';
  const canStart = state === 'ready' || state === 'paused' || campaign.interrupted;
  const canStop = state === 'running' && !campaign.interrupted;

  return (
    <section className="campaign-detail" aria-label={campaign.name}>
      <header className="campaign-detail-head">
        <div>
          <h2>{campaign.name}</h2>
          <p className="muted">
            {campaign.channel === 'sms' ? 'SMS' : 'E-mail'} · window {campaign.window} recipient time · {campaign.rate ? `${campaign.rate}/s` : 'sender’s own rate'}
            {campaign.provider ? ` · ${getProvider(campaign.provider).name}${campaign.keyOwner ? (campaign.keyOwner === 'own' ? ' (own key)' : ' (agency’s key)') : ''}` : ''}
          </p>
        </div>
        <div className="page-actions">
          {canStart ? (
            <Button variant="primary" icon="send" onClick={() => void act('start')}>
              {state === 'ready' ? 'Start sending' : 'Resume'}
            </Button>
          ) : null}
          {canStop ? <Button onClick={() => void act('pause')}>Pause</Button> : null}
          {campaign.unconfirmed > 0 && state !== 'running' && state !== 'cancelled' ? (
            <Button icon="send" onClick={() => setConfirmAgain(true)}>
              Send {campaign.unconfirmed.toLocaleString()} again…
            </Button>
          ) : null}
          {state !== 'completed' && state !== 'cancelled' ? (
            <Button variant="danger" onClick={() => setConfirmCancel(true)}>
              Cancel campaign
            </Button>
          ) : null}
        </div>
      </header>

      <div className="campaign-status card card-pad">
        <div className="campaign-status-line">
          <CampaignStateBadge state={state} interrupted={campaign.interrupted} />
          <span>
            {done.toLocaleString()} of {counts.total.toLocaleString()} done — {counts.sent.toLocaleString()} sent
            {counts.failed ? `, ${counts.failed} failed` : ''}
            {counts.skipped ? `, ${counts.skipped} skipped` : ''}
          </span>
          {live && state === 'running' ? <span className="muted">{live.perSecond}/s</span> : null}
        </div>
        <ProgressBar counts={counts} />
        {(live?.waiting ?? campaign.waiting) > 0 && (live?.nextOpeningAt ?? campaign.nextOpeningAt) ? (
          <p className="muted">
            {(live?.waiting ?? campaign.waiting).toLocaleString()} waiting for their window; the next opens {shortDate(live?.nextOpeningAt ?? campaign.nextOpeningAt ?? '')}.
          </p>
        ) : null}
        {live?.note && state === 'running' ? <Notice tone="info">{live.note}</Notice> : null}
        {reason ? (
          <Notice tone="warn" title="▲ Paused">
            {reason}
          </Notice>
        ) : null}
        {campaign.interrupted ? <Notice tone="warn">The process sending this campaign stopped before it finished. Resume: messages in doubt are checked with the provider first, so nobody gets one twice.</Notice> : null}
      </div>

      <MessagePreviewCard campaign={campaign} />

      <div className="segmented" role="tablist" aria-label="Campaign tables">
        <button type="button" role="tab" aria-selected={tab === 'results'} aria-pressed={tab === 'results'} onClick={() => setTab('results')}>
          Results
        </button>
        <button type="button" role="tab" aria-selected={tab === 'report'} aria-pressed={tab === 'report'} onClick={() => setTab('report')}>
          Import report ({(campaign.imported.rejected + campaign.imported.excluded + campaign.imported.merged).toLocaleString()})
        </button>
      </div>

      {tab === 'results' ? (
        <div>
          <label className="campaign-filter">
            Status
            <select className="select" value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as MessageStatus | null)}>
              <option value="">All</option>
              {Object.entries(STATUS_WORD).map(([k, w]) => (
                <option key={k} value={k}>
                  {w}
                </option>
              ))}
            </select>
          </label>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Recipient</th>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Provider id</th>
                  <th>Note</th>
                </tr>
              </thead>
              <tbody>
                {(messages?.rows ?? []).map((m) => (
                  <tr key={m.id}>
                    <td className="mono nowrap">{m.recipient}</td>
                    <td>{m.name}</td>
                    <td className={`nowrap msg-${m.status}`}>{STATUS_WORD[m.status]}</td>
                    <td className="mono">{m.providerId ?? ''}</td>
                    <td className="detail">{m.error ?? (m.status === 'queued' ? `not before ${shortDate(m.notBefore)}` : '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={messages?.total ?? 0} offset={messages?.offset ?? 0} onPage={(o) => void useCampaigns.getState().loadMessages(campaign.id, o, status)} />
        </div>
      ) : (
        <div>
          <IssueList rows={issues?.rows ?? []} />
          <Pager total={issues?.total ?? 0} offset={issues?.offset ?? 0} onPage={(o) => void useCampaigns.getState().loadIssues(campaign.id, o)} />
        </div>
      )}

      <Confirm open={confirmAgain} onOpenChange={setConfirmAgain} title={`Send ${campaign.unconfirmed.toLocaleString()} message${campaign.unconfirmed === 1 ? '' : 's'} again?`} confirmLabel="Send again" onConfirm={sendAgain}>
        <p>
          {campaign.unconfirmed === 1 ? 'This message' : 'These messages'} failed without a confirmed answer from {providerName}: {campaign.unconfirmed === 1 ? 'it' : 'some'} may have arrived. Check {providerName}’s {campaign.channel === 'sms' ? 'SMS log' : 'activity feed'} first — whoever already has one will get a second copy. Messages {providerName} refused are not sent again.
        </p>
      </Confirm>

      <Confirm open={confirmCancel} onOpenChange={setConfirmCancel} title={`Cancel “${campaign.name}”?`} confirmLabel="Cancel campaign" onConfirm={cancel}>
        <p>
          {counts.queued.toLocaleString()} message{counts.queued === 1 ? '' : 's'} not sent yet will never be sent, and the campaign cannot be resumed. The {counts.sent.toLocaleString()} already sent stay sent.
        </p>
      </Confirm>
    </section>
  );
}
