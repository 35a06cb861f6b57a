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
import { printIssues, stateWord } from './campaign-print';
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

const whole = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d{1,6}$/.test(v.trim())) throw new AppError('INVALID_INPUT', `${flag} takes a whole number.`);
  return Number(v);
};

/** The voice options from the flags; one sentence for a bad one. */
export function voiceOptions(o: VoiceCreateFlags): {
  agent: string;
  retries?: number;
  retryGapMinutes?: number;
  maxConcurrent?: number;
  machine?: 'hangup' | 'voicemail';
  voicemailText?: string;
  cps?: number;
} {
  if (!o.agent) throw new AppError('INVALID_INPUT', 'A voice campaign needs --agent: the voice agent that makes the calls.');
  if (o.machine !== undefined && o.machine !== 'hangup' && o.machine !== 'voicemail')
    throw new AppError('INVALID_INPUT', '--machine is hangup or voicemail.');
  const cps = o.cps === undefined ? undefined : Number(o.cps);
  if (cps !== undefined && (!/^\d+(\.\d+)?$/.test(o.cps?.trim() ?? '') || !(cps > 0)))
    throw new AppError('INVALID_INPUT', '--cps is a number of dial requests per second, e.g. --cps 1.');
  return {
    agent: o.agent,
    retries: whole(o.retries, '--retries'),
    retryGapMinutes: whole(o.retryGap, '--retry-gap'),
    maxConcurrent: whole(o.maxConcurrent, '--max-concurrent'),
    machine: o.machine as 'hangup' | 'voicemail' | undefined,
    voicemailText: o.voicemailText,
    cps,
  };
}

const outcomeLine = (o: OutcomeCounts): string =>
  Object.entries(o)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(' · ') || 'no outcomes yet';

const leadLine = (c: LeadCounts): string =>
  [
    `${c.done} done`,
    c.queued ? `${c.queued} queued` : '',
    c.dialing + c.inCall ? `${c.dialing + c.inCall} in calls` : '',
    c.inDoubt ? `${c.inDoubt} in doubt` : '',
    c.skipped ? `${c.skipped} skipped` : '',
    c.failed ? `${c.failed} failed` : '',
    c.cancelled ? `${c.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** Whether the agent's prompt is cached, in one sentence (the estimate's tokens line depends on it). */
function promptLine(p: NonNullable<VoiceEstimate['prompt']>): string {
  const size = `about ${p.tokens.toLocaleString('en-US')} tokens`;
  const min = `${p.model}'s caching minimum of ${p.minimum.toLocaleString('en-US')}`;
  return p.caches
    ? `Prompt: ${size}, above ${min}: cached, so turns after a call's first read it at a tenth of the price.`
    : `Prompt: ${size}, below ${min}: not cached, so every turn pays for it in full.`;
}

/** The report after `campaign create --channel voice`. */
export function printCreatedVoice(ctx: CliContext, made: CreatedVoiceCampaign): void {
  const c = made.campaign;
  const e = c.estimate;
  ctx.out(
    `Created voice campaign “${c.name}” (${c.id}) with ${c.agentName}, window ${c.window} callee time, ${c.retries} retr${c.retries === 1 ? 'y' : 'ies'} ${c.retryGapMinutes} min apart, at most ${c.maxConcurrent} calls at once, machines: ${c.machine}.`,
  );
  ctx.out(`Contacts: ${importTally(c.imported, 'lead')}.`);
  printIssues(ctx, made.issues, c);
  ctx.out(
    `Estimate: about ${e.calls} calls, ${e.minutes} carrier minutes, $${e.costUsd.toFixed(2)} (assuming ${Math.round(e.answerRate * 100)} % answered, ${e.minutesPerCall} min each):`,
  );
  for (const p of e.byProvider)
    ctx.out(
      `  ${p.role.padEnd(7)} ${getProvider(p.provider).name.padEnd(10)} ${String(Math.round(p.amount)).padStart(9)} ${p.unit.padEnd(10)} $${p.costUsd.toFixed(2)}${p.owner ? ` (${p.owner === 'own' ? 'own key' : "agency's key"})` : ''}`,
    );
  if (e.prompt) ctx.out(promptLine(e.prompt));
  if (c.ceiling) ctx.out(`Ceiling: ${c.ceiling.reason}`);
  for (const w of made.warnings) ctx.err(w);
  ctx.out(`Nothing has been dialled. Run it with: switchboard campaign run ${c.id} --public-url URL (or --tunnel)`);
}

