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

const provider = (value: string): ProviderId => {
  // Not repeated back: a key pasted one argument too early would land here.
  if (!isProviderId(value)) throw new AppError('INVALID_INPUT', 'That is not a provider id; see `switchboard providers` for the list.');
  return value;
};
const environment = (value: string): Environment => {
  if (value !== 'production' && value !== 'test') throw new AppError('INVALID_INPUT', 'The environment must be production or test.');
  return value;
};

const STATUS: Record<string, string> = {
  valid: '● valid',
  warning: '▲ warning',
  invalid: '✕ invalid',
  unverified: '○ unverified',
  unreachable: '○ unreachable',
};

function describeKey(key: CredentialView, age: KeyAgeView | undefined): string[] {
  const hint = Object.values(key.hints)[0] ?? '';
  const pub = Object.values(key.publicFields).join(' ');
  const state = age?.standby ? 'standby (rotated out)' : key.active ? 'active' : '';
  const days = age ? `${age.ageDays} d${age.rotationDue ? ' ⟳ rotate' : ''}` : '';
  return [
    key.provider,
    key.environment,
    key.nickname,
    hint,
    pub,
    STATUS[key.status] ?? key.status,
    state,
    days,
    key.lastTestedAt ?? 'never',
  ];
}

function printCheck(ctx: CliContext, name: string, result: CheckResultView): void {
  ctx.out(`${name}: ${STATUS[result.status] ?? result.status} — ${result.summary}`);
  for (const line of result.lines)
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
    .action(async (ref: string, providerName: string, flags: { env: string; nickname?: string; endpoint?: string; offline?: boolean }) => {
      const id = provider(providerName);
      const env = environment(flags.env);
      const fields = parseFieldsJson(await readStdin(ctx.stdin));
      const ws = ctx.core().workspaces.find(ref);
      const checked = validateFields(id, fields);
      if (!checked.ok) throw new AppError('INVALID_INPUT', Object.values(checked.errors)[0] ?? 'Those fields are not valid.');
      const core = await ctx.unlocked();
      const view = core.credentials.add(
        { workspaceId: ws.id, provider: id, fields, nickname: flags.nickname, environment: env, endpoint: flags.endpoint },
        'cli',
      );
      if (flags.offline) {
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
    .action((ref: string, flags: { due?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const ages = new Map(core.rotation.ages(ws.id).map((a) => [a.credentialId, a]));
      const keys = core.credentials.list(ws.id).filter((k) => !flags.due || ages.get(k.id)?.rotationDue);
      const due = keys.filter((k) => ages.get(k.id)?.rotationDue);
      const standby = keys.filter((k) => ages.get(k.id)?.standby);
      const rows = keys.map((key) => {
        const age = ages.get(key.id);
        return { ...key, ageDays: age?.ageDays ?? 0, rotationDue: age?.rotationDue ?? false, standby: age?.standby ?? false };
      });
      ctx.print(rows, () => {
        if (keys.length === 0) {
          ctx.out(flags.due ? `No key of ${ws.name} has been in use for ${ROTATE_AFTER_DAYS} days or more.` : 'No keys yet.');
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
            `${due.length === 1 ? '1 key has' : `${due.length} keys have`} been in use for ${ROTATE_AFTER_DAYS} days or more ` +
              `(${due.map((k) => k.provider).join(', ')}): rotate with \`switchboard key rotate ${JSON.stringify(ws.name)} PROVIDER < new-key.json\`.`,
          );
        if (standby.length > 0)
          ctx.out(
            `${standby.length === 1 ? '1 rotated-out key waits' : `${standby.length} rotated-out keys wait`} on standby: revoke at the ` +
              `provider, then \`switchboard key confirm-revoked ${JSON.stringify(ws.name)} PROVIDER --yes\`.`,
          );
      });
    });
  key
    .command('test <ws> [provider]')
    .description('check a workspace’s keys (or one provider’s) against the providers, in parallel')
    .action(async (ref: string, providerName?: string) => {
      const ws = ctx.core().workspaces.find(ref);
      const core = await ctx.unlocked();
      const only = providerName ? provider(providerName) : undefined;
      const keys = core.credentials.list(ws.id, { provider: only });
      if (keys.length === 0)
        throw new AppError('NOT_FOUND', only ? `${ws.name} has no ${getProvider(only).name} key.` : `${ws.name} has no keys to test.`);
      const results = only
        ? await Promise.all(keys.map((k) => core.checks.test(k.id, 'cli')))
        : await core.checks.testWorkspace(ws.id, 'cli');
      const byId = new Map(keys.map((k) => [k.id, k]));
      ctx.print(results, () => {
        for (const result of results) {
          const key = byId.get(result.credentialId);
          printCheck(ctx, key ? `${getProvider(key.provider).name} (${key.nickname})` : result.credentialId, result);
        }
      });
      if (results.some((r) => r.status === 'invalid')) ctx.setExitCode(EXIT.failed);
    });
  key
    .command('delete <ws> <provider>')
    .description('delete the active key of a provider (its ciphertext is destroyed)')
    .option('--env <env>', 'production or test', 'production')
    .action((ref: string, providerName: string, flags: { env: string }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const id = provider(providerName);
      const env = environment(flags.env);
      const target = core.credentials.repo.active(ws.id, id, env);
      if (!target) throw new AppError('NOT_FOUND', `${ws.name} has no active ${getProvider(id).name} ${env} key.`);
      core.credentials.delete(target.id, 'cli');
      ctx.print({ deleted: target.id }, () => ctx.out(`Deleted ${getProvider(id).name} key “${target.nickname}” from ${ws.name}.`));
    });
  registerKeyRotation(key, ctx, { provider, environment });
}
