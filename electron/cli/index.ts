/** The `switchboard` command. */
import { runCli } from './program';

// A reader that went away (`switchboard providers | head -1`) is not an error: the rest of the
// output is dropped, the command finishes its work, and the process ends without a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.stdout.write = (() => true) as typeof process.stdout.write;
});

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
