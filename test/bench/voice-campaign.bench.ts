/**
 * A 1,000-lead voice campaign at a ceiling of 25 (a tier 2 Anthropic key, checked against the
 * simulator) with calls of realistic length: how much of the time 25 calls are up while leads
 * remain, and what the scheduler costs per call. Time is compressed: the run's clock and the core's
 * clock both run SCALE times faster than the wall, so a campaign of about 1.7 simulated hours takes
 * under a minute; the dial pace (Twilio's 1 call per second) and every call's length are in
 * simulated time. Each dial is a real request to the Twilio simulator and a real row in the calls
 * store and the call outbox; the call itself is a timer of its simulated length (no audio: the
 * voice bench measures the runner's audio path). Baseline, same run: a perfect scheduler replayed
 * on the same call lengths and dial pace (the best utilisation possible), and a bare dial request.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { CallPlacer } from '../../electron/core/campaigns/voice/placer';
import { VoiceCampaigns } from '../../electron/core/campaigns/voice/service';
import { resolveCallKeys } from '../../electron/core/voice/call/keys';
import { dialTwilioStream } from '../../electron/core/voice/carriers/twilio/calls';
import type { Clock, TimerHandle } from '../../electron/core/voice/clock';
import type { CallEnd } from '../../electron/core/voice/call/placed-call';
import type { CallOutcome } from '../../electron/core/voice/types';
import type { AnthropicState } from '../sim/ai';
import type { ProviderSim } from '../sim/server';
import { RIG_AGENT } from '../helpers/voice-rig';
import { leads, leadsCsv, TIER_2 } from '../helpers/voice-campaign';
import { addVoiceKeys, makeSimCore, startOnboardingSims } from '../helpers/voice';

const LEADS = 1000;
const CEILING = 25;
const CPS = 1;
/** Simulated milliseconds per real millisecond. */
const SCALE = 120;
const START = Date.parse('2026-12-04T15:00:00Z');

/** A clock SCALE times faster than the wall: now() and timers in simulated milliseconds. */
function scaledClock(): Clock & { epoch(): Date } {
  const t0 = performance.now();
  let next = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => (performance.now() - t0) * SCALE,
    epoch: () => new Date(START + (performance.now() - t0) * SCALE),
    setTimeout(fn, ms): TimerHandle {
      const id = next++;
      timers.set(
        id,
        setTimeout(() => (timers.delete(id), fn()), Math.max(0, ms) / SCALE),
      );
      return { id };
    },
    clearTimeout(h) {
      clearTimeout(timers.get(h.id));
      timers.delete(h.id);
    },
  };
}

/** A seeded generator, so every run replays the same calls. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic calls: 60 % answered (5–20 s of ringing, then 1–4 min of talk, most near the short end), 25 % unanswered (30 s of ringing), 10 % busy (4 s), 5 % a machine (35 s with the message). */
function callPlan(n: number): { ms: number; outcome: CallOutcome }[] {
  const rnd = random(12);
  return Array.from({ length: n }, () => {
    const r = rnd();
    if (r < 0.6) return { ms: (5 + rnd() * 15 + 60 + rnd() * rnd() * 180) * 1000, outcome: rnd() < 0.3 ? 'interested' : 'not_interested' };
    if (r < 0.85) return { ms: 30_000, outcome: 'no_answer' };
    if (r < 0.95) return { ms: 4_000, outcome: 'busy' };
    return { ms: 35_000, outcome: 'voicemail' };
  });
}

