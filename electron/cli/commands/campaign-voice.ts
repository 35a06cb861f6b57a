/**
 * The voice side of `switchboard campaign`: create with --channel voice, run behind the operator's
 * public URL or the ngrok tunnel (a progress line on a terminal, Ctrl-C pauses), status with
 * --calls, and how a voice campaign reads on a terminal.
 */
import { visible } from '../../../shared/visible';
import { getProvider } from '../../../shared/providers/catalog';
import { AppError } from '../../../shared/errors';
import type {
  CreatedVoiceCampaign,
  LeadCounts,
  OutcomeCounts,
  VoiceCampaignProgress,
  VoiceCampaignView,
  VoiceEstimate,
  VoiceLeadView,
} from '../../../shared/voice-campaigns';
import { importTally } from '../../../shared/campaigns';
import type { CliContext } from '../context';
import { EXIT, localTime, table } from '../io';
import { payingKey, printIssues, stateWord } from './campaign-print';
import { portOf, reachOf, type ReachFlags } from './voice-print';

/** The flags of `campaign create --channel voice`. */
export interface VoiceCreateFlags {
  agent?: string;
  retries?: string;
  retryGap?: string;
  maxConcurrent?: string;
  machine?: string;
  voicemailText?: string;
  cps?: string;
}

const whole = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value.trim())) throw new AppError('INVALID_INPUT', `${flag} takes a whole number.`);
  return Number(value);
};

/** The voice options from the flags; one sentence for a bad one. */
export function voiceOptions(flags: VoiceCreateFlags): {
  agent: string;
  retries?: number;
  retryGapMinutes?: number;
  maxConcurrent?: number;
  machine?: 'hangup' | 'voicemail';
  voicemailText?: string;
  cps?: number;
} {
  if (!flags.agent) throw new AppError('INVALID_INPUT', 'A voice campaign needs --agent: the voice agent that makes the calls.');
  if (flags.machine !== undefined && flags.machine !== 'hangup' && flags.machine !== 'voicemail')
    throw new AppError('INVALID_INPUT', '--machine is hangup or voicemail.');
  const cps = flags.cps === undefined ? undefined : Number(flags.cps);
  if (cps !== undefined && (!/^\d+(\.\d+)?$/.test(flags.cps?.trim() ?? '') || !(cps > 0)))
    throw new AppError('INVALID_INPUT', '--cps is a number of dial requests per second, e.g. --cps 1.');
  return {
    agent: flags.agent,
    retries: whole(flags.retries, '--retries'),
    retryGapMinutes: whole(flags.retryGap, '--retry-gap'),
    maxConcurrent: whole(flags.maxConcurrent, '--max-concurrent'),
    machine: flags.machine as 'hangup' | 'voicemail' | undefined,
    voicemailText: flags.voicemailText,
    cps,
  };
}

const outcomeLine = (counts: OutcomeCounts): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(' · ') || 'no outcomes yet';

const leadLine = (counts: LeadCounts): string =>
  [
    `${counts.done} done`,
    counts.queued ? `${counts.queued} queued` : '',
    counts.dialing + counts.inCall ? `${counts.dialing + counts.inCall} in calls` : '',
    counts.inDoubt ? `${counts.inDoubt} in doubt` : '',
    counts.skipped ? `${counts.skipped} skipped` : '',
    counts.failed ? `${counts.failed} failed` : '',
    counts.cancelled ? `${counts.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** Whether the agent's prompt is cached, in one sentence (the estimate's tokens line depends on it). */
function promptLine(prompt: NonNullable<VoiceEstimate['prompt']>): string {
  const size = `about ${prompt.tokens.toLocaleString('en-US')} tokens`;
  const min = `${prompt.model}'s caching minimum of ${prompt.minimum.toLocaleString('en-US')}`;
  return prompt.caches
    ? `Prompt: ${size}, above ${min}: cached, so turns after a call's first read it at a tenth of the price.`
    : `Prompt: ${size}, below ${min}: not cached, so every turn pays for it in full.`;
}

