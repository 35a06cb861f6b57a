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
export function printEnvPreview(ctx: CliContext, p: EnvPreview): void {
  if (p.credentials.length === 0) ctx.out('No provider keys found in the file.');
  for (const c of p.credentials) {
    ctx.out(`${c.providerName} (${c.environment}): ${VERDICT[c.verdict] ?? c.verdict}`);
    for (const f of c.fields)
      ctx.out(
        `  ${f.problem ? '✕' : '✓'} ${f.label} ← ${f.variable} (line ${f.line}) ${f.hint}${f.public ? ' [public prefix]' : ''}${f.problem ? ` — ${f.problem}` : ''}`,
      );
    if (c.missing.length > 0) ctx.out(`  missing: ${c.missing.join(', ')}`);
    for (const w of c.warnings) ctx.out(`  ▲ ${w}`);
  }
  if (p.skipped.length > 0) {
    ctx.out(`Not stored (${p.skipped.length} line${p.skipped.length === 1 ? '' : 's'}):`);
    for (const s of p.skipped) ctx.out(`  line ${s.line}${s.name ? ` ${s.name}` : ''}: ${s.note}`);
  }
}

const providers = (v: string): ProviderId[] =>
  v.split(',').map((s) => {
    const id = s.trim();
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
    .action(async (ref: string, file: string, o: { yes?: boolean; only?: string; offline?: boolean }) => {
      const text = readInputFile(file, { what: '.env file', limitBytes: FILE_LIMITS.env, text: true });
      const ws = ctx.core().workspaces.find(ref);
      const preview = previewEnv(text);
      const only = o.only ? providers(o.only) : undefined;
      const ready = preview.credentials.filter((c) => c.verdict === 'ready' && (!only || only.includes(c.provider)));
      if (!o.yes) {
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
      const checks = o.offline ? [] : await Promise.all(result.stored.map((k) => core.checks.test(k.id, 'cli')));
      ctx.print({ preview: o.yes ? preview : undefined, stored: result.stored.map((k) => core.credentials.get(k.id)), checks }, () => {
        if (o.yes) printEnvPreview(ctx, preview);
        ctx.out(
          `Stored ${result.stored.length} key${result.stored.length === 1 ? '' : 's'} in ${ws.name}${o.offline ? ', unverified (offline)' : ''}.`,
        );
        for (const c of checks) {
          const k = result.stored.find((s) => s.id === c.credentialId);
          ctx.out(`  ${k?.nickname ?? c.credentialId}: ${c.status} — ${c.summary}`);
        }
      });
      if (checks.some((c) => c.status === 'invalid')) ctx.setExitCode(EXIT.failed);
    });
}
