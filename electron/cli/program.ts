/** Builds the `switchboard` command tree and runs it with the CLI's exit-code contract. */
import { Command, CommanderError } from 'commander';
import { AppError, toErrorInfo } from '../../shared/errors';
import { registerAgent } from './commands/agent';
import { registerAudit } from './commands/audit';
import { registerBundle } from './commands/bundle';
import { registerCall } from './commands/call';
import { registerCalls } from './commands/calls';
import { registerVoice } from './commands/voice';
import { registerCampaign } from './commands/campaign';
import { registerDnc } from './commands/dnc';
import { registerImport } from './commands/import';
import { registerIntake } from './commands/intake';
import { registerKey } from './commands/key';
import { registerNumber } from './commands/number';
import { registerOnboarding } from './commands/onboarding';
import { registerProviders } from './commands/providers';
import { registerWorkflow } from './commands/workflow';
import { registerWorkspace } from './commands/workspace';
import { busyFault } from '../core/store/busy';
import { storageFault } from '../core/store/faults';
import { type ContextOptions, createContext, type GlobalOptions } from './context';
import { EXIT, exitCodeFor } from './io';
import { overrideExits, usageSentence } from './usage-error';

/**
 * What Ctrl-C leaves behind, per command, for the line printed when it interrupts one that has no
 * pause of its own. Every write is one SQLite transaction, so nothing is ever half-written.
 */
const INTERRUPTED: Readonly<Record<string, string>> = {
  'campaign create': 'no campaign was created (it is written in one step, once the whole file is read)',
  'dnc import': 'no number was added (the list is written in one step, once the whole file is read)',
  'import env': 'no key was stored (the keys are written in one step, after the preview)',
  'bundle import': 'nothing was imported (a bundle is written whole or not at all)',
  'key set': 'the key is stored only if “Stored” was printed; a check under way was not recorded',
  'agent test': 'the scenarios that finished are kept with their results and tokens; the run shows as cut short',
};

/** The sentence for Ctrl-C during a command: what was and was not written. */
export function interruptedSentence(command: string | null): string {
  const left = (command && INTERRUPTED[command]) ?? 'every change finished before now is kept; the one under way was not written';
  return `Interrupted: ${left}.`;
}

/** Extra hooks of a real CLI process (the tests' in-process runs need none). */
export interface RunOptions extends Omit<ContextOptions, 'opts'> {
  /** Told the command's path ("campaign create") just before it acts. */
  readonly onCommand?: (path: string) => void;
}

/** Runs the CLI with argv (without `node script`); resolves to the exit code. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const program = new Command('switchboard');
  const ctx = createContext({ ...options, opts: () => program.opts<GlobalOptions>() });
  program
    .description('Switchboard: clients’ provider keys, encrypted on this workstation, proven against each provider.')
    .option('--json', 'print machine-readable JSON')
    .option('--data-dir <dir>', 'data folder (default: SWITCHBOARD_DATA_DIR or the app’s own)')
    .option('--passphrase-file <file>', 'read the vault passphrase from this file (passphrase mode)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: () => undefined })
    // Before any command acts: a wrong passphrase is refused even by commands that never unlock.
    .hook('preAction', (_program, action) => {
      const path: string[] = [];
      for (let command: Command | null = action; command && command !== program; command = command.parent) path.unshift(command.name());
      options.onCommand?.(path.join(' '));
      return ctx.checkGivenPassphrase();
    });
  program.commands.forEach((c) => c.exitOverride());
  registerProviders(program, ctx);
  registerWorkspace(program, ctx);
  registerKey(program, ctx);
  registerAudit(program, ctx);
  registerOnboarding(program, ctx);
  registerAgent(program, ctx);
  registerCall(program, ctx);
  registerCalls(program, ctx);
  registerVoice(program, ctx);
  registerNumber(program, ctx);
  registerCampaign(program, ctx);
  registerDnc(program, ctx);
  registerWorkflow(program, ctx);
  registerImport(program, ctx);
  registerBundle(program, ctx);
  registerIntake(program, ctx);
  // Remembers which command failed to parse, so the error names it (and never what was typed).
  const failing = overrideExits(program, (command) =>
    command.configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: () => undefined }),
  );

  const report = (code: string, message: string, exit: number): number => {
    if (ctx.json()) ctx.out(JSON.stringify({ ok: false, error: { code, message } }));
    else ctx.err(`switchboard: ${message}`);
    return exit;
  };

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode() ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return report('INVALID_INPUT', usageSentence(err, failing()), EXIT.usage);
    }
    // A full disk, a read-only data folder or another process holding the database past the busy
    // timeout is the operator's to fix or retry: its sentence, not "internal error".
    const known = err instanceof AppError ? err : (storageFault(err) ?? busyFault(err));
    const info = toErrorInfo(known ?? err);
    if (!known) console.error(`switchboard: internal error (${err instanceof Error ? err.name : 'unknown'})`);
    return report(info.code, info.message, known ? exitCodeFor(info.code) : EXIT.failed);
  } finally {
    ctx.close();
  }
}
