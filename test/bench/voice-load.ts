/**
 * One load of the voice benches: a runner in this process (as in production) placing `calls`
 * calls at once to callees and providers simulated in a child process (voice-sims-child.ts), each
 * call with an agent of its own so the simulators can tell the calls apart. Returns what the
 * runner measured (overhead, send lateness, barge-in reaction, CPU and memory, speculation) beside
 * what the simulators measured (the runner's share from the LLM's emission, voice-to-voice,
 * arrival jitter, barge-in stop at the carrier), and an idle process's own 20 ms timer lateness.
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
import {
  lineMark,
  type CallReport,
  type CalleeScript,
  type FromChild,
  type Latencies,
  type ReplyEmission,
  type ToChild,
} from './voice-sims-protocol';

/** The p-th percentile (nearest rank) of `xs`, NaN when empty. */
export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN);
};

/** Now on the absolute clock both processes share (ms): performance.timeOrigin + performance.now(). */
const absoluteNow = (): number => performance.timeOrigin + performance.now();

/**
 * The runner's share of each reply from wire to wire: a call's replies as the runner wrote them
 * (its clock's times, turned absolute and onto the child's clock) against the same replies as the
 * simulators emitted them, paired in order; a call whose counts differ is left out.
 */
function wireShares(runnerTurns: readonly TurnMetric[], emitted: readonly ReplyEmission[], offsetMs: number): number[] {
  if (runnerTurns.length !== emitted.length) return [];
  const onChild = (clockMs: number): number => performance.timeOrigin + clockMs + offsetMs;
  return runnerTurns.map((turn, index) => {
    const provider = emitted[index] as ReplyEmission;
    // A reply prepared early counts from its turn's end, as the runner counts it: waiting for the
    // caller to finish is nobody's delay.
    const turnEnd = onChild(turn.turnEndAt);
    const token = Math.max(provider.tokenAt, turnEnd);
    const audio = Math.max(provider.audioAt, turnEnd);
    return onChild(turn.ttsSentAt) - token + (onChild(turn.firstChunkAt) - audio);
  });
}

/** One load's settings. */
export interface LoadSpec {
  readonly calls: number;
  readonly label: string;
  readonly latency: Latencies;
  readonly script?: CalleeScript;
  readonly pacing?: 'shared' | 'per-call';
  readonly speculate?: boolean;
  /** Which Deepgram recogniser hears callers (default by language: Flux for these English callers). */
  readonly recogniser?: 'by-language' | 'nova-3';
  /** The callee's pause between the parts of a `pause` request (ms). */
  readonly pausedMs?: number;
}

/** What one load measured. */
export interface LoadFigures {
  readonly spec: LoadSpec;
  /** Runner side: final transcript → first frame to the carrier, minus provider time. */
  readonly overhead: number[];
  /** Simulator side: the LLM's first-piece emission → first frame at the carrier, minus the TTS's first-audio time. */
  readonly share: number[];
  /**
   * Wire to wire: the LLM simulator's write of the token completing the first piece → the runner's
   * write of that piece to the TTS, plus the TTS simulator's write of its first audio → the runner's
   * write of the first frame to the carrier (both processes' clocks on one absolute scale, their
   * offset measured). A wait of either process to read a socket counts against that process only.
   */
  readonly wireShare: number[];
  /**
   * The machine's floor for the share: a bare message the simulators' process writes every 50 ms,
   * from its write to the runner's process reading it (ms), over the same seconds as the calls. The
   * share holds two such reads (the token, the first audio) and what the runner does with them.
   */
  readonly bareRead: number[];
  /** The two processes' clock offset and the round trip it was measured within (ms). */
  readonly clockOffset: { readonly offsetMs: number; readonly rttMs: number };
  readonly sendLate: number[];
  readonly floor: number[];
  readonly loadAvg: number;
  readonly jitter: number[];
  /** Runner side: the STT event → `clear` sent. */
  readonly bargeReaction: number[];
  /** Carrier side: the caller starts sending speech → the last agent frame before the gap or `clear`. */
  readonly bargeStop: number[];
  /** Per turn, in order, flattened over calls; `v2vFirst` is each call's first turn only. */
  readonly v2v: number[];
  readonly v2vFirst: number[];
  readonly cpuMsPerCall: number;
  readonly rssMbPerCall: number;
  readonly simCpuMsPerCall: number;
  readonly firstPieceTokens: number;
  readonly speculation: {
    readonly turns: number;
    readonly started: number;
    readonly used: number;
    readonly wasted: number;
    readonly wastedTokens: number;
    readonly tokens: number;
  };
  readonly outcomes: string;
  readonly errors: string[];
}

