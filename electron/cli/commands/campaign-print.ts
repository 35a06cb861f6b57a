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
export function stateWord(c: Pick<CampaignView, 'state' | 'interrupted'>): string {
  return c.interrupted ? '▲ Interrupted (run `campaign run` to resume)' : STATE_WORDS[c.state];
}

const counted = (c: MessageCounts): string =>
  [
    `${c.sent} sent`,
    c.failed ? `${c.failed} failed` : '',
    c.skipped ? `${c.skipped} skipped` : '',
    c.queued ? `${c.queued} queued` : '',
    c.sending ? `${c.sending} in flight` : '',
    c.cancelled ? `${c.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** The rows an import left out (the first 20), and once, how to read numbers written without a country code. */
export function printIssues(
  ctx: CliContext,
  issues: readonly { line: number; kind: string; reason: string }[],
  c: { id: string; workspaceId: string; imported: ImportSummary },
): void {
  const shown = issues.slice(0, 20);
  for (const i of shown) ctx.out(`  line ${i.line}: ${i.kind} — ${i.reason}`);
  const hidden = c.imported.rejected + c.imported.excluded + c.imported.merged - shown.length;
  if (hidden > 0) ctx.out(`  … and ${hidden} more (switchboard campaign status ${c.id} --issues)`);
  if (issues.some((i) => i.reason.includes('no country code'))) {
    const ws = ctx.core().workspaces.get(c.workspaceId).name;
    ctx.out(
      `Numbers without a country code are read in the workspace's country once it has one: switchboard workspace set ${JSON.stringify(ws)} --country US (or the campaign's --country, or a country column).`,
    );
  }
}

/** The report after `campaign create`. */
export function printCreated(ctx: CliContext, made: CreatedCampaign): void {
  const c = made.campaign;
  const e = c.estimate;
  ctx.out(`Created campaign “${c.name}” (${c.id}), ${c.channel === 'sms' ? 'SMS' : 'e-mail'}, window ${c.window} recipient time.`);
  ctx.out(`Contacts: ${importTally(c.imported, 'recipient')}.`);
  printIssues(ctx, made.issues, c);
  const units =
    c.channel === 'sms' ? `${e.units} segments (${e.gsm7} GSM-7, ${e.ucs2} UCS-2; longest ${e.maxSegments})` : `${e.units} e-mails`;
  ctx.out(`Estimated cost: $${e.costUsd.toFixed(2)} — ${units} at $${e.unitPrice} each (${getProvider(e.provider).name}).`);
  const p = made.preview[0];
  if (p) {
    ctx.out(
      `Preview for ${p.name || p.recipient} (${p.recipient})${c.channel === 'sms' ? `, ${p.segments} segment${p.segments === 1 ? '' : 's'} ${p.encoding}` : ''}:`,
    );
    if (p.subject) ctx.out(`  Subject: ${p.subject}`);
    for (const line of p.body.split('\n').slice(0, 8)) ctx.out(`  │ ${line}`);
    if (p.nonGsm.length > 0)
      ctx.out(`  (${p.nonGsm.map((ch) => `“${ch}”`).join(' ')} force UCS-2: 70 characters a segment instead of 160)`);
  }
  for (const w of made.warnings) ctx.out(`▲ ${w}`);
  ctx.out(`Send it: switchboard campaign run ${c.id}`);
}

/** `campaign status`. */
export function printStatus(ctx: CliContext, c: CampaignView): void {
  ctx.out(`${c.name} (${c.id})`);
  ctx.out(`  ${stateWord(c)}${c.pauseReason ? ` — ${c.pauseReason}` : ''}`);
  ctx.out(
    `  ${c.channel === 'sms' ? 'SMS' : 'E-mail'} · window ${c.window} · rate ${c.rate ? `${c.rate}/s` : 'sender default'} · ${c.provider ? `${getProvider(c.provider).name}${c.keyOwner ? ` (${c.keyOwner === 'own' ? 'own key' : "agency's key"})` : ''}` : 'no key resolved yet'}`,
  );
  ctx.out(`  ${c.counts.total} messages: ${counted(c.counts)}`);
  if (c.waiting > 0 && c.nextOpeningAt)
    ctx.out(`  ${c.waiting} waiting for their window; the next opens at ${localTime(c.nextOpeningAt)} (this computer's time)`);
  if (c.unconfirmed > 0)
    ctx.out(
      `  ${c.unconfirmed} failed without a confirmed answer and may have arrived: check the provider’s log, then send them again with: switchboard campaign send-again ${c.id}`,
    );
}

/** Renders progress: a bar redrawn in place on a terminal, a line per tenth elsewhere. */
export function progressPrinter(ctx: CliContext, tty: boolean): { update(p: CampaignProgress): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  let lastNote: string | null = null;
  return {
    update(p) {
      if (p.note && p.note !== lastNote) {
        // Why nothing moves (another process holds the number), said once, on its own line.
        if (drawn) ctx.progress('\n');
        ctx.err(p.note);
      }
      lastNote = p.note;
      const done = p.counts.sent + p.counts.failed + p.counts.skipped + p.counts.cancelled;
      const ratio = p.counts.total > 0 ? done / p.counts.total : 1;
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        const waiting = p.waiting > 0 ? ` · ${p.waiting} waiting` : '';
        ctx.progress(
          `\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${p.counts.total} · ${counted(p.counts)}${waiting} · ${p.perSecond}/s \u001b[K`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        ctx.err(`${Math.floor(ratio * 100)}% ${done}/${p.counts.total} · ${counted(p.counts)}`);
      }
    },
    end() {
      if (drawn) ctx.progress('\n');
    },
  };
}
