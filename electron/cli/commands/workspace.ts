/** `switchboard workspace …`. */
import type { Command } from 'commander';
import { MAX_RECORDING_RETENTION_DAYS } from '../../../shared/call-recordings';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../../../shared/domain';
import type { CliContext } from '../context';
import { table } from '../io';

const mode = (v: string): 'byok' | 'bundled' => {
  if (v !== 'byok' && v !== 'bundled') throw new AppError('INVALID_INPUT', 'The mode must be byok or bundled.');
  return v;
};

/** A retention flag as whole days; one sentence when it is not. */
function retentionOf(raw: string): number {
  const days = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(days) || days < 1 || days > MAX_RECORDING_RETENTION_DAYS)
    throw new AppError(
      'INVALID_INPUT',
      `--recording-retention takes a whole number of days from 1 to ${MAX_RECORDING_RETENTION_DAYS}, like 90.`,
    );
  return days;
}

const row = (w: Workspace): string[] => [
  w.id,
  w.name,
  w.kind,
  w.mode,
  w.onboardingCompletedAt ? 'complete' : 'pending',
  w.archivedAt ? 'archived' : '',
];
const header = ['ID', 'NAME', 'KIND', 'MODE', 'ONBOARDING', ''];

/** Registers `workspace create|list|set|mode|rename|archive`. */
export function registerWorkspace(program: Command, ctx: CliContext): void {
  const ws = program.command('workspace').description('create, list and configure workspaces');
  ws.command('create <name>')
    .description('create a client workspace')
    .option('--mode <mode>', 'byok or bundled', 'byok')
    .option('--country <CC>', 'country that numbers without a country code are read in (e.g. US, GB, IN)')
    .action((name: string, o: { mode: string; country?: string }) => {
      const w = ctx.core().workspaces.create({ name, mode: mode(o.mode), defaultCountry: o.country }, 'cli');
      ctx.print(w, () =>
        ctx.out(`Created workspace ${w.name} (${w.id}), mode ${w.mode}${w.defaultCountry ? `, numbers read in ${w.defaultCountry}` : ''}.`),
      );
    });
  ws.command('set <ws>')
    .description('change a workspace setting: --country CC (or none to clear it), --recording-retention DAYS')
    .option('--country <CC>', 'country that numbers without a country code are read in, or none')
    .option('--recording-retention <days>', 'days call recordings are kept before they are removed (default 90)')
    .action((ref: string, o: { country?: string; recordingRetention?: string }) => {
      const core = ctx.core();
      if (o.country === undefined && o.recordingRetention === undefined)
        throw new AppError('INVALID_INPUT', 'Say what to change: --country CC or --recording-retention DAYS.');
      const id = core.workspaces.find(ref).id;
      const days = o.recordingRetention === undefined ? undefined : retentionOf(o.recordingRetention);
      const clear = o.country?.trim().toLowerCase() === 'none';
      const w = o.country === undefined ? core.workspaces.get(id) : core.workspaces.setCountry(id, clear ? null : o.country, 'cli');
      const recordingRetentionDays =
        days === undefined ? core.recordings.retentionDays(id) : core.recordings.setRetentionDays(id, days, 'cli');
      ctx.print({ ...w, recordingRetentionDays }, () => {
        if (o.country !== undefined)
          ctx.out(
            w.defaultCountry
              ? `${w.name} reads numbers without a country code as ${w.defaultCountry} numbers.`
              : `${w.name} has no default country: numbers need their country code (+…) or a campaign --country.`,
          );
        if (days !== undefined) ctx.out(`${w.name} keeps call recordings for ${days} days; older ones are removed.`);
      });
    });
  ws.command('list')
    .description('list workspaces')
    .option('--all', 'include archived workspaces')
    .action((o: { all?: boolean }) => {
      const list = ctx.core().workspaces.list({ includeArchived: o.all });
      ctx.print(list, () => table([header, ...list.map(row)], ctx.out));
    });
  ws.command('mode <ws> <mode>')
    .description('switch a workspace between byok and bundled (keys are kept, dormant)')
    .action((ref: string, m: string) => {
      const core = ctx.core();
      const w = core.workspaces.setMode(core.workspaces.find(ref).id, mode(m), 'cli');
      ctx.print(w, () =>
        ctx.out(
          `${w.name} now uses ${w.mode === 'byok' ? 'its own keys (BYOK)' : "the agency's keys (bundled); its own keys are kept, dormant"}.`,
        ),
      );
    });
  ws.command('rename <ws> <name>')
    .description('rename a workspace')
    .action((ref: string, name: string) => {
      const core = ctx.core();
      const w = core.workspaces.rename(core.workspaces.find(ref).id, name, 'cli');
      ctx.print(w, () => ctx.out(`Renamed to ${w.name}.`));
    });
  ws.command('archive <ws>')
    .description('archive a client workspace (keys and history are kept)')
    .option('--restore', 'bring it back instead')
    .action((ref: string, o: { restore?: boolean }) => {
      const core = ctx.core();
      const w = core.workspaces.setArchived(core.workspaces.find(ref).id, !o.restore, 'cli');
      ctx.print(w, () => ctx.out(`${w.name} is ${w.archivedAt ? 'archived' : 'active again'}.`));
    });
}
