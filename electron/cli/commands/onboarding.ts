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

function keyCell(l: OnboardingLine): string {
  if (!l.provider) return l.providers.map((p) => getProvider(p).name).join(' or ');
  return `${getProvider(l.provider).name} (${l.keyOwner === 'agency' ? "agency's key" : 'own key'})`;
}

function printView(ctx: CliContext, name: string, v: OnboardingView): void {
  const mode = v.mode === 'byok' ? 'BYOK (own keys)' : "bundled (the agency's keys)";
  ctx.out(
    `${name} · ${mode} · onboarding ${v.completedAt ? `complete since ${v.completedAt}` : v.canComplete ? 'ready to complete' : 'pending'}`,
  );
  const cells = (l: OnboardingLine): string[] => [
    `  ${l.ready && l.state === 'warning' ? '▲ Warning (usable)' : STATE[l.state]}`,
    l.requirement,
    keyCell(l),
    l.fix,
  ];
  // One set of column widths for every channel, so the whole checklist lines up.
  const all = v.channels.flatMap((c) => c.lines.map(cells));
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const c of v.channels) {
    ctx.out('');
    ctx.out(`${CHANNEL[c.channel] ?? c.channel} (${c.required ? 'required' : 'optional'}) — ${c.ready ? 'ready' : 'not ready'}`);
    for (const r of c.lines.map(cells)) ctx.out(r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
  }
}

function printUsage(ctx: CliContext, title: string, s: UsageSummary): void {
  const usd = (x: number): string => `$${x.toFixed(2)}`;
  ctx.out(`${title} · ${s.month}`);
  ctx.out(`Connected ${s.connected}/${s.totalProviders} · API calls ${s.apiCalls} · estimated monthly cost ${usd(s.estimatedMonthlyCost)}`);
  const rows = s.byProvider.filter(
    (p) => p.connected || p.apiCalls > 0 || p.minutes > 0 || p.characters > 0 || p.tokens > 0 || p.alertUsd !== null,
  );
  if (rows.length === 0) return;
  ctx.out('');
  table(
    [
      ['PROVIDER', 'CALLS', 'MINUTES', 'CHARACTERS', 'TOKENS', 'OWN', 'AGENCY', 'EST. MONTH', 'ALERT'],
      ...rows.map((p) => [
        `${p.connected ? '●' : '○'} ${p.name}`,
        String(p.apiCalls),
        String(Math.round(p.minutes * 100) / 100),
        String(p.characters),
        String(p.tokens),
        usd(p.ownCost),
        usd(p.agencyCost),
        usd(p.estimatedMonthlyCost),
        p.alertUsd === null ? '' : `${p.alertExceeded ? '▲ over ' : ''}${usd(p.alertUsd)}`,
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
    .action((ref: string, o: { complete?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      // complete() throws ONBOARDING_INCOMPLETE naming the first unmet line; the CLI prints it and exits 1.
      const view = o.complete ? core.onboarding.complete(ws.id, 'cli') : core.onboarding.get(ws.id);
      ctx.print(view, () => {
        printView(ctx, ws.name, view);
        if (o.complete) ctx.out(`\nOnboarding of ${ws.name} is complete: the dialer and the workflow runner are unlocked.`);
      });
    });
  program
    .command('usage [ws]')
    .description('usage and estimated cost (one workspace or all); --csv prints the billing CSV of a month')
    .option('--month <month>', 'YYYY-MM (default: this month)')
    .option('--csv', 'the billing CSV per workspace, provider and key owner')
    .option('--alert <provider=usd>', 'set a workspace’s monthly spend alert for a provider (twilio=50), or clear it (twilio=off)')
    .action((ref: string | undefined, o: { month?: string; csv?: boolean; alert?: string }) => {
      if (o.month) parseMonth(o.month);
      const alert = o.alert === undefined ? null : parseAlert(o.alert);
      if (alert && !ref)
        throw new AppError(
          'INVALID_INPUT',
          'A spend alert belongs to a workspace: name it, e.g. switchboard usage "Acme Dental" --alert twilio=50.',
        );
      const core = ctx.core();
      const ws = ref ? core.workspaces.find(ref) : undefined;
      if (alert && ws) core.usage.setAlert(ws.id, alert.provider, alert.monthlyUsd, 'cli');
      if (o.csv) {
        // This month on the core's clock, the same one the usage it bills was filed by.
        const month = o.month ?? monthOf(core.now());
        for (const line of core.usage.billingCsv(month, ws?.id).trimEnd().split('\n')) ctx.out(line);
        return;
      }
      const summary = core.usage.summary(ws?.id, o.month);
      ctx.print(summary, () => printUsage(ctx, ws ? ws.name : 'All workspaces', summary));
    });
}

/** `--alert twilio=50` or `--alert twilio=off`, checked before anything is opened. */
function parseAlert(v: string): { provider: ProviderId; monthlyUsd: number | null } {
  const m = /^([a-z0-9-]+)=(off|\d{1,9}(\.\d{1,2})?)$/.exec(v.trim());
  if (!m) throw new AppError('INVALID_INPUT', 'Give the alert as provider=amount in US dollars (twilio=50) or provider=off.');
  const provider = m[1] ?? '';
  if (!isProviderId(provider)) throw new AppError('INVALID_INPUT', 'That is not a provider id; `switchboard providers` lists them.');
  const monthlyUsd = m[2] === 'off' ? null : Number(m[2]);
  if (monthlyUsd === 0)
    throw new AppError('INVALID_INPUT', 'A spend alert is an amount in US dollars above zero; use provider=off to clear it.');
  return { provider, monthlyUsd };
}
