/**
 * The voice runner against simulators with realistic latencies (Deepgram results 50 ms after the
 * audio, Claude's first token at 350 ms then 15 ms a token, Cartesia's first audio at 90 ms), at 1
 * and 25 concurrent calls. The simulators (carrier, STT, LLM, TTS) run in a child process
 * (voice-sims-child.ts), so this process holds only the runner, as in production. Each call:
 * greeting, a caller turn, a long reply the caller barges into, a second turn the agent ends.
 *
 * Printed per load: the runner's own overhead per turn (final transcript → first audio frame to
 * the carrier, minus provider time) p50/p99; outbound frame send lateness p99 (each frame's send
 * against its 20 ms slot, runner side) and arrival jitter p99 at the carrier simulator (the other
 * process); barge-in reaction (the STT event → `clear` sent) p99; voice-to-voice latency per turn
 * (caller stops → first agent audio arrives, carrier side) beside Pipecat's published 500–800 ms;
 * the lateness of an idle process's own 20 ms timer over the same seconds (voice-floor-child.ts:
 * on a shared machine no frame can be more punctual than that) with the load average; and the runner process's CPU and peak RSS growth per call. The 25-call load runs twice: with the
 * shared 20 ms frame clock (the runner's default) and with one timer per call (the pacing it
 * replaced, per-call-frames.ts), the baseline its ratios are printed against.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BargeInMetric, TurnMetric } from '../../electron/core/voice/session/call-session';
import { VoiceRunner } from '../../electron/core/voice/runner/runner';
import { realClock } from '../../electron/core/voice/clock';
import type { CallEnd } from '../../electron/core/voice/call/placed-call';
import { makeCore } from '../helpers/core';
import { RIG_AGENT } from '../helpers/voice-rig';
import { PerCallFrames } from './per-call-frames';
import { LATENCY, type CallReport, type FromChild, type ToChild } from './voice-sims-child';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN);
};
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `×${(a / b).toFixed(2)}` : '—');

interface LoadFigures {
  readonly label: string;
  readonly calls: number;
  readonly overheadP50: number;
  readonly overheadP99: number;
  readonly sendLateP50: number;
  readonly sendLateP99: number;
  readonly sendLateMax: number;
  readonly floorP99: number;
  readonly loadAvg: number;
  readonly jitterP99: number;
  readonly bargeP99: number;
  readonly v2vP50: number;
  readonly v2vP99: number;
  readonly cpuMsPerCall: number;
  readonly rssMbPerCall: number;
  readonly simCpuMsPerCall: number;
  readonly outcomes: string;
  readonly errors: string[];
}

/** The simulators' process, with a typed request/answer channel. */
class Sims {
  private readonly waiters: ((m: FromChild) => boolean)[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromChild) => {
      const i = this.waiters.findIndex((w) => w(m));
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  static async start(): Promise<Sims> {
    const child = fork(join(__dirname, 'voice-sims-child.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.setMaxListeners(100);
    const sims = new Sims(child);
    await sims.next((m) => m.type === 'started');
    return sims;
  }

  /** Ends the process if it is still there (a failed run). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  send(m: ToChild): void {
    this.child.send(m);
  }

  next<T extends FromChild>(match: (m: FromChild) => m is T): Promise<T>;
  next(match: (m: FromChild) => boolean): Promise<FromChild>;
  next(match: (m: FromChild) => boolean): Promise<FromChild> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`The simulators' process exited (${String(code)}).`));
      this.child.once('exit', onExit);
      this.waiters.push((m) => {
        if (!match(m)) return false;
        this.child.off('exit', onExit);
        resolve(m);
        return true;
      });
    });
  }
}

async function load(calls: number, pacing: 'shared' | 'per-call', label: string): Promise<LoadFigures> {
  const sims = await Sims.start();
  sims.send({ type: 'setup', calls });
  const ready = await sims.next((m): m is Extract<FromChild, { type: 'ready' }> => m.type === 'ready');
  const core = await makeCore({ env: ready.env, checkTimeoutMs: 5_000 });
  const turns: TurnMetric[] = [];
  const barges: BargeInMetric[] = [];
  const late: number[] = [];
  // The runner's default is one shared 20 ms tick; the baseline gives every call a timer of its own.
  const frames = pacing === 'per-call' ? new PerCallFrames(realClock()) : undefined;
  const runner = new VoiceRunner(core.voiceDeps, { onTurn: (m) => turns.push(m), onBargeIn: (m) => barges.push(m), onFrame: (ms) => late.push(ms), maxCalls: 50, frames });
  try {
    const ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
    for (const provider of ['anthropic', 'cartesia', 'deepgram', 'twilio'] as const) {
      const key = core.credentials.add({ workspaceId: ws, provider, fields: ready.fields[provider] ?? {} }, 'console');
      const check = await core.checks.test(key.id, 'console');
      if (check.status === 'invalid' || check.status === 'unreachable') throw new Error(`The ${provider} key did not check out against its simulator: ${check.summary}`);
    }
    core.onboarding.complete(ws, 'console');
    const agent = core.agents.create(ws, RIG_AGENT, 'console');
    const port = await runner.start();
    runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
    global.gc?.();
    const floor = fork(join(__dirname, 'voice-floor-child.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const floorLate = new Promise<number[]>((resolve) => floor.once('message', (m: number[]) => resolve(m)));
    const cpu0 = process.cpuUsage();
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const results = await Promise.all(
      Array.from({ length: calls }, async (_, i): Promise<{ end: CallEnd; report: CallReport }> => {
        const to = `+1415555${String(1000 + i)}`;
        const placed = await runner.place({ workspaceId: ws, agentId: agent.id, to, actor: 'console', test: true });
        const report = sims.next((m): m is Extract<FromChild, { type: 'call' }> => m.type === 'call' && m.to === to);
        sims.send({ type: 'answer', to });
        const [end, r] = await Promise.all([placed.done, report]);
        return { end, report: r };
      }),
    );
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const loadAvg = loadavg()[0] ?? NaN;
    floor.send('stop');
    const floorMs = await floorLate;
    sims.send({ type: 'close' });
    const closed = await sims.next((m): m is Extract<FromChild, { type: 'closed' }> => m.type === 'closed');
    const v2v = results.flatMap((r) => r.report.v2v).filter(Number.isFinite);
    const tally = new Map<string, number>();
    for (const { end } of results) tally.set(end.outcome, (tally.get(end.outcome) ?? 0) + 1);
    const overhead = turns.map((t) => t.overheadMs);
    return {
      label,
      calls,
      overheadP50: pct(overhead, 50),
      overheadP99: pct(overhead, 99),
      sendLateP50: pct(late, 50),
      sendLateP99: pct(late, 99),
      sendLateMax: late.length ? Math.max(...late) : NaN,
      floorP99: pct(floorMs, 99),
      loadAvg,
      jitterP99: pct(results.flatMap((r) => r.report.jitter), 99),
      bargeP99: pct(barges.map((b) => b.reactionMs), 99),
      v2vP50: pct(v2v, 50),
      v2vP99: pct(v2v, 99),
      cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
      rssMbPerCall: (rssPeak - rss0) / 1024 / 1024 / calls,
      simCpuMsPerCall: closed.cpuMs / calls,
      outcomes: [...tally].map(([k, v]) => `${v} ${k}`).join(', '),
      errors: results.flatMap((r) => (r.report.error ? [r.report.error] : [])),
    };
  } finally {
    await runner.stop();
    core.dispose();
    sims.kill();
  }
}

/** Runs the voice benchmark and prints its figures. */
export async function run(): Promise<void> {
  console.log(`\n## Voice runner (simulators in a child process: Deepgram +${LATENCY.deepgramMs} ms, Claude first token ${LATENCY.claudeFirstTokenMs} ms then ${LATENCY.claudeTokenMs} ms a token, Cartesia first audio ${LATENCY.cartesiaFirstChunkMs} ms)`);
  const rows = [await load(1, 'shared', 'shared 20 ms clock'), await load(25, 'per-call', 'one timer per call (baseline)'), await load(25, 'shared', 'shared 20 ms clock')];
  console.log('calls | pacing | overhead/turn p50 / p99 (≤ 5 ms) | frame send lateness p50 / p99 (≤ 5 ms) / max | idle process 20 ms timer lateness p99 (machine floor) | load avg | arrival jitter p99 at the carrier | barge-in p99 | voice-to-voice p50 / p99 (Pipecat 500–800 ms) | runner CPU/call | runner RSS/call | simulators CPU/call | outcomes');
  for (const r of rows) {
    console.log(
      `${String(r.calls).padStart(5)} | ${r.label} | ${f1(r.overheadP50)} / ${f1(r.overheadP99)} ms | ${f1(r.sendLateP50)} / ${f1(r.sendLateP99)} / ${f1(r.sendLateMax)} ms | ${f1(r.floorP99)} ms | ${r.loadAvg.toFixed(1)} | ${f1(r.jitterP99)} ms | ${f1(r.bargeP99)} ms | ${f1(r.v2vP50)} / ${f1(r.v2vP99)} ms | ${Math.round(r.cpuMsPerCall)} ms | ${f1(r.rssMbPerCall)} MB | ${Math.round(r.simCpuMsPerCall)} ms | ${r.outcomes}`,
    );
    if (r.errors.length > 0) console.log(`      ${r.errors.length} call(s) failed on the carrier side: ${[...new Set(r.errors)].join('; ')}`);
  }
  const [one, base, shared] = rows as [LoadFigures, LoadFigures, LoadFigures];
  console.log(`25 calls, shared clock vs one timer per call (baseline, same run): send lateness p99 ${ratio(shared.sendLateP99, base.sendLateP99)}, arrival jitter p99 ${ratio(shared.jitterP99, base.jitterP99)}, overhead p99 ${ratio(shared.overheadP99, base.overheadP99)}, runner CPU/call ${ratio(shared.cpuMsPerCall, base.cpuMsPerCall)}`);
  console.log(`25 calls vs 1 (shared clock): overhead p99 ${ratio(shared.overheadP99, one.overheadP99)}, send lateness p99 ${ratio(shared.sendLateP99, one.sendLateP99)}, voice-to-voice p50 ${ratio(shared.v2vP50, one.v2vP50)}`);
}
