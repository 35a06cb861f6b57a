#!/usr/bin/env node
// The installed `switchboard` command: the CLI bundle built by `npm run build`.
//
// The native modules (better-sqlite3 above all) need the Node.js release this project pins; an
// older Node loads them and dies with a bare segmentation fault. So the command first checks the
// Node it was started with: if that is too old, it runs itself again under the project's own
// pinned Node (installed by `npm install`), or says in one sentence which Node it needs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');

/** The oldest Node major the native modules accept (their `engines` field says `>=N`). */
function neededMajor() {
  try {
    const engines = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).engines?.node ?? '';
    const match = /(\d+)/.exec(engines);
    return match ? Number(match[1]) : 22;
  } catch {
    return 22;
  }
}

const needed = neededMajor();
const running = Number(process.versions.node.split('.')[0]);
if (running < needed) {
  const pinned = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(pinned) || process.env.SWITCHBOARD_NODE_REEXEC === '1') {
    console.error(
      `switchboard: This needs Node.js ${needed} or newer (this is Node.js ${process.versions.node}); run \`npm install\` in the Switchboard folder, which brings its own, or install Node.js ${needed}.`,
    );
    process.exit(2);
  }
  // The child gets the terminal's Ctrl-C itself and decides what it means; this process only waits.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_NODE_REEXEC: '1' },
  });
  child.on('error', () => {
    console.error(`switchboard: The project's own Node.js could not be started; install Node.js ${needed} or newer.`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
} else {
  if (!existsSync(built)) {
    console.error(
      'switchboard: The CLI is not built yet: run `npm run build` in the Switchboard folder first (or use `npm run switchboard -- …`).',
    );
    process.exit(2);
  }
  await import(pathToFileURL(built).href);
}
