/**
 * How many calls at once this machine's runner holds: the voice bench's load (voice-load.ts,
 * simulators in a child process) at rising call counts until the frame send lateness p99 or the
 * runner's overhead p99 passes 5 ms. Prints each step, the knee (the most calls still under both,
 * and per core), and the runner's CPU and memory per call there. Bounded: the steps stop at the
 * first one over, or once VOICE_CAPACITY_BUDGET_S (default 300 s) has gone. VOICE_CAPACITY_STEPS
 * (default "5,10,15,20,25,30,40,60") sets the call counts.
 */
import { availableParallelism, loadavg } from 'node:os';
import { LATENCY } from './voice-sims-protocol';
import { load, pct, type LoadFigures } from './voice-load';

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
const LIMIT_MS = 5;

/** Runs the capacity benchmark and prints its figures. */
export async function run(): Promise<void> {
  const steps = (process.env.VOICE_CAPACITY_STEPS ?? '5,10,15,20,25,30,40,60')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const budgetMs = Number(process.env.VOICE_CAPACITY_BUDGET_S ?? 300) * 1000;
  const cores = availableParallelism();
  console.log(
    `\n## Voice runner capacity (${cores} cores, shared with the simulators' process; load average ${loadavg()[0]?.toFixed(1) ?? '—'} at the start; Deepgram +${LATENCY.deepgramMs} ms, Claude ${LATENCY.claudeFirstTokenMs} ms, Cartesia ${LATENCY.cartesiaFirstChunkMs} ms)`,
  );
  console.log(
    'calls | frame send lateness p99 | runner-side overhead p99 | runner share from the LLM emission p99 (simulator side) | idle 20 ms timer lateness p99 | load avg | runner CPU/call | runner RSS/call | outcomes',
  );
  const start = performance.now();
  let knee: LoadFigures | null = null;
  let over: LoadFigures | null = null;
  for (const calls of steps) {
    if (performance.now() - start > budgetMs) {
      console.log(`(stopped before ${calls} calls: the ${budgetMs / 1000} s budget is spent)`);
      break;
    }
    const r = await load({ calls, label: 'shared 20 ms clock', latency: LATENCY });
    const late = pct(r.sendLate, 99);
    const overhead = pct(r.overhead, 99);
    console.log(
      `${String(calls).padStart(5)} | ${f1(late)} ms | ${f1(overhead)} ms | ${f1(pct(r.share, 99))} ms | ${f1(pct(r.floor, 99))} ms | ${r.loadAvg.toFixed(1)} | ${Math.round(r.cpuMsPerCall)} ms | ${f1(r.rssMbPerCall)} MB | ${r.outcomes}${r.errors.length ? ` (${r.errors.length} failed on the carrier side)` : ''}`,
    );
    if (late > LIMIT_MS || overhead > LIMIT_MS || r.errors.length > 0) {
      over = r;
      break;
    }
    knee = r;
  }
  if (!knee) console.log(`knee: below ${steps[0] ?? '—'} calls (the first step already passed ${LIMIT_MS} ms)`);
  else {
    console.log(
      `knee: ${knee.spec.calls} calls (${f1(knee.spec.calls / cores)} per core)${over ? `, ${over.spec.calls} passed ${LIMIT_MS} ms` : ', the last step tried (no step passed)'}; there the runner used ${Math.round(knee.cpuMsPerCall)} ms CPU per call (over the whole call) and ${f1(knee.rssMbPerCall)} MB RSS per call`,
    );
  }
}