/** A voice campaign's state, counts, outcomes, cost and ceiling. */
export function printVoiceStatus(ctx: CliContext, c: VoiceCampaignView): void {
  ctx.out(`${c.name} (${c.id})`);
  ctx.out(`  ${stateWord(c)}${c.pauseReason ? ` — ${c.pauseReason}` : ''}`);
  ctx.out(
    `  Voice with ${c.agentName} · window ${c.window} · ${c.retries} retries ${c.retryGapMinutes} min apart · cap ${c.maxConcurrent} · ${c.cps}/s · machines: ${c.machine}${c.carrier ? ` · ${getProvider(c.carrier).name}${c.keyOwner ? ` (${c.keyOwner === 'own' ? 'own key' : "agency's key"})` : ''}` : ''}`,
  );
  ctx.out(`  ${c.counts.total} leads: ${leadLine(c.counts)}`);
  ctx.out(`  Outcomes: ${outcomeLine(c.outcomes)}`);
  if (c.waiting > 0 && c.nextOpeningAt)
    ctx.out(`  ${c.waiting} waiting for their window or a retry; the next at ${localTime(c.nextOpeningAt)} (this computer's time)`);
  if (c.ceiling) ctx.out(`  Ceiling: ${c.ceiling.reason}`);
  ctx.out(
    `  ${c.minutes} carrier minutes · $${c.cost.totalUsd.toFixed(2)} so far ($${c.cost.ownUsd.toFixed(2)} own keys, $${c.cost.agencyUsd.toFixed(2)} agency's)`,
  );
  for (const u of c.usage)
    ctx.out(
      `    ${u.role.padEnd(7)} ${getProvider(u.provider).name.padEnd(10)} ${String(u.amount).padStart(9)} ${u.unit.padEnd(10)} $${u.costUsd.toFixed(4)} (${u.owner === 'own' ? 'own' : 'agency'})`,
    );
  for (const l of c.live) ctx.out(`  ● ${l.to}${l.name ? ` ${l.name}` : ''} — ${l.state} since ${l.startedAt.slice(11, 19)}`);
  if (c.counts.inDoubt > 0)
    ctx.out(
      `  ${c.counts.inDoubt} calls are in doubt (the carrier cannot be asked whether they were placed): check its call log, then dial them again with: switchboard campaign dial-again ${c.id}`,
    );
}

/** Prints the leads table of `campaign status --calls`. */
export function printLeads(ctx: CliContext, rows: readonly VoiceLeadView[]): void {
  table(
    [
      ['LEAD', 'TO', 'NAME', 'STATE', 'TRIES', 'OUTCOME', 'LENGTH', 'CALL', 'NOTE'],
      ...rows.map((l) => [
        String(l.id),
        l.to,
        l.name,
        l.state,
        String(l.attempts),
        l.outcome ?? '',
        l.durationSeconds === null ? '' : `${Math.round(l.durationSeconds)} s`,
        l.callId ?? '',
        l.reason ?? '',
      ]),
    ],
    ctx.out,
  );
}

/** A progress line redrawn in place on a terminal, a line per tenth elsewhere. */
export function voiceProgressPrinter(ctx: CliContext, tty: boolean): { update(p: VoiceCampaignProgress): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  let lastNote: string | null = null;
  return {
    update(p) {
      if (p.note && p.note !== lastNote && !p.note.includes('calls running, the ceiling')) {
        if (drawn) ctx.progress('\n');
        ctx.err(p.note);
      }
      lastNote = p.note;
      const c = p.counts;
      const done = c.done + c.skipped + c.failed + c.cancelled + c.inDoubt;
      const ratio = c.total > 0 ? done / c.total : 1;
      const line = `${done}/${c.total} · ${p.callsNow}/${p.ceiling?.ceiling ?? '?'} calls now · ${outcomeLine(p.outcomes)}`;
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
export async function runVoice(ctx: CliContext, id: string, o: ReachFlags): Promise<void> {
  const core = await ctx.unlocked();
  const v = core.voiceCampaigns;
  const before = v.get(id);
  if (before.state === 'completed' || before.state === 'cancelled')
    throw new AppError('CONFLICT', `This campaign is already ${before.state}.`);
  const reach = reachOf(o);
  // The runner (Twilio SDK, ws, ngrok) loads when a voice campaign runs, not at every CLI start.
  const runner = await core.voice.serve(reach, { port: portOf(o.port) });
  const printer = ctx.json() ? null : voiceProgressPrinter(ctx, ctx.progressInPlace);
  const off = v.onProgress((p) => p.campaignId === id && printer?.update(p));
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    ctx.err('\nPausing: calls in progress finish (Ctrl-C again to quit at once)…');
    v.pause(id, 'cli');
  };
  process.on('SIGINT', onSigint);
  try {
    if (!ctx.json()) ctx.err(`Dialling ${before.name}; carriers reach this computer at ${runner.state().reach.url}. Ctrl-C pauses.`);
    const after = await v.run(id, 'cli', { runner });
    printer?.end();
    ctx.print(after, () => printVoiceStatus(ctx, after));
    ctx.setExitCode(after.state === 'paused' && after.pauseReason ? EXIT.failed : EXIT.ok);
  } finally {
    process.off('SIGINT', onSigint);
    off();
    await runner.stop();
  }
}
