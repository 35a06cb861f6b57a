/** A voice campaign, its leads and its progress as the console and the CLI show them. */
import type { CeilingView, LiveLead, VoiceCampaignProgress, VoiceCampaignView, VoiceLeadView } from '../../../../shared/voice-campaigns';
import type { Db } from '../../store/db';
import { roundUsd } from '../../usage/cost';
import { CallsRepo } from '../../voice/calls/repo';
import { commonView, isoOrNull } from '../kernel/progress';
import { usageOf } from './estimate';
import type { LeadRow, VoiceCampaignRepo, VoiceCampaignRow } from './repo';

/** A lead row as the console shows it. */
export function leadView(row: LeadRow): VoiceLeadView {
  return {
    id: row.id,
    line: row.line,
    to: row.recipient,
    name: row.name,
    state: row.state,
    attempts: row.attempts,
    callId: row.call_id,
    outcome: row.outcome,
    reason: row.reason,
    durationSeconds: row.duration_seconds,
    dialledAt: row.dialled_at,
    notBefore: new Date(row.not_before).toISOString(),
    callbackAt: row.callback_at === null ? null : new Date(row.callback_at).toISOString(),
  };
}

/** The campaign's calls live now (from the store, so another process's run shows too). */
export function liveLeads(db: Db, campaignId: string, repo: Pick<VoiceCampaignRepo, 'inFlight'>): LiveLead[] {
  const leads = repo.inFlight(campaignId);
  const states = new CallsRepo(db).statesOf(leads.flatMap((l) => (l.call_id === null ? [] : [l.call_id])));
  return leads.map((lead) => {
    const callState = lead.call_id === null ? undefined : states.get(lead.call_id);
    return {
      leadId: lead.id,
      callId: lead.call_id,
      to: lead.recipient,
      name: lead.name,
      state: callState === 'in-progress' ? 'in-progress' : callState === 'ringing' ? 'ringing' : 'dialing',
      startedAt: lead.dialled_at ?? '',
    };
  });
}

/** A campaign with its counts, outcomes, usage and live calls. */
export function voiceCampaignView(
  row: VoiceCampaignRow,
  repo: VoiceCampaignRepo,
  db: Db,
  ceiling: CeilingView | null,
  now: number,
): VoiceCampaignView {
  const usage = usageOf(new CallsRepo(db), row.id);
  const sum = (owner?: 'own' | 'agency'): number =>
    roundUsd(usage.filter((u) => !owner || u.owner === owner).reduce((s, u) => s + u.costUsd, 0));
  const wait = repo.waiting(row.id, now);
  return {
    ...commonView(row, repo.record(row), repo.interrupted(row)),
    agentId: row.agent_id,
    agentName: row.agent_name,
    retries: row.retries,
    retryGapMinutes: row.retry_gap_minutes,
    maxConcurrent: row.max_concurrent,
    machine: row.machine,
    cps: row.cps,
    carrier: row.carrier,
    keyOwner: row.key_owner,
    counts: repo.counts(row.id),
    outcomes: repo.outcomes(row.id),
    waiting: wait.waiting,
    nextOpeningAt: isoOrNull(wait.next),
    usage,
    minutes: usage.filter((u) => u.role === 'carrier' && u.unit === 'minutes').reduce((s, u) => s + u.amount, 0),
    cost: { totalUsd: sum(), ownUsd: sum('own'), agencyUsd: sum('agency') },
    live: liveLeads(db, row.id, repo),
    settled: repo.settled(row.id),
    ceiling,
  };
}

/** The progress push of a campaign: what moves while its calls go on (usage and cost are read when `settled` moves). */
export function progressOf(
  row: VoiceCampaignRow,
  repo: VoiceCampaignRepo,
  db: Db,
  ceiling: CeilingView | null,
  note: string | null,
  at: Date,
): VoiceCampaignProgress {
  const counts = repo.counts(row.id);
  const wait = repo.waiting(row.id, at.getTime());
  return {
    campaignId: row.id,
    workspaceId: row.workspace_id,
    state: row.state,
    pauseReason: row.pause_reason,
    counts,
    outcomes: repo.outcomes(row.id),
    callsNow: counts.dialing + counts.inCall,
    live: liveLeads(db, row.id, repo),
    settled: repo.settled(row.id),
    waiting: wait.waiting,
    nextOpeningAt: isoOrNull(wait.next),
    ceiling,
    note,
    at: at.toISOString(),
  };
}
