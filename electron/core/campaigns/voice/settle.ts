/**
 * How a lead's call ends up: settled once its call ended (a retry for no_answer/busy while attempts
 * remain, a callback agreed on the call queued for its time, otherwise done — do_not_call added to
 * the workspace's list and the post-call workflows fed once per call with what the call's extraction
 * settled, all in one transaction), and
 * recovered when a run that is gone left it in flight: from the call the calls store holds, from
 * Twilio's answer (a call still live is hung up), or in doubt for the operator where the carrier
 * cannot be asked (Exotel).
 */
import { AppError } from '../../../../shared/errors';
import { extractedText, SUMMARY_FIELD } from '../../../../shared/extraction';
import { nextOpening, zonesFor } from '../../messaging/window';
import { tx } from '../../store/db';
import type { CallKeys } from '../../voice/call/keys';
import { CallsRepo } from '../../voice/calls/repo';
import type { CallOutcome } from '../../voice/types';
import type { VoiceCampaignDeps } from './deps';
import type { LeadRow, VoiceCampaignRepo, VoiceCampaignRow } from './repo';
import { fetchTwilioCall, findTwilioCall, hangUpOrphan, orphanOutcome } from '../../voice/carriers/twilio/lookup';

/** What settling needs. */
export interface SettleDeps {
  readonly deps: Pick<VoiceCampaignDeps, 'db' | 'dnc' | 'workflows' | 'calls' | 'audit' | 'env'>;
  readonly repo: VoiceCampaignRepo;
  /** The run's time (ms). */
  readonly now: () => number;
}

/** What recovery needs besides. */
export interface RecoverDeps extends SettleDeps {
  readonly keys: CallKeys;
  /** Pauses the campaign with this reason (the carrier refused the key when asked). */
  readonly pause: (reason: string) => void;
}

/** A lead's call ended: retry, or done with its outcome (do-not-call listed, workflows fed once per call), in one transaction. */
export function settleLead(
  settleDeps: SettleDeps,
  campaign: VoiceCampaignRow,
  leadId: number,
  callId: string | null,
  end: { readonly outcome: CallOutcome; readonly reason: string | null; readonly duration: number | null },
): void {
  const { deps, repo } = settleDeps;
  const { outcome, reason, duration } = end;
  const extracted = callId === null ? undefined : extractedVars(deps.calls, campaign.workspace_id, callId);
  tx(deps.db, () => {
    // Read inside the transaction: a lead settled once (by this run, or a recovery) is not settled again.
    const lead = repo.lead(leadId);
    if (lead.state !== 'dialing' && lead.state !== 'in-call') return;
    if ((outcome === 'no_answer' || outcome === 'busy') && lead.attempts <= campaign.retries) {
      const at = nextOpening(
        { start: campaign.window_start, end: campaign.window_end },
        zonesFor(lead.zone),
        settleDeps.now() + campaign.retry_gap_minutes * 60_000,
      );
      return repo.requeue(lead.id, at, { outcome, reason, countAttempt: true });
    }
    // A callback the lead agreed on this call (schedule_callback checked it against the window): queued for then.
    if (outcome === 'callback' && lead.callback_at !== null && lead.callback_at > settleDeps.now())
      return repo.requeue(lead.id, lead.callback_at, { outcome, reason, countAttempt: true });
    if (outcome === 'do_not_call')
      deps.dnc.add(
        { kind: 'workspace', workspaceId: campaign.workspace_id },
        [lead.recipient],
        'opt-out',
        'system',
        'asked not to be called on a campaign call',
      );
    try {
      const vars = JSON.parse(lead.vars) as Record<string, string>;
      deps.workflows.onCallEnded(
        {
          workspaceId: campaign.workspace_id,
          callId: callId ?? `lead-${lead.id}-${lead.attempts}`,
          outcome,
          contact: { ...vars, phone: lead.recipient },
          extracted,
        },
        'system',
      );
    } catch (err) {
      // Workflows not unlocked yet: the outcome stands, no follow-up is sent.
      if (!(err instanceof AppError) || err.code !== 'ONBOARDING_INCOMPLETE') throw err;
    }
    repo.markDone(lead.id, outcome, reason, duration);
  });
}

