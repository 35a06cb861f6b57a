/** `switchboard import env WS FILE [--yes] [--only p,…] [--offline]`: a .env file into a workspace, after a preview. */
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { AppError } from '../../../shared/errors';
import { isProviderId } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import { type EnvPreview, importEnv, previewEnv } from '../../core/offline/env-import';
import type { CliContext } from '../context';
import { FILE_LIMITS, readInputFile } from '../files';
import { EXIT } from '../io';

const VERDICT: Record<string, string> = { ready: '● ready', incomplete: '▲ incomplete', invalid: '✕ wrong format' };

/** Asks a yes/no question on the terminal; without one, the answer is no. */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  if (!(ctx.stdin as NodeJS.ReadStream).isTTY) return false;
  const rl = createInterface({ input: ctx.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Prints a .env preview: per provider the fields (masked), the verdict and what is missing; then every skipped line. */
export function printEnvPreview(ctx: CliContext, preview: EnvPreview): void {
  if (preview.credentials.length === 0) ctx.out('No provider keys found in the file.');
  for (const credential of preview.credentials) {
    ctx.out(`${credential.providerName} (${credential.environment}): ${VERDICT[credential.verdict] ?? credential.verdict}`);
    for (const field of credential.fields)
      ctx.out(
        `  ${field.problem ? '✕' : '✓'} ${field.label} ← ${field.variable} (line ${field.line}) ` +
          `${field.hint}${field.public ? ' [public prefix]' : ''}${field.problem ? ` — ${field.problem}` : ''}`,
      );
    if (credential.missing.length > 0) ctx.out(`  missing: ${credential.missing.join(', ')}`);
    for (const warning of credential.warnings) ctx.out(`  ▲ ${warning}`);
  }
  if (preview.skipped.length > 0) {
    ctx.out(`Not stored (${preview.skipped.length} line${preview.skipped.length === 1 ? '' : 's'}):`);
    for (const skipped of preview.skipped) ctx.out(`  line ${skipped.line}${skipped.name ? ` ${skipped.name}` : ''}: ${skipped.note}`);
  }
}

const providers = (value: string): ProviderId[] =>
  value.split(',').map((name) => {
    const id = name.trim();
    if (!isProviderId(id))
      throw new AppError('INVALID_INPUT', '--only takes provider ids separated by commas; see `switchboard providers`.');
    return id;
  });

/** Registers `import env`. */
export function registerImport(program: Command, ctx: CliContext): void {
  const imp = program.command('import').description('bring keys in from files');
  imp
    .command('env <ws> <file>')
    .description('import provider keys from a .env file: shows a preview, then stores what you confirm')
    .option('--yes', 'store every ready key without asking')
    .option('--only <providers>', 'store only these providers (comma-separated ids)')
    .option('--offline', 'store unverified, without calling the providers')
    .action(async (ref: string, file: string, flags: { yes?: boolean; only?: string; offline?: boolean }) => {
      const text = readInputFile(file, { what: '.env file', limitBytes: FILE_LIMITS.env, text: true });
      const ws = ctx.core().workspaces.find(ref);
      const preview = previewEnv(text);
      const only = flags.only ? providers(flags.only) : undefined;
      const ready = preview.credentials.filter((c) => c.verdict === 'ready' && (!only || only.includes(c.provider)));
      if (!flags.yes) {
        if (!ctx.json()) printEnvPreview(ctx, preview);
        const ok =
          ready.length > 0 &&
          (await confirm(
            ctx,
            `Store ${ready.length} key${ready.length === 1 ? '' : 's'} (${ready.map((c) => c.providerName).join(', ')}) in ${ws.name}?`,
          ));
        if (!ok) {
          ctx.print({ preview, stored: [] }, () =>
            ctx.out(ready.length === 0 ? 'Nothing to store.' : 'Nothing was stored (run again with --yes to store the ready keys).'),
          );
          return;
        }
      }
      const core = await ctx.unlocked();
      const result = importEnv(core, { workspaceId: ws.id, text, providers: only ?? ready.map((c) => c.provider), source: 'cli' }, 'cli');
      const checks = flags.offline ? [] : await Promise.all(result.stored.map((k) => core.checks.test(k.id, 'cli')));
      ctx.print({ preview: flags.yes ? preview : undefined, stored: result.stored.map((k) => core.credentials.get(k.id)), checks }, () => {
        if (flags.yes) printEnvPreview(ctx, preview);
        ctx.out(
          `Stored ${result.stored.length} key${result.stored.length === 1 ? '' : 's'} in ${ws.name}${flags.offline ? ', unverified (offline)' : ''}.`,
        );
        for (const check of checks) {
          const stored = result.stored.find((s) => s.id === check.credentialId);
          ctx.out(`  ${stored?.nickname ?? check.credentialId}: ${check.status} — ${check.summary}`);
        }
      });
      if (checks.some((c) => c.status === 'invalid')) ctx.setExitCode(EXIT.failed);
    });
}
