/**
 * `switchboard key rotate|confirm-revoked|deps`: two-phase rotation from a terminal. The new key's
 * fields come as JSON on stdin; public fields left out are the old key's. There is no --offline:
 * a key is switched to only once a live check passes (a key nothing resolves would switch nothing).
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { Environment } from '../../../shared/domain';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import { type DependentsView, ROTATE_AFTER_DAYS, type RotationResultView, type StandbyView } from '../../../shared/rotation';
import type { CliContext } from '../context';
import { EXIT, parseFieldsJson, readStdin } from '../io';

const MARK = { pass: '✓', warn: '▲', fail: '✕', skip: '·' } as const;

/** How a dependent workspace comes to the key. */
const VIA: Readonly<Record<DependentsView['workspaces'][number]['via'], string>> = {
  own: 'its own key',
  bundled: 'bundled: uses the agency’s keys',
  fallback: 'falls back: no key of its own',
};

/** "token …9xQa" from a key's hints. */
function hintsOf(standby: Pick<StandbyView, 'hints'>): string {
  return Object.values(standby.hints).join(', ');
}

/** How many of each kind depend on a key. */
type Counts = RotationResultView['moved'];

/** The counts of a key's dependents. */
const countsOf = (dependents: DependentsView): Counts => ({
  workspaces: dependents.workspaces.length,
  campaigns: dependents.campaigns.length,
  workflows: dependents.workflows.length,
  agents: dependents.agents.length,
});

/** "2 workspaces, 1 campaign, …" — what a key carries, in words. */
function dependentsLine(counts: Counts): string {
  const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  return [
    plural(counts.workspaces, 'workspace', 'workspaces'),
    plural(counts.campaigns, 'campaign', 'campaigns'),
    plural(counts.workflows, 'workflow rule', 'workflow rules'),
    plural(counts.agents, 'voice agent', 'voice agents'),
  ].join(', ');
}

