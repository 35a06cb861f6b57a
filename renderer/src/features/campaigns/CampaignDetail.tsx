/**
 * One campaign: state with its reason, a live progress bar, start / pause / resume / cancel,
 * the per-contact preview, the results table (status and provider id per message) and the
 * import report, each a page at a time.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { CampaignView, MessageStatus } from '../../../../shared/campaigns';
import { getProvider } from '../../../../shared/providers/catalog';
import { Confirm } from '../../components/Confirm';
import { Notice } from '../../components/ErrorBanner';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { CampaignStateBadge, doneOf, ProgressBar } from './CampaignState';
import { CampaignHeader, campaignMoves, ImportReport, PauseReason, TableTabs, WaitingLine } from './DetailParts';
import { MessagePreviewCard } from './MessagePreviewCard';
import { Pager } from './Pager';

const STATUS_WORD: Readonly<Record<MessageStatus, string>> = {
  queued: '○ Queued',
  sending: '◌ In flight',
  sent: '● Sent',
  failed: '✕ Failed',
  skipped: '▲ Skipped',
  cancelled: '✕ Cancelled',
};

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

  const { act, cancel } = campaignMoves(useCampaigns.getState, campaign.id);
  const sendAgain = async (): Promise<boolean> => {
    const res = await useCampaigns.getState().sendAgain(campaign.id, campaign.unconfirmed);
    if (!res.ok) toast.error('Not sent again', errorSentence(res.error));
    return res.ok;
  };
  const providerName = campaign.provider ? getProvider(campaign.provider).name : 'the provider';

  return (
    <section className="campaign-detail" aria-label={campaign.name}>
      <CampaignHeader
        name={campaign.name}
        facts={
          <>
            {campaign.channel === 'sms' ? 'SMS' : 'E-mail'} · window {campaign.window} recipient time ·{' '}
            {campaign.rate ? `${campaign.rate}/s` : 'sender’s own rate'}
            {campaign.provider
              ? ` · ${getProvider(campaign.provider).name}${campaign.keyOwner ? (campaign.keyOwner === 'own' ? ' (own key)' : ' (agency’s key)') : ''}`
              : ''}
          </>
        }
        state={state}
        interrupted={campaign.interrupted}
        start={{ label: 'Start sending', icon: 'send' }}
        onAct={(what) => void act(what)}
        again={{ count: campaign.unconfirmed, verb: 'Send', onClick: () => setConfirmAgain(true) }}
        onCancel={() => setConfirmCancel(true)}
      />

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
        <WaitingLine waiting={live?.waiting ?? campaign.waiting} next={live?.nextOpeningAt ?? campaign.nextOpeningAt} what="their window" />
        {live?.note && state === 'running' ? <Notice tone="info">{live.note}</Notice> : null}
        <PauseReason reason={reason} />
        {campaign.interrupted ? (
          <Notice tone="warn">
            The process sending this campaign stopped before it finished. Resume: messages in doubt are checked with the provider first, so
            nobody gets one twice.
          </Notice>
        ) : null}
      </div>

      <MessagePreviewCard campaign={campaign} />

      <TableTabs tab={tab} own={{ tab: 'results', label: 'Results' }} imported={campaign.imported} onTab={setTab} />

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
          <Pager
            total={messages?.total ?? 0}
            offset={messages?.offset ?? 0}
            onPage={(o) => void useCampaigns.getState().loadMessages(campaign.id, o, status)}
          />
        </div>
      ) : (
        <ImportReport page={issues} onPage={(o) => void useCampaigns.getState().loadIssues(campaign.id, o)} />
      )}

      <Confirm
        open={confirmAgain}
        onOpenChange={setConfirmAgain}
        title={`Send ${campaign.unconfirmed.toLocaleString()} message${campaign.unconfirmed === 1 ? '' : 's'} again?`}
        confirmLabel="Send again"
        onConfirm={sendAgain}
      >
        <p>
          {campaign.unconfirmed === 1 ? 'This message' : 'These messages'} failed without a confirmed answer from {providerName}:{' '}
          {campaign.unconfirmed === 1 ? 'it' : 'some'} may have arrived. Check {providerName}’s{' '}
          {campaign.channel === 'sms' ? 'SMS log' : 'activity feed'} first — whoever already has one will get a second copy. Messages{' '}
          {providerName} refused are not sent again.
        </p>
      </Confirm>

      <Confirm
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title={`Cancel “${campaign.name}”?`}
        confirmLabel="Cancel campaign"
        onConfirm={cancel}
      >
        <p>
          {counts.queued.toLocaleString()} message{counts.queued === 1 ? '' : 's'} not sent yet will never be sent, and the campaign cannot
          be resumed. The {counts.sent.toLocaleString()} already sent stay sent.
        </p>
      </Confirm>
    </section>
  );
}