/** A perfect scheduler on the same calls: each call starts the moment a place is free, no sooner than the dial pace allows; its utilisation until the last dial. */
function ideal(plan: readonly { ms: number }[]): number {
  const running: number[] = [];
  const spans: [number, number][] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const p of plan) {
    let t = Math.max(0, prev + 1000 / CPS);
    if (running.length >= CEILING) {
      running.sort((a, b) => a - b);
      t = Math.max(t, running.shift() ?? t);
    }
    running.push(t + p.ms);
    spans.push([t, t + p.ms]);
    prev = t;
  }
  const area = spans.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, prev) - a), 0);
  return area / (CEILING * prev);
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  console.log('\n## Voice campaign: ceiling utilisation and scheduling overhead (1,000 leads, ceiling 25)');
  const sims = await startOnboardingSims();
  (sims.byId.anthropic as ProviderSim<AnthropicState>).state.limits = { ...TIER_2 };
  const clock = scaledClock();
  const core = await makeSimCore(sims, { now: clock.epoch });
  try {
    const ws = core.workspaces.create({ name: 'Bench Dental', defaultCountry: 'US' }, 'cli').id;
    await addVoiceKeys(core, sims, ws);
    core.onboarding.complete(ws, 'cli');
    core.agents.create(ws, RIG_AGENT, 'cli');
    const numbers = leads(LEADS);
    const plan = callPlan(LEADS);
    const planOf = new Map(numbers.map((n, i) => [n, plan[i] ?? { ms: 1000, outcome: 'failed' as const }]));

    // Baseline: a bare dial request to the simulator, as the placer makes it.
    const keys = resolveCallKeys(core, ws);
    const client = {
      accountSid: keys.carrier.fields.accountSid ?? '',
      authToken: keys.carrier.fields.authToken ?? '',
      endpoint: keys.carrier.endpoint,
      env: core.config.env,
      timeoutMs: 10_000,
    };
    const dialOnly: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const t = performance.now();
      await dialTwilioStream(client, {
        to: '+14155550999',
        from: keys.from,
        streamUrl: 'wss://bench.invalid/stream',
        token: 'bench',
        statusUrl: 'https://bench.invalid/status',
      });
      dialOnly.push(performance.now() - t);
    }
    sims.calls.splice(0);

    let live = 0;
    let peak = 0;
    let lastChange = 0;
    let area = 0;
    let atCeiling = 0;
    const change = (delta: number): void => {
      const t = clock.now();
      area += live * (t - lastChange);
      if (live >= CEILING) atCeiling += t - lastChange;
      lastChange = t;
      live += delta;
      peak = Math.max(peak, live);
    };
    let firstDial: number | null = null;
    let lastDial = 0;
    let areaAtLastDial = 0;
    let ceilingAtLastDial = 0;
    const freedAt: number[] = [];
    const gaps: number[] = [];
    const placer: CallPlacer = {
      maxCalls: 50,
      keys: (w) => resolveCallKeys(core, w),
      unavailable: () => null,
      async place(req) {
        const k = resolveCallKeys(core, req.workspaceId);
        const row = core.calls.create(
          {
            workspaceId: req.workspaceId,
            agentId: req.agentId,
            agentName: RIG_AGENT.name,
            to: req.to,
            from: k.from,
            carrier: 'twilio',
            campaignId: req.campaignId ?? null,
          },
          req.actor,
        );
        change(+1);
        const dialled = await req.beforeDial?.();
        const { callSid } = await dialTwilioStream(
          { ...client },
          { to: req.to, from: k.from, streamUrl: 'wss://bench.invalid/stream', token: 'bench', statusUrl: 'https://bench.invalid/status' },
        );
        dialled?.();
        core.calls.update(row.id, { carrierCallId: callSid, state: 'in-progress' });
        const spec = planOf.get(req.to) ?? { ms: 1000, outcome: 'failed' as const };
        const done = new Promise<CallEnd>((resolve) => {
          clock.setTimeout(() => {
            change(-1);
            freedAt.push(performance.now());
            const answered = spec.outcome !== 'no_answer' && spec.outcome !== 'busy';
            core.calls.finish(
              row.id,
              { outcome: spec.outcome, reason: 'simulated', durationSeconds: answered ? spec.ms / 1000 : null },
              'system',
            );
            resolve({ id: row.id, outcome: spec.outcome, reason: 'simulated', answered, durationSeconds: spec.ms / 1000, session: null });
          }, spec.ms);
        });
        return { callId: row.id, carrierCallId: callSid, done };
      },
    };
    const service = new VoiceCampaigns(
      {
        ...core.voiceDeps,
        db: core.db,
        dnc: core.campaigns.dnc,
        workflows: core.workflows,
        schemas: core.agentExtraction,
        runner: () => null,
      },
      { clock },
    );
    const made = await service.create(
      {
        workspaceId: ws,
        agent: RIG_AGENT.name,
        contacts: Readable.from([leadsCsv(numbers)]),
        window: '00:00-24:00',
        retries: 0,
        cps: CPS,
        maxConcurrent: CEILING,
      },
      'cli',
    );
    let dials = 0;
    let reason = '';
    service.onProgress((p) => {
      if (p.ceiling) reason = p.ceiling.reason;
    });
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const done = await service.run(
      made.campaign.id,
      'cli',
      { placer },
      {
        onDial: () => {
          dials += 1;
          const t = clock.now();
          firstDial ??= t;
          // The scheduler's share: from a place freeing (with leads waiting and the ceiling full) to the next dial request.
          const freed = freedAt.shift();
          if (freed !== undefined) gaps.push(performance.now() - freed);
          freedAt.splice(0);
          if (dials === LEADS) {
            change(0);
            lastDial = t;
            areaAtLastDial = area;
            ceilingAtLastDial = atCeiling;
          }
        },
      },
    );
    const wallS = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(cpu);
    const span = lastDial - (firstDial ?? 0);
    const utilisation = areaAtLastDial / (CEILING * span);
    const best = ideal(plan);
    const sorted = [...gaps].sort((a, b) => a - b);
    const pct = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const dialMedian = [...dialOnly].sort((a, b) => a - b)[25] ?? 0;
    console.log(
      `time compressed ${SCALE}×: ${(clock.now() / 3_600_000).toFixed(2)} simulated hours in ${wallS.toFixed(1)} s of wall time; calls of ${(plan.reduce((s, p) => s + p.ms, 0) / LEADS / 1000).toFixed(0)} s on average (60 % answered: 5–20 s ringing + 1–4 min talk; 25 % unanswered 30 s; 10 % busy 4 s; 5 % machine 35 s); Twilio paced at ${CPS}/s simulated. Every real millisecond the scheduler spends is ${SCALE} simulated ones, so the utilisation below understates what it reaches at real speed`,
    );
    console.log(
      `${done.counts.done} of ${LEADS} leads called (state ${done.state}), ${sims.calls.length} dial requests at the simulator, peak ${peak} calls at once — ${reason}`,
    );
    console.log(
      `ceiling utilisation while leads remained: ${(utilisation * 100).toFixed(1)} % of 25 call-slots (target ≥ 95 %); 25 calls up ${((ceilingAtLastDial / span) * 100).toFixed(1)} % of the time; perfect scheduler on the same calls: ${(best * 100).toFixed(1)} % → ratio ${(utilisation / best).toFixed(3)}`,
    );
    console.log(
      `per-call scheduling overhead (a place freed → the next lead marked in flight and its dial started, wall time): median ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms over ${gaps.length} refills (the tail includes waits for the 1/s dial pace when two places free within a simulated second); a bare dial request to the simulator: median ${dialMedian.toFixed(2)} ms; CPU of the whole run ${((used.user + used.system) / 1000 / LEADS).toFixed(2)} ms per call (scheduler, SQLite, dial requests and the simulator together)`,
    );
  } finally {
    core.dispose();
    await sims.close();
  }
}

if (require.main === module) void run();
