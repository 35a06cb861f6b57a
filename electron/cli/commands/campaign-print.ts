/** How the campaign commands print: the import report, the preview, status lines and the progress bar. */
import {
  type CampaignProgress,
  type CampaignView,
  type CreatedCampaign,
  type ImportSummary,
  importTally,
  type MessageCounts,
} from '../../../shared/campaigns';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { CliContext } from '../context';
import { localTime } from '../io';

const STATE_WORDS: Readonly<Record<CampaignView['state'], string>> = {
  ready: '○ Ready',
  running: '● Running',
  paused: '▲ Paused',
  cancelled: '✕ Cancelled',
  completed: '● Completed',
};

/** `● Running` / `▲ Paused` / `▲ Interrupted`: icon and word. */
export function stateWord(campaign: Pick<CampaignView, 'state' | 'interrupted'>): string {
  return campaign.interrupted ? '▲ Interrupted (run `campaign run` to resume)' : STATE_WORDS[campaign.state];
}

const counted = (counts: MessageCounts): string =>
  [
    `${counts.sent} sent`,
    counts.failed ? `${counts.failed} failed` : '',
    counts.skipped ? `${counts.skipped} skipped` : '',
    counts.queued ? `${counts.queued} queued` : '',
    counts.sending ? `${counts.sending} in flight` : '',
    counts.cancelled ? `${counts.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** The rows an import left out (the first 20), and once, how to read numbers written without a country code. */
export function printIssues(
  ctx: CliContext,
  issues: readonly { line: number; kind: string; reason: string }[],
  created: { id: string; workspaceId: string; imported: ImportSummary },
): void {
  const shown = issues.slice(0, 20);
  for (const issue of shown) ctx.out(`  line ${issue.line}: ${issue.kind} — ${issue.reason}`);
  const hidden = created.imported.rejected + created.imported.excluded + created.imported.merged - shown.length;
  if (hidden > 0) ctx.out(`  … and ${hidden} more (switchboard campaign status ${created.id} --issues)`);
  if (issues.some((i) => i.reason.includes('no country code'))) {
    const ws = ctx.core().workspaces.get(created.workspaceId).name;
    ctx.out(
      `Numbers without a country code are read in the workspace's country once it has one: switchboard workspace set ${JSON.stringify(ws)} ` +
        `--country US (or the campaign's --country, or a country column).`,
    );
  }
}

/** The report after `campaign create`. */
export function printCreated(ctx: CliContext, made: CreatedCampaign): void {
  const campaign = made.campaign;
  const estimate = campaign.estimate;
  ctx.out(
    `Created campaign “${campaign.name}” (${campaign.id}), ${campaign.channel === 'sms' ? 'SMS' : 'e-mail'}, window ${campaign.window} recipient time.`,
  );
  ctx.out(`Contacts: ${importTally(campaign.imported, 'recipient')}.`);
  printIssues(ctx, made.issues, campaign);
  const units =
    campaign.channel === 'sms'
      ? `${estimate.units} segments (${estimate.gsm7} GSM-7, ${estimate.ucs2} UCS-2; longest ${estimate.maxSegments})`
      : `${estimate.units} e-mails`;
  ctx.out(
    `Estimated cost: $${estimate.costUsd.toFixed(2)} — ${units} at $${estimate.unitPrice} each (${getProvider(estimate.provider).name}).`,
  );
  const preview = made.preview[0];
  if (preview) {
    ctx.out(
      `Preview for ${preview.name || preview.recipient} ` +
        `(${preview.recipient})${campaign.channel === 'sms' ? `, ${preview.segments} segment${preview.segments === 1 ? '' : 's'} ${preview.encoding}` : ''}:`,
    );
    if (preview.subject) ctx.out(`  Subject: ${preview.subject}`);
    for (const line of preview.body.split('\n').slice(0, 8)) ctx.out(`  │ ${line}`);
    if (preview.nonGsm.length > 0)
      ctx.out(`  (${preview.nonGsm.map((ch) => `“${ch}”`).join(' ')} force UCS-2: 70 characters a segment instead of 160)`);
  }
  for (const warning of made.warnings) ctx.out(`▲ ${warning}`);
  ctx.out(`Send it: switchboard campaign run ${campaign.id}`);
}

/** "Twilio (own key)": the provider a campaign resolved to and whose key pays for it, or `none`. */
export function payingKey(provider: ProviderId | null, keyOwner: 'own' | 'agency' | null, none: string): string {
  if (!provider) return none;
  const owner = keyOwner ? ` (${keyOwner === 'own' ? 'own key' : "agency's key"})` : '';
  return `${getProvider(provider).name}${owner}`;
}

/** `campaign status`. */
export function printStatus(ctx: CliContext, campaign: CampaignView): void {
  ctx.out(`${campaign.name} (${campaign.id})`);
  ctx.out(`  ${stateWord(campaign)}${campaign.pauseReason ? ` — ${campaign.pauseReason}` : ''}`);
  ctx.out(
    `  ${campaign.channel === 'sms' ? 'SMS' : 'E-mail'} · window ${campaign.window} · rate ` +
      `${campaign.rate ? `${campaign.rate}/s` : 'sender default'} · ` +
      payingKey(campaign.provider, campaign.keyOwner, 'no key resolved yet'),
  );
  ctx.out(`  ${campaign.counts.total} messages: ${counted(campaign.counts)}`);
  if (campaign.waiting > 0 && campaign.nextOpeningAt)
    ctx.out(
      `  ${campaign.waiting} waiting for their window; the next opens at ${localTime(campaign.nextOpeningAt)} (this computer's time)`,
    );
  if (campaign.unconfirmed > 0)
    ctx.out(
      `  ${campaign.unconfirmed} failed without a confirmed answer and may have arrived: check the provider’s log, then send them again ` +
        `with: switchboard campaign send-again ${campaign.id}`,
    );
}

/** Renders progress: a bar redrawn in place on a terminal, a line per tenth elsewhere. */
export function progressPrinter(ctx: CliContext, tty: boolean): { update(progress: CampaignProgress): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  let lastNote: string | null = null;
  return {
    update(progress) {
      if (progress.note && progress.note !== lastNote) {
        // Why nothing moves (another process holds the number), said once, on its own line.
        if (drawn) ctx.progress('\n');
        ctx.err(progress.note);
      }
      lastNote = progress.note;
      const done = progress.counts.sent + progress.counts.failed + progress.counts.skipped + progress.counts.cancelled;
      const ratio = progress.counts.total > 0 ? done / progress.counts.total : 1;
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        const waiting = progress.waiting > 0 ? ` · ${progress.waiting} waiting` : '';
        ctx.progress(
          `\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${progress.counts.total} · ` +
            `${counted(progress.counts)}${waiting} · ${progress.perSecond}/s \u001b[K`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        ctx.err(`${Math.floor(ratio * 100)}% ${done}/${progress.counts.total} · ${counted(progress.counts)}`);
      }
    },
    end() {
      if (drawn) ctx.progress('\n');
    },
  };
}
