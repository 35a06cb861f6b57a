/**
 * One voice campaign: state with its reason and start / pause / resume / cancel, progress, the
 * calls live now with the picked one's transcript, outcome counts, calls at once and why,
 * minutes and cost by provider and key owner, the calls left in doubt to check and dial again,
 * every lead's call (opening its transcript) and the import report, a page at a time; the leads
 * with their calls' summaries and extracted fields as CSV; once it is over, delete it with its calls
 * and transcripts.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { getProvider } from '../../../../shared/providers/catalog';
import type { VoiceCampaignView } from '../../../../shared/voice-campaigns';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Notice } from '../../components/ErrorBanner';
import { errorSentence } from '../../lib/errors';
import { saveFile } from '../../lib/saveFile';
import { useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { useVoiceCampaigns } from '../../stores/voice-campaigns';
import { CampaignStateBadge, doneOf, leadBar, ProgressBar } from './CampaignState';
import { CampaignHeader, campaignMoves, ImportReport, PauseReason, TableTabs, WaitingLine } from './DetailParts';
import { LeadTable } from './LeadTable';
import { MACHINE_WORD } from './voice-labels';
import { VoiceCeiling } from './VoiceCeiling';
import { VoiceCosts } from './VoiceCosts';
import { VoiceLiveCalls } from './VoiceLiveCalls';
import { VoiceOutcomes } from './VoiceOutcomes';
import '../voice/voice.css';
import '../voice/calls.css';

/** The detail pane. */
export function VoiceCampaignDetail({ campaign: c }: { campaign: VoiceCampaignView }): ReactElement {
  const live = useVoiceCampaigns((s) => s.progress[c.id]);
  const issues = useVoiceCampaigns((s) => (s.issues?.id === c.id ? s.issues : null));
  const [tab, setTab] = useState<'calls' | 'report'>('calls');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [confirmAgain, setConfirmAgain] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const counts = live?.counts ?? c.counts;
  const state = live?.state ?? c.state;
  const reason = live ? live.pauseReason : c.pauseReason;
  const outcomes = live?.outcomes ?? c.outcomes;
  const ceiling = live?.ceiling ?? c.ceiling;
  const calls = live?.live ?? c.live;
  const waiting = live?.waiting ?? c.waiting;
  const nextOpeningAt = live ? live.nextOpeningAt : c.nextOpeningAt;
  // The page of leads is read again when a lead changes state or a call ends, not on every push.
  const leadsMoved = `${state} ${live?.settled ?? c.settled} ${Object.values(counts).join(' ')}`;
  const bar = leadBar(counts);
  useEffect(() => {
    if (tab === 'report') void useVoiceCampaigns.getState().loadIssues(c.id, 0);
  }, [c.id, tab]);

  const { act, cancel } = campaignMoves(useVoiceCampaigns.getState, c.id);
  const dialAgain = async (): Promise<boolean> => {
    const res = await useVoiceCampaigns.getState().dialAgain(c.id, counts.inDoubt);
    if (!res.ok) toast.error('Not dialled again', errorSentence(res.error));
    return res.ok;
  };
  const remove = async (): Promise<boolean> => {
    const res = await useVoiceCampaigns.getState().remove(c.id, c.workspaceId);
    if (!res.ok) {
      toast.error('Not deleted', errorSentence(res.error));
      return false;
    }
    useCampaigns.getState().select(null);
    toast.success(
      `Deleted “${c.name}”`,
      `${res.value.calls.toLocaleString()} call${res.value.calls === 1 ? '' : 's'} and their transcripts went with it.`,
    );
    return true;
  };
  const [exporting, setExporting] = useState(false);
  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    const res = await useVoiceCampaigns.getState().exportCsv(c.id);
    setExporting(false);
    if (!res.ok) return void toast.error('Not exported', errorSentence(res.error));
    saveFile(res.value.filename, res.value.content, 'text/csv');
  };
  const carrierName = c.carrier ? getProvider(c.carrier).name : 'the carrier';
  const retries = c.retries === 0 ? 'no retries' : `${c.retries} retr${c.retries === 1 ? 'y' : 'ies'} ${c.retryGapMinutes} min apart`;

  return (
    <section className="campaign-detail" aria-label={c.name}>
      <CampaignHeader
        name={c.name}
        facts={
          <>
            Voice · {c.agentName} · window {c.window} callee time · {retries} · {MACHINE_WORD[c.machine]}
            {c.carrier ? ` · ${carrierName}${c.keyOwner ? (c.keyOwner === 'own' ? ' (own key)' : ' (agency’s key)') : ''}` : ''}
          </>
        }
        state={state}
        interrupted={c.interrupted}
        start={{ label: 'Start calling', icon: 'phone' }}
        onAct={(what) => void act(what)}
        again={{ count: counts.inDoubt, verb: 'Dial', onClick: () => setConfirmAgain(true) }}
        onCancel={() => setConfirmCancel(true)}
        onDelete={() => setConfirmDelete(true)}
      />

      <div className="campaign-status card card-pad">
        <div className="campaign-status-line">
          <CampaignStateBadge state={state} interrupted={c.interrupted} voice />
          <span data-testid="voice-progress">
            {doneOf(bar).toLocaleString()} of {counts.total.toLocaleString()} leads done — {counts.done.toLocaleString()} called
            {counts.skipped ? `, ${counts.skipped} do not call` : ''}
            {counts.failed ? `, ${counts.failed} not placed` : ''}
            {counts.inDoubt ? `, ${counts.inDoubt} in doubt` : ''}
          </span>
          {counts.dialing + counts.inCall > 0 ? (
            <span className="muted">{(counts.dialing + counts.inCall).toLocaleString()} on the line</span>
          ) : null}
        </div>
        <ProgressBar counts={bar} label="Leads finished" />
        <WaitingLine waiting={waiting} next={nextOpeningAt} what="their window or a retry" />
        <PauseReason reason={reason} />
        {counts.inDoubt > 0 ? (
          <Notice tone="warn" title={`▲ ${counts.inDoubt.toLocaleString()} call${counts.inDoubt === 1 ? '' : 's'} in doubt`}>
            {carrierName} may have placed {counts.inDoubt === 1 ? 'this call' : 'these calls'} before Switchboard stopped, and cannot be
            asked. Check {carrierName}’s call log (filter the table by “In doubt”), then dial again whoever was not called.
          </Notice>
        ) : null}
        {c.interrupted ? (
          <Notice tone="warn">
            The process running this campaign stopped before it finished. Resume: calls left in flight are looked up with the carrier first,
            so nobody is rung twice.
          </Notice>
        ) : null}
      </div>

      <div className="voice-cards">
        <VoiceOutcomes outcomes={outcomes} />
        <VoiceCeiling ceiling={ceiling} callsNow={live?.callsNow ?? counts.dialing + counts.inCall} cap={c.maxConcurrent} cps={c.cps} />
      </div>
      <VoiceLiveCalls live={calls} note={state === 'running' ? (live?.note ?? null) : null} />
      <VoiceCosts campaign={c} />

      <div className="campaign-export">
        <Button size="sm" icon="download" busy={exporting} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
        <span className="muted small">Each lead with its call, the call’s summary and a column per extracted field.</span>
      </div>
      <TableTabs tab={tab} own={{ tab: 'calls', label: 'Calls' }} imported={c.imported} onTab={setTab} />

      {tab === 'calls' ? (
        <LeadTable campaign={c} tick={leadsMoved} />
      ) : (
        <ImportReport page={issues} onPage={(o) => void useVoiceCampaigns.getState().loadIssues(c.id, o)} />
      )}

      <Confirm
        open={confirmAgain}
        onOpenChange={setConfirmAgain}
        title={`Dial ${counts.inDoubt.toLocaleString()} lead${counts.inDoubt === 1 ? '' : 's'} again?`}
        confirmLabel="Dial again"
        onConfirm={dialAgain}
      >
        <p>
          {counts.inDoubt === 1 ? 'This call' : 'These calls'} may already have rung: {carrierName} cannot be asked. Check {carrierName}’s
          call log first — whoever was already called will be rung a second time.
        </p>
      </Confirm>

      <Confirm
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${c.name}”?`}
        confirmLabel="Delete campaign"
        onConfirm={remove}
      >
        <p>
          Its {counts.total.toLocaleString()} lead{counts.total === 1 ? '' : 's'} and their outcomes, every call on record with its sealed
          transcript, and the import report are deleted for good. What the calls cost stays in Usage &amp; billing.
        </p>
      </Confirm>

      <Confirm
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title={`Cancel “${c.name}”?`}
        confirmLabel="Cancel campaign"
        onConfirm={cancel}
      >
        <p>
          {counts.queued.toLocaleString()} lead{counts.queued === 1 ? '' : 's'} not called yet will never be called, and the campaign cannot
          be resumed. Calls on the line now finish; the {counts.done.toLocaleString()} already made keep their outcomes.
        </p>
      </Confirm>
    </section>
  );
}
