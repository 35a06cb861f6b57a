/**
 * Runs the `switchboard` CLI two ways: in this process (the command tree with injected streams,
 * environment and keychain, over the real core and SQLite), which is what almost every CLI test
 * wants; and as a real process running the built bundle, as an operator's shell would, for what
 * only a process shows (exit status, signals, several writers at once, a fresh Node runtime).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../electron/cli/program';
import type { KeyStore } from '../../electron/core/vault/keychain';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const root = join(__dirname, '..', '..');

/** The built CLI bundle (test/setup/build-cli.ts builds it before the suite when sources are newer). */
export const CLI_BUNDLE = join(root, 'out', 'main', 'cli.js');

/** The argv that starts the built CLI with this test run's Node. */
export function cliArgv(args: readonly string[]): string[] {
  return [CLI_BUNDLE, ...args];
}

/** What an in-process run is given besides its arguments. */
export interface InProcessOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
}

/** What every run of an in-process CLI shares. */
export interface InProcessBase {
  readonly env?: Record<string, string | undefined>;
  /** The keychain: the machine's Secret Service when absent. */
  readonly keyStore?: KeyStore;
  readonly now?: () => Date;
}

/**
 * A CLI that runs in this process: each call parses argv with commander, runs the command against
 * a fresh core over the real data folder, and returns what it printed and its exit code. Its
 * environment is only what is given (never this process's), so a test states everything it relies on.
 */
export function inProcessCli(base: InProcessBase = {}): (args: readonly string[], opts?: InProcessOptions) => Promise<CliRun> {
  return async (args, opts = {}) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const env: Record<string, string | undefined> = { ...base.env, ...opts.env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    const code = await runCli(args, {
      out: (line) => stdout.push(`${line}\n`),
      err: (line) => stderr.push(`${line}\n`),
      write: (text) => stdout.push(text),
      env,
      keyStore: base.keyStore,
      now: base.now,
      stdin: Readable.from([opts.stdin ?? '']),
    });
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  };
}

/** What an in-process run printed, line by line, and returned. */
export interface CliLines {
  readonly code: number;
  /** Every line printed to standard output, joined with '\n' (no newline after the last). */
  readonly out: string;
  /** Every line printed to standard error, joined the same way. */
  readonly err: string;
  /** The lines of standard output, as printed. */
  readonly outLines: readonly string[];
  /** The lines of standard error, as printed. */
  readonly errLines: readonly string[];
}

/** Where an in-process run works: its environment (nothing of this process's) and keychain, and its clock. */
export interface CliSetting {
  readonly env: Record<string, string | undefined>;
  readonly keyStore: KeyStore;
  readonly now?: () => Date;
}

/** Runs `switchboard <args>` in this process with `stdin`, collecting what it printed line by line. */
export async function runCliLines(args: readonly string[], setting: CliSetting, stdin = ''): Promise<CliLines> {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const code = await runCli(args, {
    out: (line) => outLines.push(line),
    err: (line) => errLines.push(line),
    env: setting.env,
    keyStore: setting.keyStore,
    now: setting.now,
    stdin: Readable.from([stdin]),
  });
  return { code, out: outLines.join('\n'), err: errLines.join('\n'), outLines, errLines };
}

/**
 * A CLI in this process for a test file's many commands: `setting` is read at each run (so a data
 * folder or simulator made in beforeAll is known by then), and each run returns what it printed.
 */
export function cliLines(setting: () => CliSetting): (args: readonly string[], stdin?: string) => Promise<CliLines> {
  return (args, stdin = '') => runCliLines(args, setting(), stdin);
}

/** A started CLI process: its handle (to kill it) and what it will have printed and returned. */
export interface CliChild {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** Options of a CLI process. */
export interface CliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 240 s): only a hang takes that long, even on a loaded machine. */
  readonly timeoutMs?: number;
}

/** Starts the built `switchboard <args>` and returns at once, so a test can signal the process while it works. */
export function startSwitchboard(args: readonly string[], opts: CliOptions = {}): CliChild {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const [name, value] of Object.entries(opts.env ?? {})) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, cliArgv(args), { cwd: root, env: env as NodeJS.ProcessEnv });
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
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
 * Runs the built `switchboard <args>` as a process with the given stdin and environment additions.
 * Asynchronous, so simulators living in the test process keep answering while the CLI runs.
 */
export function runSwitchboard(args: readonly string[], opts: CliOptions = {}): Promise<CliRun> {
  return startSwitchboard(args, opts).done;
}
