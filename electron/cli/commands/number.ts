/**
 * `switchboard number attach|detach|list`: a workspace's own carrier numbers answered by its agents.
 * Attaching keeps the number's voice configuration and points it at the away message until a runner
 * that answers numbers (`voice serve`, the console's) points it at itself; detaching restores it.
 */
import type { Command } from 'commander';
import type { InboundNumberView } from '../../../shared/voice-numbers';
import type { CliContext } from '../context';
import { table } from '../io';

interface AttachFlags {
  agent: string;
  forwardTo?: string;
  message?: string;
}

/** Registers `number …`. */
export function registerNumber(program: Command, ctx: CliContext): void {
  const number = program.command('number').description('inbound calls: a workspace’s carrier numbers answered by its agents');

  number
    .command('attach <ws> <number>')
    .description('answer one of the workspace’s Twilio numbers with an agent (its current setup is kept for detach)')
    .requiredOption('--agent <agent>', 'the agent that answers')
    .option('--forward-to <number>', 'a person’s number callers are put through to when this computer’s runner is not running')
    .option('--message <text>', 'what callers hear when the runner is not running (at most 300 characters)')
    .action(async (ref: string, raw: string, flags: AttachFlags) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const attached = await core.numbers.attach(
        { workspaceId: ws.id, number: raw, agent: flags.agent, forwardTo: flags.forwardTo ?? null, awayMessage: flags.message ?? null },
        'cli',
      );
      ctx.print(attached, () => {
        ctx.out(`Attached ${attached.number} to ${attached.agentName}; its previous setup is kept for \`switchboard number detach\`.`);
        ctx.out(`${attached.agentName} answers it while \`switchboard voice serve\` or the console's voice runner is running.`);
        ctx.out(attached.whenAway);
      });
    });

  number
    .command('detach <ws> <number>')
    .description('stop answering a number and restore its previous setup at the carrier')
    .option('--force', 'forget it here without asking the carrier (its key is gone); restore its setup in the carrier’s console')
    .action(async (ref: string, raw: string, flags: { force?: boolean }) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const detached = await core.numbers.detach(ws.id, raw, 'cli', { force: flags.force === true });
      ctx.print({ detached: detached.number, restored: flags.force !== true }, () =>
        ctx.out(
          flags.force
            ? `Forgot ${detached.number}; it still points at this computer's runner or its away message: restore its setup in the carrier's console.`
            : `Detached ${detached.number}; its previous setup is restored.`,
        ),
      );
    });

  number
    .command('list <ws>')
    .description('list the workspace’s attached numbers')
    .action((ref: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const numbers: InboundNumberView[] = core.numbers.list(ws.id);
      ctx.print(numbers, () => {
        if (numbers.length === 0)
          return ctx.out(`${ws.name} has no attached numbers: attach one with \`switchboard number attach ${ws.name} +1… --agent NAME\`.`);
        table(
          [
            ['NUMBER', 'AGENT', 'WHEN AWAY', 'ATTACHED'],
            ...numbers.map((attached) => [
              attached.number,
              attached.agentName,
              attached.forwardTo ? `message, then ${attached.forwardTo}` : 'message, then hang up',
              attached.attachedAt.slice(0, 10),
            ]),
          ],
          ctx.out,
        );
      });
    });
}
