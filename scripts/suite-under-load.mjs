#!/usr/bin/env node
// `npm run test:load`: the unit and integration suite while busy loops hold every core, as on a
// developer's machine that is compiling, or a CI runner shared with other jobs. A test that fails
// only here depends on how fast the machine is: it must wait for an event, not for a time.
//
//   node scripts/suite-under-load.mjs [--loops N] [--all] [-- vitest filters…]
//
// --all runs the whole of `npm test` (typecheck, lint, build, unit + integration, end-to-end) instead.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash === -1 ? argv : argv.slice(0, dash);
const filters = dash === -1 ? [] : argv.slice(dash + 1);
let loops = availableParallelism();
let all = false;
for (let i = 0; i < own.length; i += 1) {
  if (own[i] === '--loops') loops = Number(own[++i]);
  else if (own[i] === '--all') all = true;
  else filters.push(own[i]);
}
if (!Number.isInteger(loops) || loops < 1 || loops > 64) {
  console.error('suite-under-load: --loops takes a whole number from 1 to 64.');
  process.exit(2);
}

// Each loop spins a core at full speed until it is killed; none of them does I/O.
const busy = Array.from({ length: loops }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stop = () => busy.forEach((child) => child.kill('SIGKILL'));
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

const what = all ? 'npm test' : 'unit + integration';
console.log(`Running ${what} with ${loops} busy loop(s) holding the cores…`);
const started = Date.now();
const command = all ? ['scripts/test.mjs'] : ['scripts/with-keyring.mjs', 'npx', 'vitest', 'run', ...filters];
const res = spawnSync(process.execPath, command, { stdio: 'inherit' });
stop();
const secs = Math.round((Date.now() - started) / 1000);
console.log(`\n${res.status === 0 ? 'PASS' : 'FAIL'}  ${what} under ${loops} busy loop(s): ${secs} s`);
process.exit(res.status === 0 ? 0 : 1);
