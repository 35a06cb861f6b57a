#!/usr/bin/env node
// npm runs no package install scripts it has not been told to trust, and Electron's binary is
// fetched by one. `npm start` fetches it on first use instead, where the network allows.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('electron/package.json'));
const pathFile = join(dir, 'path.txt');
if (existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8')))) process.exit(0);
console.log('Fetching the Electron runtime (first start only)…');
const r = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8' });
if (r.status !== 0) {
  // The installer prints a stack trace; its first line says what went wrong.
  const cause = `${r.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  console.error(
    `Could not fetch the Electron runtime (${cause.trim().slice(0, 160)}). The CLI (npm run switchboard -- …) works without it.`,
  );
  process.exit(1);
}
