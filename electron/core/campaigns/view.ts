/** Campaign rows and outbox counts turned into what the console and the CLI show. */
import type { CampaignProgress, CampaignView, MessageView } from '../../../shared/campaigns';
import type { MessageRow, Outbox } from '../messaging/outbox';
import { commonView, isoOrNull } from './kernel/progress';
import type { CampaignRepo, CampaignRow } from './repo';

/** When the earliest waiting message falls due, if any waits. */
function nextOpeningAt(outbox: Outbox, campaignId: string, now: number): string | null {
  return isoOrNull(outbox.nextWaiting(campaignId, now));
}

/** The live numbers of a campaign, as pushed on `event:campaignProgress`. */
export function progressOf(row: CampaignRow, outbox: Outbox, now: number, perSecond: number, note: string | null = null): CampaignProgress {
  return {
    campaignId: row.id,
    workspaceId: row.workspace_id,
    state: row.state,
    pauseReason: row.pause_reason,
    counts: outbox.counts(row.id),
    waiting: outbox.waiting(row.id, now),
    nextOpeningAt: nextOpeningAt(outbox, row.id, now),
    perSecond: Math.round(perSecond * 10) / 10,
    note,
    at: new Date(now).toISOString(),
  };
}

/** A campaign as shown. */
export function campaignView(row: CampaignRow, repo: CampaignRepo, outbox: Outbox, now: number): CampaignView {
  return {
    ...commonView(row, repo.record(row), repo.interrupted(row)),
    kind: row.kind,
    channel: row.channel,
    rate: row.rate,
    provider: row.provider,
    keyOwner: row.key_owner,
    counts: outbox.counts(row.id),
    unconfirmed: outbox.unconfirmed(row.id),
    waiting: outbox.waiting(row.id, now),
    nextOpeningAt: nextOpeningAt(outbox, row.id, now),
    template: row.template,
  };
}

/** A results-table row. */
export function messageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    recipient: row.recipient,
    name: row.name,
    status: row.state,
    providerId: row.provider_id,
    error: row.error,
    attempts: row.attempts,
    sentAt: row.sent_at,
    notBefore: new Date(row.not_before).toISOString(),
  };
}
