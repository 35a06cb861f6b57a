/**
 * `switchboard dnc import|add|remove|list|optout`: do-not-contact lists. A list is a workspace's
 * own, `agency` (applies to every workspace) or `ncpr` (India's register, applied to +91).
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { dncAddress, type DncScope } from '../../core/messaging/dnc';
import { readDncFile } from '../../core/messaging/dnc-file';
import type { CliContext } from '../context';
import { table } from '../io';
import { FILE_LIMITS, streamInputFile } from '../files';

const SCOPE_HELP = 'a workspace, `agency` or `ncpr`';

/** Registers the dnc commands. */
export function registerDnc(program: Command, ctx: CliContext): void {
  const scopeOf = (ref: string): { scope: DncScope; country: string | null; label: string } => {
    const word = ref.trim().toLowerCase();
    if (word === 'agency') return { scope: { kind: 'agency' }, country: null, label: "the agency's list" };
    if (word === 'ncpr') return { scope: { kind: 'ncpr' }, country: 'IN', label: "India's NCPR list" };
    const ws = ctx.core().workspaces.find(ref);
    return { scope: { kind: 'workspace', workspaceId: ws.id }, country: ws.defaultCountry, label: `${ws.name}'s list` };
  };
  const normalise = (values: readonly string[], country: string | null): string[] =>
    values.map((value) => {
      const parsed = dncAddress(value, country);
      if (!parsed.ok)
        throw new AppError('INVALID_INPUT', `${parsed.reason[0]?.toUpperCase() ?? ''}${parsed.reason.slice(1)}; nothing was changed.`);
      return parsed.address;
    });

  const dnc = program.command('dnc').description('do-not-contact lists: per workspace, the agency’s, and India’s NCPR');
  dnc
    .command('import <list> <file>')
    .description(`import numbers or addresses into ${SCOPE_HELP} (one a line, or a CSV with a phone or email column)`)
    .option('--replace', 'replace the whole list (e.g. a fresh NCPR download) instead of adding to it')
    .option('--country <CC>', 'country for numbers without a country code')
    .action(async (ref: string, file: string, flags: { replace?: boolean; country?: string }) => {
      const { scope, country, label } = scopeOf(ref);
      const read = readDncFile(streamInputFile(file, { what: 'do-not-contact file', limitBytes: FILE_LIMITS.dnc }), {
        defaultCountry: flags.country?.toUpperCase() ?? country,
        onlyPrefix: scope.kind === 'ncpr' ? '+91' : undefined,
      });
      const result = await ctx.core().campaigns.dnc.importStream(scope, read.addresses, { replace: flags.replace, actor: 'cli' });
      const out = { ...result, ...read.report };
      ctx.print(out, () => {
        ctx.out(
          `${flags.replace ? 'Replaced' : 'Added to'} ${label}: ${result.added} new, ${result.total} in all; ${read.report.invalid} of ` +
            `${read.report.lines} lines were not numbers or addresses.`,
        );
        for (const sample of read.report.samples.slice(0, 10)) ctx.out(`  line ${sample.line}: ${sample.reason}`);
      });
    });
  dnc
    .command('add <list> <values...>')
    .description(`add numbers or addresses to ${SCOPE_HELP}`)
    .action((ref: string, values: string[]) => {
      const { scope, country, label } = scopeOf(ref);
      const added = ctx.core().campaigns.dnc.add(scope, normalise(values, country), 'operator', 'cli');
      ctx.print({ added }, () => ctx.out(`Added ${added} to ${label}.`));
    });
  dnc
    .command('optout <ws> <values...>')
    .description('record that these people opted out (they get nothing more from this workspace)')
    .action((ref: string, values: string[]) => {
      const { scope, country, label } = scopeOf(ref);
      if (scope.kind !== 'workspace') throw new AppError('INVALID_INPUT', 'An opt-out belongs to a workspace: name the workspace.');
      const added = ctx.core().campaigns.dnc.add(scope, normalise(values, country), 'opt-out', 'cli', 'marked by the operator');
      ctx.print({ added }, () => ctx.out(`Recorded ${added} opt-out${added === 1 ? '' : 's'} on ${label}.`));
    });
  dnc
    .command('remove <list> <values...>')
    .description(`remove numbers or addresses from ${SCOPE_HELP}`)
    .action((ref: string, values: string[]) => {
      const { scope, country, label } = scopeOf(ref);
      const removed = ctx.core().campaigns.dnc.remove(scope, normalise(values, country), 'cli');
      ctx.print({ removed }, () => ctx.out(`Removed ${removed} from ${label}.`));
    });
  dnc
    .command('list <list>')
    .description(`show ${SCOPE_HELP}`)
    .option('--limit <n>', 'entries to show', '50')
    .action((ref: string, flags: { limit: string }) => {
      const { scope, label } = scopeOf(ref);
      const page = ctx.core().campaigns.dnc.list(scope, { limit: Math.max(1, Number(flags.limit) || 50) });
      ctx.print(page, () => {
        ctx.out(`${label}: ${page.total} entries`);
        table(
          [['ADDRESS', 'SOURCE', 'ADDED', 'NOTE'], ...page.entries.map((e) => [e.address, e.source, e.addedAt.slice(0, 16), e.note ?? ''])],
          ctx.out,
        );
      });
    });
}
