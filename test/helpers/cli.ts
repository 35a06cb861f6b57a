/** Runs the real `switchboard` CLI in a child process, as an operator's shell would. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const root = join(__dirname, '..', '..');

/** Runs `switchboard <args>` with the given stdin and environment additions. */
export function runSwitchboard(args: readonly string[], opts: { stdin?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron', 'cli', 'index.ts'), ...args], {
    cwd: root,
    input: opts.stdin ?? '',
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
