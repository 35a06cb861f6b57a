/**
 * A legitimate carrier request's latency while unauthenticated requests flood the media server.
 * A voice runner on 127.0.0.1 with one registered Twilio call; a signed status callback for it is
 * sent one at a time and timed (p50/p99), first on a quiet server, then while a child process
 * (refusal-flood-child.ts) posts forged callbacks over 32 connections as fast as they are answered.
 * The flood runs twice: with refusals counted and summarised (the runner as it is), and with each
 * refusal appended to the audit log as it happens (the earlier behaviour, wired in here only), the
 * baseline the first is compared against. Target: the flooded p99 within 2× the quiet one.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import twilio from 'twilio';
import type { MediaServer, Refusal } from '../../electron/core/voice/runner/media-server';
import { VoiceRunner } from '../../electron/core/voice/runner/runner';
import { makeCore } from '../helpers/core';

const AUTH = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const SAMPLES = 1500;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function post(port: number, path: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function legit(port: number, statusUrl: string, callId: string): Promise<number[]> {
  const params = { CallSid: callId, CallStatus: 'ringing' };
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(AUTH, statusUrl, params);
  const path = new URL(statusUrl).pathname;
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    const status = await post(port, path, body, signature);
    if (status !== 204) throw new Error(`The legitimate callback was answered ${status}.`);
    times.push(performance.now() - t);
  }
  return times;
}

async function measure(label: string, mode: 'quiet' | 'counted' | 'each-audited'): Promise<{ p50: number; p99: number; rows: number; flood: number }> {
  const core = await makeCore();
  const runner = new VoiceRunner(core.voiceDeps);
  const port = await runner.start();
  runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
  // The bench reaches into the runner for its media server: a call registered as a dial would.
  const internals = runner as unknown as { media: MediaServer; refusals: { add(r: Refusal): void; flush(): void } };
  if (mode === 'each-audited') internals.refusals = { add: (r) => core.audit.append({ actor: 'system', action: 'call.refused', detail: { reason: r.reason, ref: r.ref } }), flush: () => undefined };
  const callId = `CA${randomBytes(16).toString('hex')}`;
  const e = internals.media.expect({ token: randomBytes(24).toString('base64url'), carrier: 'twilio', signingSecret: AUTH, callId, onLeg: () => undefined, onStatus: () => undefined });
  const rowsBefore = core.audit.verify().rows;
  const child = mode === 'quiet' ? null : fork(join(__dirname, 'refusal-flood-child.ts'), [String(port), '32'], { execArgv: ['--import', 'tsx'] });
  // Let the flood reach full speed before timing.
  if (child) await new Promise((r) => setTimeout(r, 1500));
  const times = await legit(port, e.statusUrl, callId);
  let flood = 0;
  if (child) {
    flood = await new Promise<number>((resolve) => {
      child.once('message', (m: { sent: number }) => resolve(m.sent));
      child.send('stop');
    });
  }
  const rows = core.audit.verify().rows - rowsBefore;
  await runner.stop();
  core.dispose();
  const r = { p50: pct(times, 50), p99: pct(times, 99), rows, flood };
  console.log(`  ${label.padEnd(44)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  forged requests ${String(flood).padStart(6)}  audit rows added ${rows}`);
  return r;
}

/** Prints the legitimate request's p50/p99 quiet, flooded (refusals counted) and flooded (each refusal audited). */
export async function run(): Promise<void> {
  console.log(`refusal flood: a signed Twilio status callback, ${SAMPLES} sequential samples per load`);
  const quiet = await measure('quiet server', 'quiet');
  const counted = await measure('flood, refusals counted (as built)', 'counted');
  const each = await measure('flood, each refusal audited (earlier)', 'each-audited');
  console.log(`  p99 under flood / quiet: ${(counted.p99 / quiet.p99).toFixed(2)}× counted, ${(each.p99 / quiet.p99).toFixed(2)}× each audited (target ≤ 2×)`);
}
