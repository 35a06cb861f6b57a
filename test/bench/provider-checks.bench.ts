/**
 * Provider-check throughput: all 15 checks in parallel against simulators that each add 200 ms to every
 * answer (target: wall time ≤ 1.3× the slowest single check), then 100 workspaces × 6 keys through
 * checkMany with bounded concurrency (target ≤ 5 s). Prints figures; asserts nothing.
 */
import { pathToFileURL } from 'node:url';
import { checkCredential, checkMany } from '../../electron/core/providers';
import type { CheckResult } from '../../electron/core/providers/types';
import { PROVIDER_IDS, type ProviderId } from '../../shared/providers/types';
import { startSim, type ProviderSim } from '../sim';

const LATENCY_MS = 200;
const WORKSPACES = 100;
const KEYS: readonly ProviderId[] = ['twilio', 'resend', 'anthropic', 'deepgram', 'cartesia', 'openai'];
const CONCURRENCY = 32;

function check(id: ProviderId, sim: ProviderSim<unknown>): Promise<CheckResult> {
  return checkCredential(id, { fields: sim.fields, environment: 'test', endpoint: sim.url, env: {}, timeoutMs: 10_000 });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const sims = new Map<ProviderId, ProviderSim<unknown>>();
  for (const id of PROVIDER_IDS) sims.set(id, await startSim(id, { latencyMs: LATENCY_MS }));
  const sim = (id: ProviderId): ProviderSim<unknown> => sims.get(id) as ProviderSim<unknown>;
  try {
    // Warm-up: module loading and first connections would otherwise count against the first check.
    await Promise.all(PROVIDER_IDS.map((id) => check(id, sim(id))));

    const singles: { id: ProviderId; ms: number }[] = [];
    for (const id of PROVIDER_IDS) singles.push({ id, ms: (await timed(() => check(id, sim(id)))).ms });
    const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a));
    const parallel = await timed(() => Promise.all(PROVIDER_IDS.map((id) => check(id, sim(id)))));
    const statuses = parallel.value.map((r) => r.status);
    console.log(`provider checks, ${LATENCY_MS} ms simulated latency per answer`);
    console.log(`  slowest single check: ${slowest.id} ${slowest.ms.toFixed(0)} ms`);
    console.log(`  all ${PROVIDER_IDS.length} in parallel: ${parallel.ms.toFixed(0)} ms wall, ratio ${(parallel.ms / slowest.ms).toFixed(2)}x (target <= 1.3x)`);
    console.log(`  outcomes: ${statuses.filter((s) => s === 'valid').length} valid, ${statuses.filter((s) => s !== 'valid').length} other`);

    const jobs = Array.from({ length: WORKSPACES }, () => KEYS).flat();
    for (const concurrency of [CONCURRENCY, 64]) {
      const many = await timed(() => checkMany(jobs, (id) => check(id, sim(id)), { concurrency }));
      const ok = many.value.filter((r) => r.status === 'valid').length;
      console.log(`  ${WORKSPACES} workspaces x ${KEYS.length} keys (${jobs.length} checks), concurrency ${concurrency}: ${many.ms.toFixed(0)} ms wall (target <= 5000 ms), ${ok} valid`);
      for (const id of KEYS) sim(id).clearRequests();
    }
  } finally {
    await Promise.all([...sims.values()].map((s) => s.close()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
