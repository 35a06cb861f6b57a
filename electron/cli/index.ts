/** The `switchboard` command. */
import { interruptedSentence, runCli } from './program';

// A reader that went away (`switchboard providers | head -1`) is not an error: the rest of the
// output is dropped, the command finishes its work, and the process ends without a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.stdout.write = (() => true) as typeof process.stdout.write;
});

let command: string | null = null;
// Ctrl-C during a command with no pause of its own (`campaign run` pauses, `voice serve` stops its
// calls): say what was and was not written, then end as a shell expects (128 + SIGINT).
process.on('SIGINT', () => {
  if (process.listenerCount('SIGINT') > 1) return;
  process.stderr.write(`\nswitchboard: ${interruptedSentence(command)}\n`);
  process.exit(130);
});

void runCli(process.argv.slice(2), { onCommand: (path) => (command = path) }).then((code) => {
  process.exitCode = code;
});
