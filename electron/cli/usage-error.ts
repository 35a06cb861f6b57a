/**
 * Commander's usage errors in our own words. Commander quotes what was typed (`unknown option
 * '--api-key=sk-ant-…'`, `unknown command 'sk-ant-…'`, the excess arguments, an invalid value),
 * and an operator who pastes a key into the wrong place would see it echoed into the terminal,
 * its scrollback and any CI log. These sentences name only our own commands, options and
 * arguments, never a token from the command line.
 */
import type { Command, CommanderError } from 'commander';

/** Codes whose Commander sentence quotes only our own flags and argument names. */
const OWN_WORDS_ONLY = new Set([
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.conflictingOption',
]);

/** `switchboard key set` for the `set` command under `key`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let command: Command | null = cmd; command; command = command.parent) names.unshift(command.name());
  return names.join(' ');
}

/**
 * Makes every command of the tree throw its parse errors instead of exiting the process, and
 * remembers which command failed, so the sentence can name it. Call after every command is added.
 */
export function overrideExits(program: Command, configure: (cmd: Command) => void = () => undefined): () => Command {
  let failing = program;
  const watch = (cmd: Command): void => {
    cmd.exitOverride((err) => {
      failing = cmd;
      throw err;
    });
    configure(cmd);
    cmd.commands.forEach(watch);
  };
  watch(program);
  return () => failing;
}

/** The option or argument an invalid-value error is about, found by our own names. */
function invalidTarget(err: CommanderError, cmd: Command): { label: string; choices: readonly string[] | undefined } | null {
  for (const option of cmd.options) {
    if (err.message.startsWith(`error: option '${option.flags}' argument '`))
      return { label: option.long ?? option.flags, choices: option.argChoices };
  }
  for (const argument of cmd.registeredArguments) {
    if (err.message.includes(`' is invalid for argument '${argument.name()}'.`))
      return { label: `<${argument.name()}>`, choices: argument.argChoices };
  }
  return null;
}

/** One sentence (no `switchboard:` prefix) for a Commander error raised while parsing cmd. */
export function usageSentence(err: CommanderError, cmd: Command): string {
  const path = commandPath(cmd);
  const help = `see \`${path} --help\``;
  switch (err.code) {
    case 'commander.unknownOption':
      return `unknown option: that option is not known to \`${path}\`; ${help}.`;
    case 'commander.unknownCommand':
      return `unknown command: that is not a command of \`${path}\`; ${help}.`;
    case 'commander.excessArguments': {
      const argumentCount = cmd.registeredArguments.length;
      return `too many arguments: \`${path}\` takes ${argumentCount === 0 ? 'none' : `at most ${argumentCount}`}; ${help}.`;
    }
    case 'commander.invalidArgument': {
      const target = invalidTarget(err, cmd);
      const what = target ? `the value given for ${target.label}` : 'a value given';
      const choices = target?.choices ? ` (it must be one of ${target.choices.join(', ')})` : '';
      return `invalid value: ${what} is not accepted by \`${path}\`${choices}; ${help}.`;
    }
    default:
      if (OWN_WORDS_ONLY.has(err.code)) return `${err.message.replace(/^error:\s*/i, '').replace(/\.$/, '')}. See \`${path} --help\`.`;
      return `that command line is not valid; ${help}.`;
  }
}
