/**
 * `switchboard agent transfer add|list|remove`: the people an agent may hand a call to — a name the
 * model picks by, the number Switchboard dials (never the model), when to use it, cold or warm.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { EXOTEL_NO_TRANSFER, MAX_WHEN_TO_USE, TRANSFER_MODES, type TransferTargetView } from '../../../shared/transfer-targets';
import type { CliContext } from '../context';
import { table } from '../io';

interface AddFlags {
  name: string;
  number: string;
  when: string;
  mode: string;
}

const MODE_WORDS: Readonly<Record<TransferTargetView['mode'], string>> = {
  cold: 'cold (connected at once; if nobody answers, the call ends)',
  warm: 'warm (briefed first; if nobody answers, the agent comes back)',
};

/** Registers `agent transfer …` under the agent command. */
export function registerAgentTransfer(agent: Command, ctx: CliContext): void {
  const transfer = agent
    .command('transfer')
    .description('the people an agent may transfer a call to (Twilio calls; Exotel cannot, see `agent transfer add --help`)');

  transfer
    .command('add <ws> <agent>')
    .description(`add a transfer target the agent may hand calls to. ${EXOTEL_NO_TRANSFER}`)
    .requiredOption('--name <name>', 'the name the agent picks the target by, e.g. "Sales desk"')
    .requiredOption('--number <e164>', 'the number Switchboard dials, with its country code (the model never sees it)')
    .requiredOption('--when <text>', `when the agent should transfer there, in plain words (at most ${MAX_WHEN_TO_USE} characters)`)
    .option('--mode <mode>', `${TRANSFER_MODES.join(' or ')}: cold connects at once, warm briefs the person first (default warm)`, 'warm')
    .action((ref: string, which: string, flags: AddFlags) => {
      if (!(TRANSFER_MODES as readonly string[]).includes(flags.mode)) throw new AppError('INVALID_INPUT', 'The mode is cold or warm.');
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const added = core.transferTargets.add(
        ws.id,
        which,
        { name: flags.name, number: flags.number, whenToUse: flags.when, mode: flags.mode as TransferTargetView['mode'] },
        'cli',
      );
      ctx.print(added, () => ctx.out(`Added transfer target ${added.name} (${added.number}, ${MODE_WORDS[added.mode]}).`));
    });

  transfer
    .command('list <ws> <agent>')
    .description('list an agent’s transfer targets')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const targets = core.transferTargets.list(ws.id, which);
      ctx.print(targets, () => {
        if (targets.length === 0)
          return ctx.out(
            `That agent has no transfer targets yet: add one with \`switchboard agent transfer add ${ws.name} AGENT --name N --number +1… --when "…"\`.`,
          );
        table([['NAME', 'NUMBER', 'MODE', 'WHEN'], ...targets.map((t) => [t.name, t.number, t.mode, t.whenToUse])], ctx.out);
      });
    });

  transfer
    .command('remove <ws> <agent> <target>')
    .description('remove a transfer target')
    .action((ref: string, which: string, name: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const removed = core.transferTargets.remove(ws.id, which, name, 'cli');
      ctx.print({ removed: removed.id, name: removed.name }, () => ctx.out(`Removed transfer target ${removed.name}.`));
    });
}
