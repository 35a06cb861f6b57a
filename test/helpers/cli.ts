/** Runs the real `switchboard` CLI in a child process, as an operator's shell would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const root = join(__dirname, '..', '..');

/** A started CLI process: its handle (to kill it) and what it will have printed and returned. */
export interface CliChild {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** Options of a CLI run. */
export interface CliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 60 s); loaded machines running many CLIs at once need more. */
  readonly timeoutMs?: number;
}

/** Starts `switchboard <args>` and returns at once, so a test can signal the process while it works. */
export function startSwitchboard(args: readonly string[], opts: CliOptions = {}): CliChild {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'cli', 'index.ts'), ...args], { cwd: root, env: env as NodeJS.ProcessEnv });
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    // A child killed before it read its stdin makes this write fail with EPIPE; that is expected.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.stdin ?? '');
  });
  return { child, done };
}

/**
 * Runs `switchboard <args>` with the given stdin and environment additions. Asynchronous, so
 * simulators living in the test process keep answering while the CLI runs.
 */
export function runSwitchboard(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  return startSwitchboard(args, opts).done;
}
