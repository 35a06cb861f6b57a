/** `switchboard bundle export|import|identity`: workspaces' keys moved as one age file. Passphrases never in argv. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { newPassphraseProblem } from '../../../shared/passphrase';
import type { BundleLock } from '../../core/offline/bundle-file';
import { MAX_BUNDLE_BYTES } from '../../core/offline/bundle-file';
import { applyImport, bundleNeedsPassphrase, exportBundle, foreignHosts, type ImportPreview, planImport } from '../../core/offline/bundle';
import { agencyIdentity } from '../../core/offline/identities';
import type { CliContext } from '../context';
import { promptHidden, readPassphraseFile } from '../io';
import { readInputFile } from '../files';
import { confirm, printEnvPreview } from './import';

/** The bundle passphrase: --bundle-passphrase-file, else SWITCHBOARD_BUNDLE_PASSPHRASE, else the terminal (twice for a new one). */
async function bundlePassphrase(ctx: CliContext, file: string | undefined, fresh: boolean): Promise<string> {
  if (file) return readPassphraseFile(file);
  const fromEnv = ctx.env.SWITCHBOARD_BUNDLE_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!(ctx.stdin as NodeJS.ReadStream).isTTY)
    throw new AppError(
      'INVALID_INPUT',
      'A bundle passphrase is needed: pass --bundle-passphrase-file or set SWITCHBOARD_BUNDLE_PASSPHRASE (no terminal to ask on).',
    );
  const first = await promptHidden(fresh ? 'Passphrase for the bundle: ' : 'Bundle passphrase: ');
  if (!fresh) return first;
  const again = await promptHidden('Type it again: ');
  const problem = newPassphraseProblem(first, again);
  if (problem) throw new AppError('INVALID_INPUT', `${problem} Nothing was exported.`);
  return first;
}

/** Prints what an import would add or replace, and the .env lines of a client's file. */
function printImportPreview(ctx: CliContext, preview: ImportPreview): void {
  const via = preview.via === 'intake' ? 'a client intake' : preview.via === 'agency' ? "this agency's recipient" : 'a passphrase';
  ctx.out(`Bundle opened with ${via}. It will:`);
  for (const workspace of preview.workspaces) {
    ctx.out(
      `  ${workspace.action === 'create' ? 'create workspace' : workspace.action === 'update' ? 'update workspace' : 'add to workspace'} ` +
        `${workspace.name}${workspace.changes.length > 0 ? ` (${workspace.changes.join('; ')})` : ''}`,
    );
    for (const key of workspace.keys) {
      ctx.out(
        `    ${key.action === 'add' ? '+ add' : '~ replace'} ${key.providerName} ${key.environment} “${key.nickname}” ` +
          `${Object.values(key.hints).join(' ')}`.trimEnd(),
      );
      // Every field that changes where the key's traffic (and so its secret) goes.
      if (key.endpoint)
        ctx.out(`      endpoint ${key.endpoint}${key.foreignHost ? ` (${key.foreignHost} is not ${key.providerName}'s own API)` : ''}`);
      if (key.region) ctx.out(`      region ${key.region}`);
    }
  }
  if (preview.env) printEnvPreview(ctx, preview.env);
}

/** Registers `bundle export|import|identity`. */
export function registerBundle(program: Command, ctx: CliContext): void {
  const bundle = program.command('bundle').description('move workspaces’ keys between workstations as one age-encrypted file');
  bundle
    .command('export <ws...>')
    .description('export workspaces’ keys and settings, encrypted to age recipients or a passphrase')
    .option('--to <recipient...>', 'age recipients (age1…) that may open the file')
    .option('--passphrase', 'encrypt with a passphrase instead (asked for, or --bundle-passphrase-file)')
    .option('--bundle-passphrase-file <file>', 'read the bundle passphrase from this file')
    .option('--out <file>', 'write the file here (default: standard output)')
    .action(async (refs: string[], flags: { to?: string[]; passphrase?: boolean; bundlePassphraseFile?: string; out?: string }) => {
      if ((flags.to && flags.to.length > 0) === Boolean(flags.passphrase))
        throw new AppError(
          'INVALID_INPUT',
          'Choose who can open the bundle: --to age1… (one or more recipients) or --passphrase, not both.',
        );
      const ids = refs.map((r) => ctx.core().workspaces.find(r).id);
      const lock: BundleLock = flags.passphrase
        ? { passphrase: await bundlePassphrase(ctx, flags.bundlePassphraseFile, true) }
        : { recipients: flags.to ?? [] };
      const core = await ctx.unlocked();
      const file = await exportBundle(core, { workspaceIds: ids, lock }, 'cli');
      if (flags.out) {
        writeFileSync(flags.out, file, { mode: 0o600 });
        ctx.err(`Wrote the bundle of ${refs.length} workspace${refs.length === 1 ? '' : 's'} to ${flags.out}.`);
      } else {
        ctx.out(file.trimEnd());
      }
    });
  bundle
    .command('import <file>')
    .description('import a bundle (or a client’s intake file): shows what it adds or replaces, then writes all or nothing')
    .option('--yes', 'write without asking')
    .option(
      '--trust-endpoint <host...>',
      'send keys to this endpoint host, which is not the provider’s own API (asked separately on a terminal)',
    )
    .option('--bundle-passphrase-file <file>', 'read the bundle passphrase from this file')
    .action(async (file: string, flags: { yes?: boolean; trustEndpoint?: string[]; bundlePassphraseFile?: string }) => {
      const bytes = readInputFile(file, { what: 'bundle', limitBytes: MAX_BUNDLE_BYTES });
      const passphrase = bundleNeedsPassphrase(bytes) ? await bundlePassphrase(ctx, flags.bundlePassphraseFile, false) : undefined;
      const core = await ctx.unlocked();
      const plan = await planImport(core, bytes, { passphrase });
      if (!flags.yes) {
        if (!ctx.json()) printImportPreview(ctx, plan.preview);
        if (!(await confirm(ctx, 'Write all of this?'))) {
          ctx.print({ preview: plan.preview, written: null }, () => ctx.out('Nothing was imported (run again with --yes to write it).'));
          return;
        }
      }
      // A host that is not the provider's own is confirmed on its own: by name on the command line, or asked here.
      const trusted = [...(flags.trustEndpoint ?? [])];
      for (const host of foreignHosts(plan.preview)) {
        if (trusted.includes(host) || flags.yes) continue;
        if (await confirm(ctx, `Send these keys' secrets to ${host}, which is not the provider's own API?`)) trusted.push(host);
      }
      const written = applyImport(core, plan, 'cli', { trustedHosts: trusted });
      ctx.print({ preview: plan.preview, written }, () => {
        if (flags.yes) printImportPreview(ctx, plan.preview);
        ctx.out(
          `Imported ${written.keys} key${written.keys === 1 ? '' : 's'} into ${written.workspaces} ` +
            `workspace${written.workspaces === 1 ? '' : 's'}${plan.intakeId ? '; the intake is now closed' : ''}.`,
        );
      });
    });
  bundle
    .command('identity')
    .description('print this agency’s age recipient (age1…): teammates export bundles to it')
    .action(async () => {
      const core = await ctx.unlocked();
      const id = await agencyIdentity(core, 'cli');
      ctx.print({ recipient: id.recipient }, () => ctx.out(id.recipient));
    });
}