/** The report after `campaign create --channel voice`. */
export function printCreatedVoice(ctx: CliContext, made: CreatedVoiceCampaign): void {
  const campaign = made.campaign;
  const estimate = campaign.estimate;
  ctx.out(
    `Created voice campaign “${campaign.name}” (${campaign.id}) with ${campaign.agentName}, window ${campaign.window} callee time, ` +
      `${campaign.retries} retr${campaign.retries === 1 ? 'y' : 'ies'} ${campaign.retryGapMinutes} min apart, at most ` +
      `${campaign.maxConcurrent} calls at once, machines: ${campaign.machine}.`,
  );
  ctx.out(`Contacts: ${importTally(campaign.imported, 'lead')}.`);
  printIssues(ctx, made.issues, campaign);
  ctx.out(
    `Estimate: about ${estimate.calls} calls, ${estimate.minutes} carrier minutes, $${estimate.costUsd.toFixed(2)} (assuming ` +
      `${Math.round(estimate.answerRate * 100)} % answered, ${estimate.minutesPerCall} min each):`,
  );
  for (const cost of estimate.byProvider)
    ctx.out(
      `  ${cost.role.padEnd(7)} ${getProvider(cost.provider).name.padEnd(10)} ${String(Math.round(cost.amount)).padStart(9)} ` +
        `${cost.unit.padEnd(10)} $${cost.costUsd.toFixed(2)}${cost.owner ? ` (${cost.owner === 'own' ? 'own key' : "agency's key"})` : ''}`,
    );
  if (estimate.prompt) ctx.out(promptLine(estimate.prompt));
  if (campaign.ceiling) ctx.out(`Ceiling: ${campaign.ceiling.reason}`);
  for (const warning of made.warnings) ctx.err(warning);
  ctx.out(`Nothing has been dialled. Run it with: switchboard campaign run ${campaign.id} --public-url URL (or --tunnel)`);
}

/** A voice campaign's state, counts, outcomes, cost and ceiling. */
export function printVoiceStatus(ctx: CliContext, campaign: VoiceCampaignView): void {
  ctx.out(`${campaign.name} (${campaign.id})`);
  ctx.out(`  ${stateWord(campaign)}${campaign.pauseReason ? ` — ${campaign.pauseReason}` : ''}`);
  ctx.out(
    `  Voice with ${campaign.agentName} · window ${campaign.window} · ${campaign.retries} retries ${campaign.retryGapMinutes} min apart ` +
      `· cap ${campaign.maxConcurrent} · ${campaign.cps}/s · machines: ` +
      `${campaign.machine}${campaign.carrier ? ` · ${payingKey(campaign.carrier, campaign.keyOwner, '')}` : ''}`,
  );
  ctx.out(`  ${campaign.counts.total} leads: ${leadLine(campaign.counts)}`);
  ctx.out(`  Outcomes: ${outcomeLine(campaign.outcomes)}`);
  if (campaign.waiting > 0 && campaign.nextOpeningAt)
    ctx.out(
      `  ${campaign.waiting} waiting for their window or a retry; the next at ${localTime(campaign.nextOpeningAt)} (this computer's time)`,
    );
  if (campaign.ceiling) ctx.out(`  Ceiling: ${campaign.ceiling.reason}`);
  ctx.out(
    `  ${campaign.minutes} carrier minutes · $${campaign.cost.totalUsd.toFixed(2)} so far ($${campaign.cost.ownUsd.toFixed(2)} own keys, ` +
      `$${campaign.cost.agencyUsd.toFixed(2)} agency's)`,
  );
  for (const usage of campaign.usage)
    ctx.out(
      `    ${usage.role.padEnd(7)} ${getProvider(usage.provider).name.padEnd(10)} ${String(usage.amount).padStart(9)} ` +
        `${usage.unit.padEnd(10)} $${usage.costUsd.toFixed(4)} (${usage.owner === 'own' ? 'own' : 'agency'})`,
    );
  for (const live of campaign.live)
    ctx.out(`  ● ${live.to}${live.name ? ` ${live.name}` : ''} — ${live.state} since ${live.startedAt.slice(11, 19)}`);
  if (campaign.counts.inDoubt > 0)
    ctx.out(
      `  ${campaign.counts.inDoubt} calls are in doubt (the carrier cannot be asked whether they were placed): check its call log, then ` +
        `dial them again with: switchboard campaign dial-again ${campaign.id}`,
    );
}

