/** Campaign rows and outbox counts turned into what the console and the CLI show. */
import type { CampaignProgress, CampaignView, MessageView } from '../../../shared/campaigns';
import type { MessageRow, Outbox } from '../messaging/outbox';
import { formatWindow } from '../messaging/window';
import type { CampaignRepo, CampaignRow } from './repo';

/** When the earliest waiting message falls due, if any waits. */
function nextOpeningAt(outbox: Outbox, campaignId: string, now: number): string | null {
  const next = outbox.nextWaiting(campaignId, now);
  return next === null ? null : new Date(next).toISOString();
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
  const record = repo.record(row);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    name: row.name,
    channel: row.channel,
    state: row.state,
    pauseReason: row.pause_reason,
    interrupted: repo.interrupted(row),
    window: formatWindow({ start: row.window_start, end: row.window_end }),
    rate: row.rate,
    provider: row.provider,
    keyOwner: row.key_owner,
    counts: outbox.counts(row.id),
    unconfirmed: outbox.unconfirmed(row.id),
    waiting: outbox.waiting(row.id, now),
    nextOpeningAt: nextOpeningAt(outbox, row.id, now),
    imported: record.imported,
    estimate: record.estimate,
    template: row.template,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A results-table row. */
export function messageView(r: MessageRow): MessageView {
  return {
    id: r.id,
    recipient: r.recipient,
    name: r.name,
    status: r.state,
    providerId: r.provider_id,
    error: r.error,
    attempts: r.attempts,
    sentAt: r.sent_at,
    notBefore: new Date(r.not_before).toISOString(),
  };
}
