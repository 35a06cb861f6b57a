#!/usr/bin/env node
// Runs the vitest suite (unit + integration) with the machine's clock moved to several hours of
// the day, so a test that only passes while some time zone is awake shows up before a nightly run
// does. Needs libfaketime (Debian/Ubuntu: apt-get install faketime).
//
//   node scripts/suite-at-hours.mjs [--date YYYY-MM-DD] [--hours 00:30,04:31] [--no-tz] [-- vitest filters…]
//
// Each run shifts the clock by a fixed offset (faketime's "+N seconds" form) rather than starting
// it at a timestamp: every process of the run (vitest's forks, a CLI child) then reads the same
// advancing clock, and timers behave as they do for real. A frozen clock would break them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const DEFAULT_HOURS = ['00:30', '04:31', '08:59', '20:59', '23:59'];
/** One more run in a zone ahead of UTC by a half hour, at an hour where its local date is already tomorrow. */
const TZ_RUN = { hour: '20:59', tz: 'Asia/Kolkata' };

function usage(message) {
  console.error(`suite-at-hours: ${message}`);
  console.error('usage: suite-at-hours [--date YYYY-MM-DD] [--hours HH:MM,HH:MM…] [--no-tz] [-- vitest filters…]');
  process.exit(2);
}

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash === -1 ? argv : argv.slice(0, dash);
const filters = dash === -1 ? [] : argv.slice(dash + 1);
let date = new Date().toISOString().slice(0, 10);
let hours = DEFAULT_HOURS;
let withTz = true;
for (let i = 0; i < own.length; i += 1) {
  const a = own[i];
  if (a === '--date') date = own[++i] ?? usage('--date needs a day, e.g. 2026-12-04');
  else if (a === '--hours') hours = (own[++i] ?? usage('--hours needs a list, e.g. 00:30,04:31')).split(',');
  else if (a === '--no-tz') withTz = false;
  else filters.push(a);
}
if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
  usage(`${date} is not a day in the form YYYY-MM-DD`);
for (const h of hours) if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(h)) usage(`${h} is not an hour in the form HH:MM`);
if (spawnSync('sh', ['-c', 'command -v faketime'], { stdio: 'ignore' }).status !== 0)
  usage('faketime is not installed (apt-get install faketime)');

const runs = hours.map((hour) => ({ hour, tz: 'UTC' }));
if (withTz) runs.push(TZ_RUN);

const logs = mkdtempSync(join(tmpdir(), 'switchboard-hours-'));
const results = [];
for (const [n, run] of runs.entries()) {
  const label = `${date} ${run.hour} UTC${run.tz === 'UTC' ? '' : `, TZ=${run.tz}`}`;
  const report = join(logs, `run-${n}.json`);
  const log = join(logs, `run-${n}.log`);
  console.log(`\n▶ ${label}`);
  // Computed just before the run starts, so the suite begins at the hour asked for.
  const offset = Math.round((Date.parse(`${date}T${run.hour}:00Z`) - Date.now()) / 1000);
  const started = Date.now();
  const cmd = [
    'scripts/with-keyring.mjs',
    // -m: the multi-threaded libfaketime, since Node reads the clock from several threads.
    'faketime',
    '-m',
    '-f',
    `${offset >= 0 ? '+' : ''}${offset}`,
    'npx',
    'vitest',
    'run',
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...filters,
  ];
  const res = spawnSync(process.execPath, cmd, { env: { ...process.env, TZ: run.tz }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  writeFileSync(log, output);
  let counts = null;
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    const failed = j.testResults.flatMap((f) =>
      f.assertionResults.filter((t) => t.status === 'failed').map((t) => `${relative(process.cwd(), f.name)} › ${t.fullName}`),
    );
    counts = {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      total: j.numTotalTests,
      failedNames: failed,
      suitesFailed: j.numFailedTestSuites,
    };
  } catch {
    // No report: vitest did not get as far as writing one; the log says why.
  }
  const ok = res.status === 0;
  const secs = Math.round((Date.now() - started) / 1000);
  results.push({ label, ok, counts, secs, log });
  const tally = counts
    ? `${counts.passed}/${counts.total} passed, ${counts.failed} failed${counts.suitesFailed ? `, ${counts.suitesFailed} files did not run` : ''}`
    : 'no report';
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}: ${tally} (${secs} s)`);
  if (!ok) {
    for (const name of counts?.failedNames ?? []) console.log(`      ✗ ${name}`);
    console.log(`      log: ${log}`);
  }
}

console.log('\nSuite at several hours:');
for (const r of results) {
  const tally = r.counts ? `${r.counts.passed}/${r.counts.total}` : '—';
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.label.padEnd(36)} ${tally.padStart(9)}  ${String(r.secs).padStart(4)} s`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