/** Prints the leads table of `campaign status --calls`. */
export function printLeads(ctx: CliContext, rows: readonly VoiceLeadView[]): void {
  table(
    [
      ['LEAD', 'TO', 'NAME', 'STATE', 'TRIES', 'OUTCOME', 'LENGTH', 'CALL', 'NOTE'],
      ...rows.map((lead) => [
        String(lead.id),
        lead.to,
        lead.name,
        lead.state,
        String(lead.attempts),
        lead.outcome ?? '',
        lead.durationSeconds === null ? '' : `${Math.round(lead.durationSeconds)} s`,
        lead.callId ?? '',
        lead.reason ?? '',
      ]),
    ],
    ctx.out,
  );
}

/** A progress line redrawn in place on a terminal, a line per tenth elsewhere. */
export function voiceProgressPrinter(ctx: CliContext, tty: boolean): { update(progress: VoiceCampaignProgress): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  let lastNote: string | null = null;
  return {
    update(progress) {
      if (progress.note && progress.note !== lastNote && !progress.note.includes('calls running, the ceiling')) {
        if (drawn) ctx.progress('\n');
        ctx.err(progress.note);
      }
      lastNote = progress.note;
      const counts = progress.counts;
      const done = counts.done + counts.skipped + counts.failed + counts.cancelled + counts.inDoubt;
      const ratio = counts.total > 0 ? done / counts.total : 1;
      const line = `${done}/${counts.total} · ${progress.callsNow}/${progress.ceiling?.ceiling ?? '?'} calls now · ${outcomeLine(progress.outcomes)}`;
      if (tty) {
        const filled = Math.round(ratio * 30);
        ctx.progress(`\r[${'█'.repeat(filled)}${'░'.repeat(30 - filled)}] ${Math.floor(ratio * 100)}% ${visible(line)} \u001b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        ctx.err(`${Math.floor(ratio * 100)}% ${line}`);
      }
    },
    end() {
      if (drawn) ctx.progress('\n');
    },
  };
}

/** `campaign run` for a voice campaign: a runner behind the public URL or tunnel, then the run; Ctrl-C pauses. */
export async function runVoice(ctx: CliContext, id: string, flags: ReachFlags): Promise<void> {
  const core = await ctx.unlocked();
  const campaigns = core.voiceCampaigns;
  const before = campaigns.get(id);
  if (before.state === 'completed' || before.state === 'cancelled')
    throw new AppError('CONFLICT', `This campaign is already ${before.state}.`);
  const reach = reachOf(flags);
  // The runner (Twilio SDK, ws, ngrok) loads when a voice campaign runs, not at every CLI start.
  const runner = await core.voice.serve(reach, { port: portOf(flags.port) });
  const printer = ctx.json() ? null : voiceProgressPrinter(ctx, ctx.progressInPlace);
  const off = campaigns.onProgress((p) => p.campaignId === id && printer?.update(p));
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    ctx.err('\nPausing: calls in progress finish (Ctrl-C again to quit at once)…');
    campaigns.pause(id, 'cli');
  };
  process.on('SIGINT', onSigint);
  try {
    if (!ctx.json()) ctx.err(`Dialling ${before.name}; carriers reach this computer at ${runner.state().reach.url}. Ctrl-C pauses.`);
    const after = await campaigns.run(id, 'cli', { runner });
    printer?.end();
    ctx.print(after, () => printVoiceStatus(ctx, after));
    ctx.setExitCode(after.state === 'paused' && after.pauseReason ? EXIT.failed : EXIT.ok);
  } finally {
    process.off('SIGINT', onSigint);
    off();
    await runner.stop();
  }
}
