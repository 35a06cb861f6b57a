/**
 * The `switchboard` CLI as its own operating-system process, always: for the tests whose point is
 * separate processes (racing first set-ups) or a real pipe (a reader that goes away early).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cliArgv } from './cli';

/** What one process printed and returned. */
export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const root = join(__dirname, '..', '..');

/** Options of one run. */
export interface ProcessOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 240 s: only a hang takes that long, even twenty at once on a loaded machine). */
  readonly timeoutMs?: number;
  /** Close our end of its stdout after this many bytes, as `| head -c N` would (0: before any). */
  readonly closeStdoutAfter?: number;
}

/** Runs `switchboard <args>` in a child process of its own. */
export function runCliProcess(args: readonly string[], opts: ProcessOptions = {}): Promise<ProcessRun> {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  const child = spawn(process.execPath, cliArgv(args), { cwd: root, env: env as NodeJS.ProcessEnv });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const limit = opts.closeStdoutAfter;
    if (limit === 0) child.stdout.destroy();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (limit !== undefined && stdout.length >= limit) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}
