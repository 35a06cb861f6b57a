/** A voice campaign's leads a page at a time: who, where their call stands or how it ended, attempts, length; each call opens its record. */
import { useEffect, useState, type ReactElement } from 'react';
import type { LeadState, VoiceCampaignView, VoiceLeadView } from '../../../../shared/voice-campaigns';
import { clockTime } from '../../lib/call-log';
import { shortDate } from '../../lib/time';
import { LEAD_PAGE, useVoiceCampaigns } from '../../stores/voice-campaigns';
import { CallOutcome } from '../voice/CallOutcome';
import { CallRecordDialog, type CallRef } from '../voice/CallRecordDialog';
import { Pager } from './Pager';
import { LEAD_LOOK, LEAD_STATE_LIST } from './voice-labels';

/** A lead's state, or its call's outcome once it has one. */
function LeadStatus({ lead }: { lead: VoiceLeadView }): ReactElement {
  if (lead.outcome) return <CallOutcome call={{ outcome: lead.outcome, state: 'ended' }} />;
  const look = LEAD_LOOK[lead.state];
  return (
    <span className={`call-outcome tone-${look.tone}`}>
      <span aria-hidden>{look.glyph}</span> {look.word}
    </span>
  );
}

/** What to say beside a lead: why it ended so, or when it may be dialled. */
function note(lead: VoiceLeadView): string {
  if (lead.reason) return lead.reason;
  if (lead.state === 'queued') return `${lead.attempts > 0 ? 'retry ' : ''}not before ${shortDate(lead.notBefore)}`;
  if (lead.dialledAt) return `dialled ${shortDate(lead.dialledAt)}`;
  return '';
}

/** The table with its state filter; `tick` changes whenever the campaign moved, to refresh the page shown. */
export function LeadTable({ campaign, tick }: { campaign: VoiceCampaignView; tick: string }): ReactElement {
  const page = useVoiceCampaigns((s) => (s.leads?.id === campaign.id ? s.leads : null));
  const [state, setState] = useState<LeadState | null>(null);
  const [open, setOpen] = useState<CallRef | null>(null);
  useEffect(() => {
    void useVoiceCampaigns.getState().loadLeads(campaign.id, page?.offset ?? 0, state);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the offset is read, not followed
  }, [campaign.id, state, tick]);

  return (
    <div>
      <label className="campaign-filter">
        State
        <select className="select" value={state ?? ''} onChange={(e) => setState((e.target.value || null) as LeadState | null)}>
          <option value="">All</option>
          {LEAD_STATE_LIST.map((k) => (
            <option key={k} value={k}>
              {LEAD_LOOK[k].glyph} {LEAD_LOOK[k].word}
            </option>
          ))}
        </select>
      </label>
      <div className="table-wrap">
        <table className="table" aria-label="Calls">
          <thead>
            <tr>
              <th>Callee</th>
              <th>Name</th>
              <th>Outcome</th>
              <th className="num">Attempts</th>
              <th className="num">Length</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {(page?.rows ?? []).map((l) => (
              <tr key={l.id} data-testid="voice-lead">
                <td className="mono nowrap">
                  {l.callId ? (
                    <button
                      type="button"
                      className="link-button mono"
                      onClick={() => setOpen({ id: l.callId ?? '', agentName: campaign.agentName, to: l.to })}
                      aria-label={`Open the call to ${l.to}`}
                    >
                      {l.to}
                    </button>
                  ) : (
                    l.to
                  )}
                </td>
                <td>{l.name}</td>
                <td className="nowrap">
                  <LeadStatus lead={l} />
                </td>
                <td className="num mono">{l.attempts}</td>
                <td className="num mono">{l.durationSeconds === null ? '—' : clockTime(l.durationSeconds)}</td>
                <td className="detail">{note(l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        size={LEAD_PAGE}
        total={page?.total ?? 0}
        offset={page?.offset ?? 0}
        onPage={(o) => void useVoiceCampaigns.getState().loadLeads(campaign.id, o, state)}
      />
      {open ? <CallRecordDialog workspaceId={campaign.workspaceId} call={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
