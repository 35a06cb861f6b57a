/**
 * The installed `switchboard` command as an operator's shell runs it: `bin/switchboard.mjs` over the
 * built bundle, in a real process, started by whichever Node the shell finds first.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';

const root = join(__dirname, '..', '..', '..');
const command = join(root, 'bin', 'switchboard.mjs');
const pinned = realpathSync(join(root, 'node_modules', 'node', 'bin', 'node'));

/** Every distinct Node on PATH besides the project's pinned one (a machine's own, often older). */
function machineNodes(): string[] {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'node'))
    .filter((path) => existsSync(path));
  return [...new Set(found.map((path) => realpathSync(path)))].filter((path) => path !== pinned);
}

function run(node: string, args: readonly string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [command, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

const majorOf = async (node: string): Promise<number> => {
  const r = await new Promise<string>((resolve) => {
    let out = '';
    const child = spawn(node, ['-p', 'process.versions.node']);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', () => resolve(out.trim()));
  });
  return Number(r.split('.')[0]);
};

describe('the installed switchboard command', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const env = (): Record<string, string> => ({ SWITCHBOARD_DATA_DIR: dir });

  it('stores a key read from standard input and lists it masked, with the CLI contract’s exit codes', async () => {
    expect(await run(pinned, ['workspace', 'create', 'Acme', '--json'], env())).toMatchObject({ code: 0 });
    const set = await run(pinned, ['key', 'set', 'Acme', 'anthropic', '--offline'], env(), JSON.stringify(FAKE.anthropic));
    expect(set.code).toBe(0);
    const listed = await run(pinned, ['key', 'list', 'Acme', '--json'], env());
    expect(JSON.parse(listed.stdout)).toMatchObject([{ provider: 'anthropic', hints: { apiKey: expect.stringMatching(/^sk-ant-…/) } }]);
    expect(listed.stdout + set.stdout + set.stderr).not.toContain(FAKE.anthropic.apiKey);
    const bad = await run(pinned, ['workspace', 'create', 'X', '--mode', 'cheap'], env());
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: 'switchboard: The mode must be byok or bundled.\n' });
  });

  it('runs under every other Node on the PATH: a current one directly, an older one by running itself again under the project’s own', async () => {
    const nodes = machineNodes();
    for (const node of nodes) {
      const r = await run(node, ['workspace', 'list', '--json'], env());
      expect(r.stderr, node).toBe('');
      expect(r.code, node).toBe(0);
      expect(
        (JSON.parse(r.stdout) as { name: string }[]).map((w) => w.name),
        node,
      ).toContain('Acme');
    }
  });

  it('says in one sentence which Node it needs when it cannot run itself again, never a crash', async () => {
    const older: string[] = [];
    for (const node of machineNodes()) if ((await majorOf(node)) < (await majorOf(pinned))) older.push(node);
    // Without an older Node on this machine there is nothing to refuse; the pinned one must still run.
    for (const node of older) {
      const r = await run(node, ['workspace', 'list'], { ...env(), SWITCHBOARD_NODE_REEXEC: '1' });
      expect(r.code, node).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^switchboard: This needs Node\.js \d+ or newer \(this is Node\.js [\d.]+\); run `npm install` in the Switchboard folder, which brings its own, or install Node\.js \d+\.\n$/,
      );
    }
    expect((await run(pinned, ['workspace', 'list'], { ...env(), SWITCHBOARD_NODE_REEXEC: '1' })).code).toBe(0);
  });
});
