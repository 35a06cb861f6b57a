/** `switchboard onboarding WS [--complete]` and `switchboard usage [WS] [--month YYYY-MM] [--csv]`. */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { getProvider, isProviderId } from '../../../shared/providers/catalog';
import type { OnboardingLine } from '../../core/onboarding/checklist';
import type { OnboardingView } from '../../core/onboarding/onboarding';
import type { ProviderId } from '../../../shared/providers/types';
import type { UsageSummary } from '../../core/usage/usage';
import { monthOf, parseMonth } from '../../core/usage/cost';
import type { CliContext } from '../context';
import { table } from '../io';

/** Status is icon + word, never colour alone (docs/ARCHITECTURE.md, Invariants). */
const STATE: Readonly<Record<OnboardingLine['state'], string>> = {
  validated: '● Validated',
  warning: '▲ Warning',
  unverified: '○ Unverified',
  invalid: '✕ Invalid',
  missing: '  missing',
};

const CHANNEL: Readonly<Record<string, string>> = { voice: 'Voice', sms: 'SMS', email: 'Email' };

function keyCell(line: OnboardingLine): string {
  if (!line.provider) return line.providers.map((p) => getProvider(p).name).join(' or ');
  return `${getProvider(line.provider).name} (${line.keyOwner === 'agency' ? "agency's key" : 'own key'})`;
}

function printView(ctx: CliContext, name: string, view: OnboardingView): void {
  const mode = view.mode === 'byok' ? 'BYOK (own keys)' : "bundled (the agency's keys)";
  ctx.out(
    `${name} · ${mode} · onboarding ${view.completedAt ? `complete since ${view.completedAt}` : view.canComplete ? 'ready to complete' : 'pending'}`,
  );
  const cells = (line: OnboardingLine): string[] => [
    `  ${line.ready && line.state === 'warning' ? '▲ Warning (usable)' : STATE[line.state]}`,
    line.requirement,
    keyCell(line),
    line.fix,
  ];
  // One set of column widths for every channel, so the whole checklist lines up.
  const all = view.channels.flatMap((c) => c.lines.map(cells));
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const channel of view.channels) {
    ctx.out('');
    ctx.out(
      `${CHANNEL[channel.channel] ?? channel.channel} (${channel.required ? 'required' : 'optional'}) — ${channel.ready ? 'ready' : 'not ready'}`,
    );
    for (const lineCells of channel.lines.map(cells))
      ctx.out(lineCells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
  }
}

function printUsage(ctx: CliContext, title: string, summary: UsageSummary): void {
  const usd = (x: number): string => `$${x.toFixed(2)}`;
  ctx.out(`${title} · ${summary.month}`);
  ctx.out(
    `Connected ${summary.connected}/${summary.totalProviders} · API calls ${summary.apiCalls} · estimated monthly cost ${usd(summary.estimatedMonthlyCost)}`,
  );
  const rows = summary.byProvider.filter(
    (provider) =>
      provider.connected ||
      provider.apiCalls > 0 ||
      provider.minutes > 0 ||
      provider.characters > 0 ||
      provider.tokens > 0 ||
      provider.alertUsd !== null,
  );
  if (rows.length === 0) return;
  ctx.out('');
  table(
    [
      ['PROVIDER', 'CALLS', 'MINUTES', 'CHARACTERS', 'TOKENS', 'OWN', 'AGENCY', 'EST. MONTH', 'ALERT'],
      ...rows.map((provider) => [
        `${provider.connected ? '●' : '○'} ${provider.name}`,
        String(provider.apiCalls),
        String(Math.round(provider.minutes * 100) / 100),
        String(provider.characters),
        String(provider.tokens),
        usd(provider.ownCost),
        usd(provider.agencyCost),
        usd(provider.estimatedMonthlyCost),
        provider.alertUsd === null ? '' : `${provider.alertExceeded ? '▲ over ' : ''}${usd(provider.alertUsd)}`,
      ]),
    ],
    ctx.out,
  );
}

/** Registers `onboarding` and `usage`. */
export function registerOnboarding(program: Command, ctx: CliContext): void {
  program
    .command('onboarding <ws>')
    .description('the onboarding checklist of a workspace; --complete unlocks the dialer and workflow runner')
    .option('--complete', 'complete onboarding (refused, exit 1, until every voice key is validated)')
    .action((ref: string, flags: { complete?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      // complete() throws ONBOARDING_INCOMPLETE naming the first unmet line; the CLI prints it and exits 1.
      const view = flags.complete ? core.onboarding.complete(ws.id, 'cli') : core.onboarding.get(ws.id);
      ctx.print(view, () => {
        printView(ctx, ws.name, view);
        if (flags.complete) ctx.out(`\nOnboarding of ${ws.name} is complete: the dialer and the workflow runner are unlocked.`);
      });
    });
  program
    .command('usage [ws]')
    .description('usage and estimated cost (one workspace or all); --csv prints the billing CSV of a month')
    .option('--month <month>', 'YYYY-MM (default: this month)')
    .option('--csv', 'the billing CSV per workspace, provider and key owner')
    .option('--alert <provider=usd>', 'set a workspace’s monthly spend alert for a provider (twilio=50), or clear it (twilio=off)')
    .action((ref: string | undefined, flags: { month?: string; csv?: boolean; alert?: string }) => {
      if (flags.month) parseMonth(flags.month);
      const alert = flags.alert === undefined ? null : parseAlert(flags.alert);
      if (alert && !ref)
        throw new AppError(
          'INVALID_INPUT',
          'A spend alert belongs to a workspace: name it, e.g. switchboard usage "Acme Dental" --alert twilio=50.',
        );
      const core = ctx.core();
      const ws = ref ? core.workspaces.find(ref) : undefined;
      if (alert && ws) core.usage.setAlert(ws.id, alert.provider, alert.monthlyUsd, 'cli');
      if (flags.csv) {
        // This month on the core's clock, the same one the usage it bills was filed by.
        const month = flags.month ?? monthOf(core.now());
        for (const line of core.usage.billingCsv(month, ws?.id).trimEnd().split('\n')) ctx.out(line);
        return;
      }
      const summary = core.usage.summary(ws?.id, flags.month);
      ctx.print(summary, () => printUsage(ctx, ws ? ws.name : 'All workspaces', summary));
    });
}

/** `--alert twilio=50` or `--alert twilio=off`, checked before anything is opened. */
function parseAlert(value: string): { provider: ProviderId; monthlyUsd: number | null } {
  const match = /^([a-z0-9-]+)=(off|\d{1,9}(\.\d{1,2})?)$/.exec(value.trim());
  if (!match) throw new AppError('INVALID_INPUT', 'Give the alert as provider=amount in US dollars (twilio=50) or provider=off.');
  const provider = match[1] ?? '';
  if (!isProviderId(provider)) throw new AppError('INVALID_INPUT', 'That is not a provider id; `switchboard providers` lists them.');
  const monthlyUsd = match[2] === 'off' ? null : Number(match[2]);
  if (monthlyUsd === 0)
    throw new AppError('INVALID_INPUT', 'A spend alert is an amount in US dollars above zero; use provider=off to clear it.');
  return { provider, monthlyUsd };
}