/** The simulators' process, with a typed request/answer channel. */
class Sims {
  private readonly waiters: ((m: FromChild) => boolean)[] = [];
  /** Bare reads of the beacon (ms), once its offset is known. */
  readonly bareReads: number[] = [];
  offsetMs = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromChild) => {
      if (m.type === 'beacon') return void this.bareReads.push(absoluteNow() + this.offsetMs - m.at);
      const i = this.waiters.findIndex((w) => w(m));
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  static async start(): Promise<Sims> {
    const child = fork(join(__dirname, 'voice-sims-child.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.setMaxListeners(0);
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

  /**
   * The child's absolute clock minus this process's (ms), from the ping with the shortest round
   * trip of 30 (the child answered at the middle of it, within half the round trip).
   */
  async clockOffset(): Promise<{ offsetMs: number; rttMs: number }> {
    let best = { offsetMs: NaN, rttMs: Infinity };
    for (let ping = 0; ping < 30; ping++) {
      const at = absoluteNow();
      this.send({ type: 'ping', at });
      const pong = await this.next((m): m is Extract<FromChild, { type: 'pong' }> => m.type === 'pong' && m.at === at);
      const back = absoluteNow();
      if (back - at < best.rttMs) best = { offsetMs: pong.childAt - (at + back) / 2, rttMs: back - at };
    }
    return best;
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

/** Runs one load to its end and returns its figures. */
export async function load(spec: LoadSpec): Promise<LoadFigures> {
  const { calls } = spec;
  const sims = await Sims.start();
  sims.send({
    type: 'setup',
    calls,
    latency: spec.latency,
    script: spec.script ?? 'barge',
    pausedMs: spec.pausedMs,
    limitsScale: Math.max(1, Math.ceil(calls / 25)),
  });
  const ready = await sims.next((m): m is Extract<FromChild, { type: 'ready' }> => m.type === 'ready');
  const clockOffset = await sims.clockOffset();
  sims.offsetMs = clockOffset.offsetMs;
  const core = await makeCore({ env: ready.env, checkTimeoutMs: 5_000 });
  const turns: TurnMetric[] = [];
  const turnsByCall = new Map<string, TurnMetric[]>();
  const barges: BargeInMetric[] = [];
  const late: number[] = [];
  // The runner's default is one shared 20 ms tick; the baseline gives every call a timer of its own.
  const frames = spec.pacing === 'per-call' ? new PerCallFrames(realClock()) : undefined;
  const runner = new VoiceRunner(core.voiceDeps, {
    onTurn: (m, callId) => {
      turns.push(m);
      const ofCall = turnsByCall.get(callId) ?? [];
      ofCall.push(m);
      turnsByCall.set(callId, ofCall);
    },
    onBargeIn: (m) => barges.push(m),
    onFrame: (ms) => late.push(ms),
    maxCalls: Math.max(50, calls),
    frames,
    speculate: spec.speculate,
    recogniser: spec.recogniser,
  });
  try {
    const ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
    for (const provider of ['anthropic', 'cartesia', 'deepgram', 'twilio'] as const) {
      const key = core.credentials.add({ workspaceId: ws, provider, fields: ready.fields[provider] ?? {} }, 'console');
      const check = await core.checks.test(key.id, 'console');
      if (check.status === 'invalid' || check.status === 'unreachable')
        throw new Error(`The ${provider} key did not check out against its simulator: ${check.summary}`);
    }
    core.onboarding.complete(ws, 'console');
    const agents = Array.from({ length: calls }, (_, i) =>
      core.agents.create(
        ws,
        { ...RIG_AGENT, name: `${RIG_AGENT.name} ${i}`, systemPrompt: `${RIG_AGENT.systemPrompt} ${lineMark(i)}` },
        'console',
      ),
    );
    const port = await runner.start();
    runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
    global.gc?.();
    const floor = fork(join(__dirname, 'voice-floor-child.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const floorLate = new Promise<number[]>((resolve) => floor.once('message', (m: number[]) => resolve(m)));
    sims.send({ type: 'beacon', on: true });
    const cpu0 = process.cpuUsage();
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const results = await Promise.all(
      agents.map(async (agent, i): Promise<{ end: CallEnd; report: CallReport; callId: string }> => {
        const to = `+1415555${String(1000 + i)}`;
        const placed = await runner.place({ workspaceId: ws, agentId: agent.id, to, actor: 'console', test: true });
        const report = sims.next((m): m is Extract<FromChild, { type: 'call' }> => m.type === 'call' && m.to === to);
        sims.send({ type: 'answer', to, index: i });
        const [end, r] = await Promise.all([placed.done, report]);
        return { end, report: r, callId: placed.id };
      }),
    );
    clearInterval(sampler);
    sims.send({ type: 'beacon', on: false });
    const cpu = process.cpuUsage(cpu0);
    const loadAvg = loadavg()[0] ?? NaN;
    floor.send('stop');
    const floorMs = await floorLate;
    sims.send({ type: 'close' });
    const closed = await sims.next((m): m is Extract<FromChild, { type: 'closed' }> => m.type === 'closed');
    const tally = new Map<string, number>();
    for (const { end } of results) tally.set(end.outcome, (tally.get(end.outcome) ?? 0) + 1);
    const sessions = results.flatMap((r) => (r.end.session ? [r.end.session] : []));
    const sum = (f: (s: (typeof sessions)[number]) => number): number => sessions.reduce((a, s) => a + f(s), 0);
    return {
      spec,
      overhead: turns.map((t) => t.overheadMs),
      share: results.flatMap((r) => r.report.share),
      bareRead: [...sims.bareReads],
      wireShare: results.flatMap((r) => wireShares(turnsByCall.get(r.callId) ?? [], r.report.emissions, clockOffset.offsetMs)),
      clockOffset,
      sendLate: late,
      floor: floorMs,
      loadAvg,
      jitter: results.flatMap((r) => r.report.jitter),
      bargeReaction: barges.map((b) => b.reactionMs),
      bargeStop: results.flatMap((r) => r.report.barge),
      v2v: results.flatMap((r) => r.report.v2v).filter(Number.isFinite),
      v2vFirst: results.map((r) => r.report.v2v[0] ?? NaN).filter(Number.isFinite),
      cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
      rssMbPerCall: (rssPeak - rss0) / 1024 / 1024 / calls,
      simCpuMsPerCall: closed.cpuMs / calls,
      firstPieceTokens: ready.firstPieceTokens,
      speculation: {
        turns: sum((s) => s.turns),
        started: sum((s) => s.speculation.started),
        used: sum((s) => s.speculation.used),
        wasted: sum((s) => s.speculation.wasted),
        wastedTokens: sum((s) => s.speculation.wastedInputTokens + s.speculation.wastedOutputTokens),
        tokens: sum((s) => s.llm.inputTokens + s.llm.outputTokens),
      },
      outcomes: [...tally].map(([k, v]) => `${v} ${k}`).join(', '),
      errors: results.flatMap((r) => (r.report.error ? [r.report.error] : [])),
    };
  } finally {
    await runner.stop();
    core.dispose();
    sims.kill();
  }
}