/** The summary and fields a call's extraction settled, as template text; none when it extracted nothing or cannot be opened. */
function extractedVars(
  calls: SettleDeps['deps']['calls'],
  workspaceId: string,
  callId: string,
): Readonly<Record<string, string>> | undefined {
  try {
    const found = calls.extractionsOf(workspaceId, [callId]).get(callId);
    if (found?.state !== 'extracted') return undefined;
    return {
      ...Object.fromEntries(Object.entries(found.values).map(([name, value]) => [name, extractedText(value)])),
      [SUMMARY_FIELD]: found.summary,
    };
  } catch (err) {
    // A locked vault or an altered result: the follow-up still goes, without the call's fields.
    if (err instanceof AppError) return undefined;
    throw err;
  }
}

/** Settles a lead a dead run (or an unanswered dial request) left in flight: from its stored call, Twilio's answer, or as in doubt (Exotel). */
export async function recoverLead(recoverDeps: RecoverDeps, campaign: VoiceCampaignRow, lead: LeadRow): Promise<void> {
  const { deps, keys } = recoverDeps;
  const calls = new CallsRepo(deps.db);
  const call: CallRowLite | undefined = lead.call_id
    ? calls.byId(lead.call_id)
    : calls.latestOfCampaignTo(campaign.id, lead.recipient, lead.dialled_at ?? '');
  if (call?.outcome && call.carrier_call_id)
    return settleLead(recoverDeps, campaign, lead.id, call.id, {
      outcome: call.outcome,
      reason: call.reason,
      duration: call.duration_seconds,
    });
  const sid = lead.carrier_call_id ?? call?.carrier_call_id ?? null;
  const finishCall = (outcome: CallOutcome, reason: string, duration: number | null): void => {
    if (call && !call.outcome) deps.calls.finish(call.id, { outcome, reason, durationSeconds: duration }, 'system');
  };
  if (keys.carrier.provider !== 'twilio') {
    if (sid) {
      finishCall('failed', 'Switchboard stopped during the call; the agent could not classify it.', null);
      return settleLead(recoverDeps, campaign, lead.id, call?.id ?? null, {
        outcome: 'failed',
        reason: 'Switchboard stopped during the call; the agent could not classify it.',
        duration: null,
      });
    }
    finishCall('failed', 'In doubt: Switchboard stopped while the call was being placed.', null);
    recoverDeps.repo.markState(
      lead.id,
      'in-doubt',
      'in doubt: the request may have reached Exotel, which cannot be asked; check its call log, then dial again',
    );
    deps.audit.append({
      actor: 'system',
      action: 'campaign.call-in-doubt',
      workspaceId: campaign.workspace_id,
      target: campaign.id,
      detail: { lead: lead.id },
    });
    return;
  }
  const env = deps.env ?? process.env;
  const known = (s: string): boolean => calls.byCarrierId(s) !== undefined;
  const found = sid ? await fetchTwilioCall(keys, env, sid) : await findTwilioCall(keys, env, lead.recipient, lead.inflight_at ?? 0, known);
  deps.audit.append({
    actor: 'system',
    action: 'campaign.call-lookup',
    workspaceId: campaign.workspace_id,
    target: campaign.id,
    detail: { lead: lead.id, result: found.kind },
  });
  if (found.kind === 'auth')
    return recoverDeps.pause(
      `Twilio refused the key (${found.reason}) when asked about a call in flight. Nothing more was dialled: fix the key, then resume.`,
    );
  if (found.kind === 'unknown') {
    // Asked again after a rest; nothing is dialled for this lead meanwhile.
    return recoverDeps.repo.lookUpAgainAt(lead.id, recoverDeps.now() + 5_000);
  }
  if (found.kind === 'absent') {
    finishCall('failed', 'The call was not placed: Twilio has no record of it.', null);
    return recoverDeps.repo.requeue(lead.id, recoverDeps.now(), { countAttempt: false });
  }
  const orphaned = orphanOutcome(found);
  if (orphaned.live) await hangUpOrphan(keys, env, found.sid);
  if (call && !call.carrier_call_id && !known(found.sid)) deps.calls.update(call.id, { carrierCallId: found.sid });
  finishCall(orphaned.outcome, orphaned.reason, found.durationSeconds);
  settleLead(recoverDeps, campaign, lead.id, call?.id ?? null, {
    outcome: orphaned.outcome,
    reason: orphaned.reason,
    duration: found.durationSeconds,
  });
}

/** The columns of a calls row recovery reads. */
interface CallRowLite {
  readonly id: string;
  readonly carrier_call_id: string | null;
  readonly outcome: CallOutcome | null;
  readonly reason: string | null;
  readonly duration_seconds: number | null;
}
