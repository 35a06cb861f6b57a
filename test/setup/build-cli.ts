/**
 * Vitest global set-up: builds the app (with the CLI bundle that real-process tests run) when any
 * source is newer than the bundle, so those tests never run yesterday's code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const bundle = join(root, 'out', 'main', 'cli.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds when the bundle is missing or older than electron/, shared/ or the build config. */
export default function setup(): void {
  const sources = Math.max(
    newest(join(root, 'electron')),
    newest(join(root, 'shared')),
    statSync(join(root, 'electron.vite.config.ts')).mtimeMs,
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  const built = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`The CLI bundle could not be built for the real-process tests:\n${built.stderr}`);
}
