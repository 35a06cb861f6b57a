import { Command, CommanderError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { overrideExits, usageSentence } from '../../../electron/cli/usage-error';

const SECRET = 'sk-ant-api03-PastedInTheWrongPlace-7f3a9c';

/** A small tree shaped like the real one, failing the way Commander fails: it names the command. */
function parse(argv: string[]): string {
  const program = new Command('switchboard').option('--json');
  const key = program.command('key');
  key
    .command('set <ws> <provider>')
    .option('--env <env>')
    .action(() => undefined);
  key.command('list <ws>').action(() => undefined);
  program
    .command('workspace')
    .command('mode <ws>')
    .addOption(new Option('--to <mode>').choices(['byok', 'bundled']))
    .action(() => undefined);
  const failing = overrideExits(program, (c) => c.configureOutput({ writeErr: () => undefined, writeOut: () => undefined }));
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return usageSentence(err, failing());
    throw err;
  }
  throw new Error('parsed without an error');
}

describe('usage errors', () => {
  it('say an option is unknown without repeating it, in either spelling', () => {
    for (const argv of [
      ['key', 'set', 'Acme', 'anthropic', `--api-key=${SECRET}`],
      ['key', 'set', 'Acme', 'anthropic', '--api-key', SECRET],
      [`--${SECRET}`],
    ]) {
      const sentence = parse(argv);
      expect(sentence).toMatch(
        /^unknown option: that option is not known to `switchboard( key set)?`; see `switchboard( key set)? --help`\.$/,
      );
      expect(sentence).not.toContain('sk-ant');
    }
  });

  it('say a command is unknown without repeating it', () => {
    expect(parse([SECRET])).toBe('unknown command: that is not a command of `switchboard`; see `switchboard --help`.');
    expect(parse(['key', SECRET])).toBe('unknown command: that is not a command of `switchboard key`; see `switchboard key --help`.');
  });

  it('count excess arguments without repeating them', () => {
    expect(parse(['key', 'list', 'Acme', SECRET])).toBe(
      'too many arguments: `switchboard key list` takes at most 1; see `switchboard key list --help`.',
    );
  });

  it('name the option whose value is refused, and its choices, but not the value', () => {
    expect(parse(['workspace', 'mode', 'Acme', '--to', SECRET])).toBe(
      'invalid value: the value given for --to is not accepted by `switchboard workspace mode` (it must be one of byok, bundled); see `switchboard workspace mode --help`.',
    );
  });

  it('keep Commander’s sentence where it quotes only our own names', () => {
    expect(parse(['key', 'list'])).toBe("missing required argument 'ws'. See `switchboard key list --help`.");
    expect(parse(['key', 'set', 'Acme', 'anthropic', '--env'])).toBe(
      "option '--env <env>' argument missing. See `switchboard key set --help`.",
    );
  });
});
