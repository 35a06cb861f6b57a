/**
 * A legitimate carrier request's latency while unauthenticated requests flood the media server.
 * A voice runner on 127.0.0.1 with one registered Twilio call; a signed status callback for it is
 * sent one at a time from a process of its own (refusal-flood-legit-child.ts, as a carrier is) and
 * timed there (p50/p99): first on a quiet server, then while another process
 * (refusal-flood-child.ts) posts forged callbacks over 32 (and 512) connections, each sending its
 * next as soon as the last is answered. As built, refusals are counted and summarised and their
 * answers held by the tarpit; the baselines, wired in here only, answer at once, and append every
 * refusal to the audit log (the earlier behaviour). Target: the flooded p99 within 2× the quiet one.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/** Times the legitimate callbacks from a process of its own (refusal-flood-legit-child.ts). */
async function legit(port: number, statusUrl: string, callId: string): Promise<number[]> {
  const params = { CallSid: callId, CallStatus: 'ringing' };
  const job = {
    port,
    path: new URL(statusUrl).pathname,
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(AUTH, statusUrl, params),
    samples: SAMPLES,
  };
  const child = fork(join(__dirname, 'refusal-flood-legit-child.ts'), [], { execArgv: ['--import', 'tsx'] });
  const times = new Promise<number[]>((resolve, reject) => {
    child.once('message', (m: { times: number[] }) => resolve(m.times));
    child.once('exit', (code) => reject(new Error(`The legitimate carrier's process ended (${code}) before it reported.`)));
  });
  child.send(job);
  return times;
}

interface Load {
  /** Refusals counted and summarised (as built), or each appended to the audit log (the earlier behaviour). */
  readonly audit: 'counted' | 'each';
  /** The tarpit's hold (tarpit.ts): 250 ms as built, 0 answers at once (the earlier behaviour). */
  readonly refusalDelayMs: number;
  /** Connections the flood keeps busy; 0 for a quiet server. */
  readonly connections: number;
}

async function measure(label: string, load: Load): Promise<{ p50: number; p99: number; rows: number; flood: number }> {
  const core = await makeCore();
  const runner = new VoiceRunner(core.voiceDeps, { refusalDelayMs: load.refusalDelayMs });
  const port = await runner.start();
  runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
  // The bench reaches into the runner for its media server: a call registered as a dial would.
  const internals = runner as unknown as { media: MediaServer; refusals: { add(r: Refusal): void; flush(): void } };
  if (load.audit === 'each')
    internals.refusals = {
      add: (r) => core.audit.append({ actor: 'system', action: 'call.refused', detail: { reason: r.reason, ref: r.ref } }),
      flush: () => undefined,
    };
  const callId = `CA${randomBytes(16).toString('hex')}`;
  const e = internals.media.expect({
    token: randomBytes(24).toString('base64url'),
    carrier: 'twilio',
    signingSecret: AUTH,
    callId,
    onLeg: () => undefined,
    onStatus: () => undefined,
  });
  const rowsBefore = core.audit.verify().rows;
  const child =
    load.connections === 0
      ? null
      : fork(join(__dirname, 'refusal-flood-child.ts'), [String(port), String(load.connections)], { execArgv: ['--import', 'tsx'] });
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
  console.log(
    `  ${label.padEnd(58)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  forged requests ${String(flood).padStart(6)}  audit rows added ${rows}`,
  );
  return r;
}

/** Prints the legitimate request's p50/p99 on a quiet server and under floods, as built and as before. */
export async function run(): Promise<void> {
  console.log(`refusal flood: a signed Twilio status callback, ${SAMPLES} sequential samples per load, timed from a process of its own`);
  const quiet = await measure('quiet server', { audit: 'counted', refusalDelayMs: 250, connections: 0 });
  const built = await measure('flood ×32, counted, refusals held 250 ms (as built)', {
    audit: 'counted',
    refusalDelayMs: 250,
    connections: 32,
  });
  const wide = await measure('flood ×512, counted, refusals held 250 ms (as built)', {
    audit: 'counted',
    refusalDelayMs: 250,
    connections: 512,
  });
  const counted = await measure('flood ×32, counted, answered at once', { audit: 'counted', refusalDelayMs: 0, connections: 32 });
  const each = await measure('flood ×32, each audited, answered at once (earlier)', { audit: 'each', refusalDelayMs: 0, connections: 32 });
  const ratio = (r: { p99: number }): string => `${(r.p99 / quiet.p99).toFixed(2)}×`;
  console.log(
    `  p99 under flood / quiet: ${ratio(built)} as built (×32), ${ratio(wide)} as built (×512), ${ratio(counted)} counted but answered at once, ${ratio(each)} earlier (target ≤ 2×)`,
  );
}
