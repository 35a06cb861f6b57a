/** `switchboard workspace …`. */
import type { Command } from 'commander';
import { MAX_RECORDING_RETENTION_DAYS } from '../../../shared/call-recordings';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../../../shared/domain';
import type { CliContext } from '../context';
import { table } from '../io';

const mode = (value: string): 'byok' | 'bundled' => {
  if (value !== 'byok' && value !== 'bundled') throw new AppError('INVALID_INPUT', 'The mode must be byok or bundled.');
  return value;
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

const row = (workspace: Workspace): string[] => [
  workspace.id,
  workspace.name,
  workspace.kind,
  workspace.mode,
  workspace.onboardingCompletedAt ? 'complete' : 'pending',
  workspace.archivedAt ? 'archived' : '',
];
const header = ['ID', 'NAME', 'KIND', 'MODE', 'ONBOARDING', ''];

/** Registers `workspace create|list|set|mode|rename|archive`. */
export function registerWorkspace(program: Command, ctx: CliContext): void {
  const ws = program.command('workspace').description('create, list and configure workspaces');
  ws.command('create <name>')
    .description('create a client workspace')
    .option('--mode <mode>', 'byok or bundled', 'byok')
    .option('--country <CC>', 'country that numbers without a country code are read in (e.g. US, GB, IN)')
    .action((name: string, flags: { mode: string; country?: string }) => {
      const workspace = ctx.core().workspaces.create({ name, mode: mode(flags.mode), defaultCountry: flags.country }, 'cli');
      ctx.print(workspace, () =>
        ctx.out(
          `Created workspace ${workspace.name} (${workspace.id}), mode ` +
            `${workspace.mode}${workspace.defaultCountry ? `, numbers read in ${workspace.defaultCountry}` : ''}.`,
        ),
      );
    });
  ws.command('set <ws>')
    .description('change a workspace setting: --country CC (or none to clear it), --recording-retention DAYS')
    .option('--country <CC>', 'country that numbers without a country code are read in, or none')
    .option('--recording-retention <days>', 'days call recordings are kept before they are removed (default 90)')
    .action((ref: string, flags: { country?: string; recordingRetention?: string }) => {
      const core = ctx.core();
      if (flags.country === undefined && flags.recordingRetention === undefined)
        throw new AppError('INVALID_INPUT', 'Say what to change: --country CC or --recording-retention DAYS.');
      const id = core.workspaces.find(ref).id;
      const days = flags.recordingRetention === undefined ? undefined : retentionOf(flags.recordingRetention);
      const clear = flags.country?.trim().toLowerCase() === 'none';
      const workspace =
        flags.country === undefined ? core.workspaces.get(id) : core.workspaces.setCountry(id, clear ? null : flags.country, 'cli');
      const recordingRetentionDays =
        days === undefined ? core.recordings.retentionDays(id) : core.recordings.setRetentionDays(id, days, 'cli');
      ctx.print({ ...workspace, recordingRetentionDays }, () => {
        if (flags.country !== undefined)
          ctx.out(
            workspace.defaultCountry
              ? `${workspace.name} reads numbers without a country code as ${workspace.defaultCountry} numbers.`
              : `${workspace.name} has no default country: numbers need their country code (+…) or a campaign --country.`,
          );
        if (days !== undefined) ctx.out(`${workspace.name} keeps call recordings for ${days} days; older ones are removed.`);
      });
    });
  ws.command('list')
    .description('list workspaces')
    .option('--all', 'include archived workspaces')
    .action((flags: { all?: boolean }) => {
      const list = ctx.core().workspaces.list({ includeArchived: flags.all });
      ctx.print(list, () => table([header, ...list.map(row)], ctx.out));
    });
  ws.command('mode <ws> <mode>')
    .description('switch a workspace between byok and bundled (keys are kept, dormant)')
    .action((ref: string, chosen: string) => {
      const core = ctx.core();
      const workspace = core.workspaces.setMode(core.workspaces.find(ref).id, mode(chosen), 'cli');
      ctx.print(workspace, () =>
        ctx.out(
          `${workspace.name} now uses ${workspace.mode === 'byok' ? 'its own keys (BYOK)' : "the agency's keys (bundled); its own keys are kept, dormant"}.`,
        ),
      );
    });
  ws.command('rename <ws> <name>')
    .description('rename a workspace')
    .action((ref: string, name: string) => {
      const core = ctx.core();
      const workspace = core.workspaces.rename(core.workspaces.find(ref).id, name, 'cli');
      ctx.print(workspace, () => ctx.out(`Renamed to ${workspace.name}.`));
    });
  ws.command('archive <ws>')
    .description('archive a client workspace (keys and history are kept)')
    .option('--restore', 'bring it back instead')
    .action((ref: string, flags: { restore?: boolean }) => {
      const core = ctx.core();
      const workspace = core.workspaces.setArchived(core.workspaces.find(ref).id, !flags.restore, 'cli');
      ctx.print(workspace, () => ctx.out(`${workspace.name} is ${workspace.archivedAt ? 'archived' : 'active again'}.`));
    });
}
