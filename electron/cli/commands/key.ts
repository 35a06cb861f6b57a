/** `switchboard key set|list|test|delete` (and rotate, confirm-revoked, deps). Secrets come from stdin only. */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CheckResultView, CredentialView, Environment } from '../../../shared/domain';
import { ROTATE_AFTER_DAYS, type KeyAgeView } from '../../../shared/rotation';
import { getProvider, isProviderId, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { CliContext } from '../context';
import { EXIT, parseFieldsJson, readStdin, table } from '../io';
import { registerKeyRotation } from './key-rotate';

const provider = (v: string): ProviderId => {
  // Not repeated back: a key pasted one argument too early would land here.
  if (!isProviderId(v)) throw new AppError('INVALID_INPUT', 'That is not a provider id; see `switchboard providers` for the list.');
  return v;
};
const environment = (v: string): Environment => {
  if (v !== 'production' && v !== 'test') throw new AppError('INVALID_INPUT', 'The environment must be production or test.');
  return v;
};

const STATUS: Record<string, string> = {
  valid: '● valid',
  warning: '▲ warning',
  invalid: '✕ invalid',
  unverified: '○ unverified',
  unreachable: '○ unreachable',
};

function describeKey(k: CredentialView, age: KeyAgeView | undefined): string[] {
  const hint = Object.values(k.hints)[0] ?? '';
  const pub = Object.values(k.publicFields).join(' ');
  const state = age?.standby ? 'standby (rotated out)' : k.active ? 'active' : '';
  const days = age ? `${age.ageDays} d${age.rotationDue ? ' ⟳ rotate' : ''}` : '';
  return [k.provider, k.environment, k.nickname, hint, pub, STATUS[k.status] ?? k.status, state, days, k.lastTestedAt ?? 'never'];
}

function printCheck(ctx: CliContext, name: string, r: CheckResultView): void {
  ctx.out(`${name}: ${STATUS[r.status] ?? r.status} — ${r.summary}`);
  for (const line of r.lines)
    ctx.out(
      `  ${line.status === 'pass' ? '✓' : line.status === 'warn' ? '▲' : line.status === 'fail' ? '✕' : '·'} ${line.label}: ${line.detail}`,
    );
}

/** Registers the key commands. */
export function registerKey(program: Command, ctx: CliContext): void {
  const key = program.command('key').description('store, list, test, rotate and delete provider keys');
  key
    .command('set <ws> <provider>')
    .description('store a key; its fields come as a JSON object on stdin (never on the command line)')
    .option('--env <env>', 'production or test', 'production')
    .option('--nickname <name>', 'a name to tell keys apart')
    .option('--endpoint <url>', 'advanced: this key’s API origin (regional host, proxy)')
    .option('--offline', 'store it unverified after the format check, without calling the provider')
    .action(async (ref: string, p: string, o: { env: string; nickname?: string; endpoint?: string; offline?: boolean }) => {
      const id = provider(p);
      const env = environment(o.env);
      const fields = parseFieldsJson(await readStdin(ctx.stdin));
      const ws = ctx.core().workspaces.find(ref);
      const checked = validateFields(id, fields);
      if (!checked.ok) throw new AppError('INVALID_INPUT', Object.values(checked.errors)[0] ?? 'Those fields are not valid.');
      const core = await ctx.unlocked();
      const view = core.credentials.add(
        { workspaceId: ws.id, provider: id, fields, nickname: o.nickname, environment: env, endpoint: o.endpoint },
        'cli',
      );
      if (o.offline) {
        ctx.print({ key: view, check: null }, () =>
          ctx.out(`Stored ${getProvider(id).name} key “${view.nickname}” for ${ws.name}, unverified (offline).`),
        );
        return;
      }
      const check = await core.checks.test(view.id, 'cli');
      const stored = core.credentials.get(view.id);
      ctx.print({ key: stored, check }, () => {
        ctx.out(`Stored ${getProvider(id).name} key “${view.nickname}” for ${ws.name}.`);
        printCheck(ctx, getProvider(id).name, check);
      });
      if (check.status === 'invalid') ctx.setExitCode(EXIT.failed);
    });
  key
    .command('list <ws>')
    .description(
      `list a workspace’s keys (masked) with their age; keys in use for ${ROTATE_AFTER_DAYS} days or more are marked for rotation`,
    )
    .option('--due', `only the keys in use for ${ROTATE_AFTER_DAYS} days or more (due for rotation)`)
    .action((ref: string, o: { due?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const ages = new Map(core.rotation.ages(ws.id).map((a) => [a.credentialId, a]));
      const keys = core.credentials.list(ws.id).filter((k) => !o.due || ages.get(k.id)?.rotationDue);
      const due = keys.filter((k) => ages.get(k.id)?.rotationDue);
      const standby = keys.filter((k) => ages.get(k.id)?.standby);
      const rows = keys.map((k) => {
        const a = ages.get(k.id);
        return { ...k, ageDays: a?.ageDays ?? 0, rotationDue: a?.rotationDue ?? false, standby: a?.standby ?? false };
      });
      ctx.print(rows, () => {
        if (keys.length === 0) {
          ctx.out(o.due ? `No key of ${ws.name} has been in use for ${ROTATE_AFTER_DAYS} days or more.` : 'No keys yet.');
          return;
        }
        table(
          [
            ['PROVIDER', 'ENV', 'NICKNAME', 'KEY', 'DETAILS', 'STATUS', '', 'AGE', 'LAST TESTED'],
            ...keys.map((k) => describeKey(k, ages.get(k.id))),
          ],
          ctx.out,
        );
        if (due.length > 0)
          ctx.out(
            `${due.length === 1 ? '1 key has' : `${due.length} keys have`} been in use for ${ROTATE_AFTER_DAYS} days or more (${due.map((k) => k.provider).join(', ')}): rotate with \`switchboard key rotate ${JSON.stringify(ws.name)} PROVIDER < new-key.json\`.`,
          );
        if (standby.length > 0)
          ctx.out(
            `${standby.length === 1 ? '1 rotated-out key waits' : `${standby.length} rotated-out keys wait`} on standby: revoke at the provider, then \`switchboard key confirm-revoked ${JSON.stringify(ws.name)} PROVIDER --yes\`.`,
          );
      });
    });
  key
    .command('test <ws> [provider]')
    .description('check a workspace’s keys (or one provider’s) against the providers, in parallel')
    .action(async (ref: string, p?: string) => {
      const ws = ctx.core().workspaces.find(ref);
      const core = await ctx.unlocked();
      const only = p ? provider(p) : undefined;
      const keys = core.credentials.list(ws.id, { provider: only });
      if (keys.length === 0)
        throw new AppError('NOT_FOUND', only ? `${ws.name} has no ${getProvider(only).name} key.` : `${ws.name} has no keys to test.`);
      const results = only
        ? await Promise.all(keys.map((k) => core.checks.test(k.id, 'cli')))
        : await core.checks.testWorkspace(ws.id, 'cli');
      const byId = new Map(keys.map((k) => [k.id, k]));
      ctx.print(results, () => {
        for (const r of results) {
          const k = byId.get(r.credentialId);
          printCheck(ctx, k ? `${getProvider(k.provider).name} (${k.nickname})` : r.credentialId, r);
        }
      });
      if (results.some((r) => r.status === 'invalid')) ctx.setExitCode(EXIT.failed);
    });
  key
    .command('delete <ws> <provider>')
    .description('delete the active key of a provider (its ciphertext is destroyed)')
    .option('--env <env>', 'production or test', 'production')
    .action((ref: string, p: string, o: { env: string }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const id = provider(p);
      const env = environment(o.env);
      const target = core.credentials.repo.active(ws.id, id, env);
      if (!target) throw new AppError('NOT_FOUND', `${ws.name} has no active ${getProvider(id).name} ${env} key.`);
      core.credentials.delete(target.id, 'cli');
      ctx.print({ deleted: target.id }, () => ctx.out(`Deleted ${getProvider(id).name} key “${target.nickname}” from ${ws.name}.`));
    });
  registerKeyRotation(key, ctx, { provider, environment });
}
