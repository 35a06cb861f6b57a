/**
 * A lead's side of the agent's schedule_callback (voice/tools/schedule-callback.ts): its zone and the
 * campaign's calling window, and where an agreed time goes — on the lead's row, audited, so the
 * lead is queued for that time when its call settles (settle.ts), even after a restart.
 */
import type { AuditLog } from '../../audit/audit';
import type { LeadCallback } from '../../voice/tools/schedule-callback';
import type { LeadRow, VoiceCampaignRepo, VoiceCampaignRow } from './repo';

/** The callback port of one lead's call. */
export function leadCallback(
  deps: { readonly repo: Pick<VoiceCampaignRepo, 'agreeCallback'>; readonly audit: Pick<AuditLog, 'append'> },
  campaign: VoiceCampaignRow,
  lead: LeadRow,
): LeadCallback {
  return {
    zone: lead.zone,
    window: { start: campaign.window_start, end: campaign.window_end },
    agree(at) {
      deps.repo.agreeCallback(lead.id, at);
      deps.audit.append({
        actor: 'system',
        action: 'campaign.callback',
        workspaceId: campaign.workspace_id,
        target: campaign.id,
        detail: { lead: lead.id, at: new Date(at).toISOString() },
      });
    },
  };
}
