/** `switchboard intake new|list|close`: a one-client age recipient with its sheet and intake.html page; the open ones; closing one unused. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { isProviderId } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import { intakeIdentities } from '../../core/offline/identities';
import { closeIntake, createIntake } from '../../core/offline/intake';
import type { CliContext } from '../context';

const providers = (value: string): ProviderId[] =>
  value.split(',').map((name) => {
    const id = name.trim();
    if (!isProviderId(id))
      throw new AppError('INVALID_INPUT', '--providers takes provider ids separated by commas; see `switchboard providers`.');
    return id;
  });

/** Registers `intake new|list|close`. */
export function registerIntake(program: Command, ctx: CliContext): void {
  const intake = program.command('intake').description('let a client send their keys encrypted, straight into their workspace');
  intake
    .command('new <ws>')
    .description('print a one-use age recipient for a client, and the sheet that tells them what to send')
    .option('--providers <ids>', 'the keys to ask for (comma-separated provider ids; default: what campaigns need)')
    .option('--sheet <file>', 'write the instruction sheet to this file instead of printing it')
    .option('--html <file>', 'also write the intake.html page, which encrypts the keys in the client’s browser, offline')
    .option('--agency <name>', 'your agency’s name, as the client knows it')
    .action(async (ref: string, flags: { providers?: string; sheet?: string; html?: string; agency?: string }) => {
      const ws = ctx.core().workspaces.find(ref);
      const core = await ctx.unlocked();
      const made = await createIntake(
        core,
        { workspaceId: ws.id, providers: flags.providers ? providers(flags.providers) : undefined, agencyName: flags.agency },
        'cli',
      );
      if (flags.sheet) writeFileSync(flags.sheet, made.sheet);
      if (flags.html) writeFileSync(flags.html, made.html);
      ctx.print(
        {
          id: made.identity.id,
          recipient: made.identity.recipient,
          workspace: made.workspaceName,
          providers: made.providers,
          sheet: made.sheet,
        },
        () => {
          ctx.out(made.identity.recipient);
          if (flags.html) ctx.err(`Wrote the intake page for ${made.workspaceName} to ${flags.html}; send it with the sheet.`);
          if (flags.sheet) ctx.err(`Wrote the instruction sheet for ${made.workspaceName} to ${flags.sheet}.`);
          else ctx.out(`\n${made.sheet}`);
        },
      );
    });
  intake
    .command('list <ws>')
    .description('the intakes of a client workspace still waiting for their file')
    .action((ref: string) => {
      const ws = ctx.core().workspaces.find(ref);
      const open = intakeIdentities(ctx.core(), ws.id);
      ctx.print(
        open.map((i) => ({ id: i.id, recipient: i.recipient, createdAt: i.createdAt })),
        () =>
          open.length === 0
            ? ctx.out(`No open intake for ${ws.name}.`)
            : open.forEach((i) => ctx.out(`${i.id}  ${i.recipient}  ${i.createdAt}`)),
      );
    });
  intake
    .command('close <ws> <id>')
    .description('close an unused intake: a file encrypted to it can never be opened')
    .action((ref: string, id: string) => {
      const ws = ctx.core().workspaces.find(ref);
      closeIntake(ctx.core(), { workspaceId: ws.id, id }, 'cli');
      ctx.print({ closed: id }, () => ctx.out(`Closed the intake; a file encrypted to it can no longer be opened.`));
    });
}
