/**
 * A private mount namespace (unshare -rm: a user namespace maps us to root in it, so no real
 * privilege is needed) where a test mounts a tiny tmpfs or remounts a folder read-only, and runs
 * the real CLI against it with nsenter. The mounts vanish with the namespace; nothing outside sees them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type CliRun, cliArgv } from './cli';

const root = join(__dirname, '..', '..');

/** Whether this machine lets us make a user + mount namespace, mount a tmpfs in it and enter it again. */
export function namespacesWork(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt && echo ok'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const nsenter = spawnSync('sh', ['-c', 'command -v nsenter'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'ok' && nsenter.status === 0;
}

/** Standard input and environment additions (undefined removes a variable). */
export interface RunOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
}

/** A namespace kept alive until closed. */
export interface Namespace {
  /** Runs a shell script inside it (mount, fill a disk, remount). */
  sh(script: string): Promise<CliRun>;
  /** Runs `switchboard <args>` inside it. */
  cli(args: readonly string[], opts?: RunOptions): Promise<CliRun>;
  /** Runs a TypeScript file of this repository inside it, with Node and tsx. */
  node(file: string, opts?: RunOptions): Promise<CliRun>;
  close(): Promise<void>;
}

function collect(child: ChildProcess, stdin: string, timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdin);
  });
}

/** Starts a namespace and runs `setup` (e.g. a mount) in it; rejects if setup fails. */
export async function openNamespace(setup: string): Promise<Namespace> {
  // unshare execs the shell in the new namespaces without forking, so the child's pid is inside them;
  // `exec cat` then holds them open until we close its stdin.
  const holder = spawn('unshare', ['-rm', 'sh', '-c', `${setup} && echo ready && exec cat`], { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    holder.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    holder.stdout
      .setEncoding('utf8')
      .once('data', (d: string) => (d.includes('ready') ? resolve() : reject(new Error(`namespace setup said: ${d}`))));
    holder.once('exit', (code) => reject(new Error(`namespace setup failed (${code}): ${err.trim()}`)));
  });
  const enter = (argv: readonly string[], env: NodeJS.ProcessEnv): ChildProcess =>
    spawn('nsenter', ['-t', String(holder.pid), '-U', '-m', '--preserve-credentials', `--wd=${root}`, '--', ...argv], { cwd: root, env });
  const run = (argv: readonly string[], opts: RunOptions): Promise<CliRun> => {
    const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
    return collect(enter([process.execPath, ...argv], env as NodeJS.ProcessEnv), opts.stdin ?? '', 240_000);
  };
  return {
    sh: (script) => collect(enter(['sh', '-c', script], process.env), '', 60_000),
    cli: (args, opts = {}) => run(cliArgv(args), opts),
    node: (file, opts = {}) => run(['--import', 'tsx', file], opts),
    close: () =>
      new Promise<void>((resolve) => {
        if (holder.exitCode !== null) return resolve();
        holder.once('exit', () => resolve());
        holder.stdin.end();
      }),
  };
}
