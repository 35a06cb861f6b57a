#!/usr/bin/env node
// `npm test`: every stage runs even when an earlier one fails (a lint error must not hide a broken
// end-to-end test), then a summary names each stage, its result and its wall time. The build comes
// before the suites: the real-process CLI tests and the end-to-end tests both run what it builds.
import { spawnSync } from 'node:child_process';

const STAGES = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['build', ['run', 'build']],
  ['unit + integration', ['run', 'test:unit']],
  ['end-to-end', ['run', 'test:e2e']],
];

const npm = process.env.npm_execpath;
const results = [];
for (const [name, args] of STAGES) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  // npm_execpath is npm's own CLI script when run through npm; otherwise the npm on PATH.
  const res = npm
    ? spawnSync(process.execPath, [npm, ...args], { stdio: 'inherit' })
    : spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ name, ok: res.status === 0, secs: Math.round((Date.now() - started) / 1000) });
}

console.log('\nnpm test:');
for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(20)} ${String(r.secs).padStart(5)} s`);
const total = results.reduce((sum, r) => sum + r.secs, 0);
console.log(`  ${results.every((r) => r.ok) ? 'all passed' : `${results.filter((r) => !r.ok).length} stage(s) failed`} in ${total} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