/** Registers rotate, confirm-revoked and deps under `key`. */
export function registerKeyRotation(
  key: Command,
  ctx: CliContext,
  parse: { provider: (value: string) => ProviderId; environment: (value: string) => Environment },
): void {
  /** The workspace, provider and environment of a command. */
  const target = (
    ref: string,
    providerName: string,
    env: string,
  ): { ws: { id: string; name: string }; provider: ProviderId; environment: Environment; name: string } => {
    const provider = parse.provider(providerName);
    const environment = parse.environment(env);
    const ws = ctx.core().workspaces.find(ref);
    return { ws, provider, environment, name: getProvider(provider).name };
  };

  key
    .command('rotate <ws> <provider>')
    .description(
      'rotate the key in use: the new key’s fields as JSON on stdin are checked live, then everything switches to it and the old key waits on standby',
    )
    .option('--env <env>', 'production or test', 'production')
    .option('--nickname <name>', 'a name for the new key (default: the old key’s)')
    .action(async (ref: string, providerName: string, flags: { env: string; nickname?: string }) => {
      const keyTarget = target(ref, providerName, flags.env);
      const fields = parseFieldsJson(await readStdin(ctx.stdin));
      const core = await ctx.unlocked();
      const old = core.credentials.repo.active(keyTarget.ws.id, keyTarget.provider, keyTarget.environment);
      if (!old)
        throw new AppError('NOT_FOUND', `${keyTarget.ws.name} has no ${keyTarget.name} ${keyTarget.environment} key in use to rotate.`);
      const deps = core.rotation.dependents(old.id);
      // Said once the input has passed (at the first check line), so bad input gets its one sentence alone.
      let introduced = false;
      const introduce = (): void => {
        if (introduced || ctx.json()) return;
        introduced = true;
        ctx.out(
          `Rotating ${keyTarget.name} key “${old.nickname}” of ${keyTarget.ws.name} (${deps.age.ageDays} days old; used by ` +
            `${dependentsLine(countsOf(deps))}).`,
        );
      };
      const result = await core.rotation.rotate(old.id, { fields, nickname: flags.nickname }, 'cli', (line) => {
        introduce();
        if (!ctx.json()) ctx.out(`  ${MARK[line.status]} ${line.label}: ${line.detail}`);
      });
      introduce();
      ctx.print(result, () => {
        if (!result.switched || !result.standby) {
          ctx.out(result.reason ?? 'Nothing was switched.');
          return;
        }
        const fresh = core.credentials.get(result.newCredentialId ?? '');
        ctx.out(`Switched: “${fresh.nickname}” (${Object.values(fresh.hints).join(', ')}) is in use for ${dependentsLine(result.moved)}.`);
        ctx.out(
          `On standby: “${result.standby.nickname}” (${hintsOf(result.standby)}), kept but never used. Revoke it at ${keyTarget.name}, ` +
            `then run \`switchboard key confirm-revoked ${JSON.stringify(keyTarget.ws.name)} ` +
            `${keyTarget.provider}${keyTarget.environment === 'test' ? ' --env test' : ''} --yes\` to destroy it.`,
        );
      });
      if (!result.switched) ctx.setExitCode(EXIT.failed);
    });

  key
    .command('confirm-revoked <ws> <provider>')
    .description('after revoking the rotated-out key at the provider: destroy it (its ciphertext; a tombstone stays for the audit log)')
    .option('--env <env>', 'production or test', 'production')
    .option('--yes', 'destroy it without asking')
    .action((ref: string, providerName: string, flags: { env: string; yes?: boolean }) => {
      const keyTarget = target(ref, providerName, flags.env);
      const core = ctx.core();
      const standby = core.rotation.standby(keyTarget.ws.id, keyTarget.provider, keyTarget.environment);
      if (!standby)
        throw new AppError(
          'NOT_FOUND',
          `${keyTarget.ws.name} has no ${keyTarget.name} ${keyTarget.environment} key on standby after a rotation.`,
        );
      if (!flags.yes)
        throw new AppError(
          'INVALID_INPUT',
          `Nothing was destroyed: “${standby.nickname}” (${hintsOf(standby)}) cannot be restored once destroyed, so revoke it at ` +
            `${keyTarget.name} first and run again with --yes.`,
        );
      const done = core.rotation.confirmRevoked(standby.credentialId, 'cli');
      ctx.print(done, () =>
        ctx.out(
          `Destroyed ${keyTarget.name} key “${standby.nickname}” (${hintsOf(standby)}) of ${keyTarget.ws.name}: its encrypted secret is ` +
            `gone; the audit log keeps the record.`,
        ),
      );
    });

  key
    .command('deps <ws> <provider>')
    .description('what depends on the key in use — workspaces, campaigns, workflow rules, voice agents — and its age')
    .option('--env <env>', 'production or test', 'production')
    .action((ref: string, providerName: string, flags: { env: string }) => {
      const keyTarget = target(ref, providerName, flags.env);
      const core = ctx.core();
      const key = core.credentials.repo.active(keyTarget.ws.id, keyTarget.provider, keyTarget.environment);
      if (!key) throw new AppError('NOT_FOUND', `${keyTarget.ws.name} has no ${keyTarget.name} ${keyTarget.environment} key in use.`);
      const dependents = core.rotation.dependents(key.id);
      const standby = core.rotation.standby(keyTarget.ws.id, keyTarget.provider, keyTarget.environment);
      ctx.print({ ...dependents, standby }, () => {
        ctx.out(
          `${keyTarget.name} key “${dependents.nickname}” of ${keyTarget.ws.name}: ${dependents.age.ageDays} days ` +
            `old${dependents.age.rotationDue ? ` — due for rotation (${ROTATE_AFTER_DAYS} days or more)` : ''}.`,
        );
        ctx.out(`Used by ${dependentsLine(countsOf(dependents))}.`);
        for (const workspace of dependents.workspaces)
          ctx.out(`  workspace  ${workspace.name} (${VIA[workspace.via]}) — ${workspace.capabilities.join(', ')}`);
        for (const campaign of dependents.campaigns)
          ctx.out(`  campaign   ${campaign.name} (${campaign.workspaceName}, ${campaign.channel}, ${campaign.state})`);
        for (const workflow of dependents.workflows)
          ctx.out(`  workflow   on ${workflow.outcome}: ${workflow.channel} (${workflow.workspaceName})`);
        for (const agent of dependents.agents) ctx.out(`  agent      ${agent.name} (${agent.workspaceName})`);
        if (standby)
          ctx.out(
            `On standby since ${standby.switchedAt}: “${standby.nickname}” (${hintsOf(standby)}) — revoke it at ${keyTarget.name}, ` +
              `then confirm with \`key confirm-revoked\`.`,
          );
      });
    });
}
