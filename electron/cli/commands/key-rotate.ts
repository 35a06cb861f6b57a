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

/** "token …9xQa" from a key's hints. */
function hintsOf(s: Pick<StandbyView, 'hints'>): string {
  return Object.values(s.hints).join(', ');
}

/** How many of each kind depend on a key. */
type Counts = RotationResultView['moved'];

/** The counts of a key's dependents. */
const countsOf = (d: DependentsView): Counts => ({
  workspaces: d.workspaces.length,
  campaigns: d.campaigns.length,
  workflows: d.workflows.length,
  agents: d.agents.length,
});

/** "2 workspaces, 1 campaign, …" — what a key carries, in words. */
function dependentsLine(c: Counts): string {
  const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  return [
    n(c.workspaces, 'workspace', 'workspaces'),
    n(c.campaigns, 'campaign', 'campaigns'),
    n(c.workflows, 'workflow rule', 'workflow rules'),
    n(c.agents, 'voice agent', 'voice agents'),
  ].join(', ');
}

/** Registers rotate, confirm-revoked and deps under `key`. */
export function registerKeyRotation(
  key: Command,
  ctx: CliContext,
  parse: { provider: (v: string) => ProviderId; environment: (v: string) => Environment },
): void {
  /** The workspace, provider and environment of a command. */
  const target = (
    ref: string,
    p: string,
    env: string,
  ): { ws: { id: string; name: string }; provider: ProviderId; environment: Environment; name: string } => {
    const provider = parse.provider(p);
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
    .action(async (ref: string, p: string, o: { env: string; nickname?: string }) => {
      const t = target(ref, p, o.env);
      const fields = parseFieldsJson(await readStdin(ctx.stdin));
      const core = await ctx.unlocked();
      const old = core.credentials.repo.active(t.ws.id, t.provider, t.environment);
      if (!old) throw new AppError('NOT_FOUND', `${t.ws.name} has no ${t.name} ${t.environment} key in use to rotate.`);
      const deps = core.rotation.dependents(old.id);
      // Said once the input has passed (at the first check line), so bad input gets its one sentence alone.
      let introduced = false;
      const introduce = (): void => {
        if (introduced || ctx.json()) return;
        introduced = true;
        ctx.out(
          `Rotating ${t.name} key “${old.nickname}” of ${t.ws.name} (${deps.age.ageDays} days old; used by ${dependentsLine(countsOf(deps))}).`,
        );
      };
      const r = await core.rotation.rotate(old.id, { fields, nickname: o.nickname }, 'cli', (line) => {
        introduce();
        if (!ctx.json()) ctx.out(`  ${MARK[line.status]} ${line.label}: ${line.detail}`);
      });
      introduce();
      ctx.print(r, () => {
        if (!r.switched || !r.standby) {
          ctx.out(r.reason ?? 'Nothing was switched.');
          return;
        }
        const fresh = core.credentials.get(r.newCredentialId ?? '');
        ctx.out(`Switched: “${fresh.nickname}” (${Object.values(fresh.hints).join(', ')}) is in use for ${dependentsLine(r.moved)}.`);
        ctx.out(
          `On standby: “${r.standby.nickname}” (${hintsOf(r.standby)}), kept but never used. Revoke it at ${t.name}, then run \`switchboard key confirm-revoked ${JSON.stringify(t.ws.name)} ${t.provider}${t.environment === 'test' ? ' --env test' : ''} --yes\` to destroy it.`,
        );
      });
      if (!r.switched) ctx.setExitCode(EXIT.failed);
    });

  key
    .command('confirm-revoked <ws> <provider>')
    .description('after revoking the rotated-out key at the provider: destroy it (its ciphertext; a tombstone stays for the audit log)')
    .option('--env <env>', 'production or test', 'production')
    .option('--yes', 'destroy it without asking')
    .action((ref: string, p: string, o: { env: string; yes?: boolean }) => {
      const t = target(ref, p, o.env);
      const core = ctx.core();
      const standby = core.rotation.standby(t.ws.id, t.provider, t.environment);
      if (!standby) throw new AppError('NOT_FOUND', `${t.ws.name} has no ${t.name} ${t.environment} key on standby after a rotation.`);
      if (!o.yes)
        throw new AppError(
          'INVALID_INPUT',
          `Nothing was destroyed: “${standby.nickname}” (${hintsOf(standby)}) cannot be restored once destroyed, so revoke it at ${t.name} first and run again with --yes.`,
        );
      const done = core.rotation.confirmRevoked(standby.credentialId, 'cli');
      ctx.print(done, () =>
        ctx.out(
          `Destroyed ${t.name} key “${standby.nickname}” (${hintsOf(standby)}) of ${t.ws.name}: its encrypted secret is gone; the audit log keeps the record.`,
        ),
      );
    });

  key
    .command('deps <ws> <provider>')
    .description('what depends on the key in use — workspaces, campaigns, workflow rules, voice agents — and its age')
    .option('--env <env>', 'production or test', 'production')
    .action((ref: string, p: string, o: { env: string }) => {
      const t = target(ref, p, o.env);
      const core = ctx.core();
      const key = core.credentials.repo.active(t.ws.id, t.provider, t.environment);
      if (!key) throw new AppError('NOT_FOUND', `${t.ws.name} has no ${t.name} ${t.environment} key in use.`);
      const d = core.rotation.dependents(key.id);
      const standby = core.rotation.standby(t.ws.id, t.provider, t.environment);
      ctx.print({ ...d, standby }, () => {
        ctx.out(
          `${t.name} key “${d.nickname}” of ${t.ws.name}: ${d.age.ageDays} days old${d.age.rotationDue ? ` — due for rotation (${ROTATE_AFTER_DAYS} days or more)` : ''}.`,
        );
        ctx.out(`Used by ${dependentsLine(countsOf(d))}.`);
        for (const w of d.workspaces)
          ctx.out(
            `  workspace  ${w.name} (${w.via === 'own' ? 'its own key' : w.via === 'bundled' ? 'bundled: uses the agency’s keys' : 'falls back: no key of its own'}) — ${w.capabilities.join(', ')}`,
          );
        for (const c of d.campaigns) ctx.out(`  campaign   ${c.name} (${c.workspaceName}, ${c.channel}, ${c.state})`);
        for (const w of d.workflows) ctx.out(`  workflow   on ${w.outcome}: ${w.channel} (${w.workspaceName})`);
        for (const a of d.agents) ctx.out(`  agent      ${a.name} (${a.workspaceName})`);
        if (standby)
          ctx.out(
            `On standby since ${standby.switchedAt}: “${standby.nickname}” (${hintsOf(standby)}) — revoke it at ${t.name}, then confirm with \`key confirm-revoked\`.`,
          );
      });
    });
}
