/**
 * Provider checks through the product's path (keys sealed in the vault, opened per check, results
 * and audit rows written), against simulators that each add 200 ms to every answer:
 * - all 15 providers of one workspace checked at once, against the slowest single check (target <= 1.3x);
 * - 100 workspaces x 6 keys through checks.testMany under one limit of 64 (target <= 5 s).
 * Prints figures; asserts nothing.
 */
import { pathToFileURL } from 'node:url';
import { originEnvName } from '../../electron/core/providers/origin';
import type { CheckResultView } from '../../shared/domain';
import { PROVIDER_IDS, type ProviderId } from '../../shared/providers/types';
import { makeCore } from '../helpers/core';
import { startSim, type ProviderSim } from '../sim';

const LATENCY_MS = 200;
const WORKSPACES = 100;
const KEYS: readonly ProviderId[] = ['twilio', 'resend', 'anthropic', 'deepgram', 'cartesia', 'openai'];
const LIMIT = 64;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** "14 valid, 1 other (google-analytics warning)": the outcomes of a batch, naming the ones not valid. */
function tally(views: readonly CheckResultView[], providerOf: (credentialId: string) => string): string {
  const others = views.filter((v) => v.status !== 'valid');
  const named = [...new Set(others.map((v) => `${providerOf(v.credentialId)} ${v.status}`))].join(', ');
  return `${views.length - others.length} valid, ${others.length} other${named ? ` (${named})` : ''}`;
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const sims = new Map<ProviderId, ProviderSim<unknown>>();
  for (const id of PROVIDER_IDS) sims.set(id, await startSim(id, { latencyMs: LATENCY_MS }));
  const sim = (id: ProviderId): ProviderSim<unknown> => sims.get(id) as ProviderSim<unknown>;
  const env = Object.fromEntries(PROVIDER_IDS.map((id) => [originEnvName(id), sim(id).url]));
  const core = await makeCore({ env, checkTimeoutMs: 10_000, actor: 'console' });
  const providerOf = (credentialId: string): string => core.credentials.get(credentialId).provider;
  try {
    const all = core.workspaces.create({ name: 'Every provider' }, 'console').id;
    const keys = PROVIDER_IDS.map((id) => ({
      id,
      key: core.credentials.add({ workspaceId: all, provider: id, fields: sim(id).fields }, 'console').id,
    }));
    // Warm-up: module loading and first connections would otherwise count against the first check.
    await core.checks.testWorkspace(all, 'system');

    const singles: { id: ProviderId; ms: number }[] = [];
    for (const { id, key } of keys) singles.push({ id, ms: (await timed(() => core.checks.test(key, 'system'))).ms });
    const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a));
    const parallel = await timed(() => core.checks.testWorkspace(all, 'system', undefined, PROVIDER_IDS.length));
    console.log(`provider checks through the core (vault, results, audit), ${LATENCY_MS} ms simulated latency per answer`);
    console.log(`  slowest single check: ${slowest.id} ${slowest.ms.toFixed(0)} ms`);
    console.log(
      `  all ${PROVIDER_IDS.length} of one workspace at once: ${parallel.ms.toFixed(0)} ms wall, ratio ${(parallel.ms / slowest.ms).toFixed(2)}x (target <= 1.3x); ${tally(parallel.value, providerOf)}`,
    );

    const stored = await timed(async () => {
      const ids: string[] = [];
      for (let w = 0; w < WORKSPACES; w += 1) {
        const ws = core.workspaces.create({ name: `Client ${w + 1}` }, 'console').id;
        for (const id of KEYS) core.credentials.add({ workspaceId: ws, provider: id, fields: sim(id).fields }, 'console');
        ids.push(ws);
      }
      return ids;
    });
    const workspaces = stored.value;
    console.log(`  stored ${WORKSPACES} workspaces x ${KEYS.length} keys in the vault: ${stored.ms.toFixed(0)} ms`);
    const rowsBefore = (core.db.prepare('SELECT COUNT(*) AS n FROM check_results').get() as { n: number }).n;
    const many = await timed(() => core.checks.testMany(workspaces, 'system', undefined, LIMIT));
    const rowsAfter = (core.db.prepare('SELECT COUNT(*) AS n FROM check_results').get() as { n: number }).n;
    console.log(
      `  ${WORKSPACES} workspaces x ${KEYS.length} keys (${many.value.length} checks) through checks.testMany, limit ${LIMIT}: ${many.ms.toFixed(0)} ms wall (target <= 5000 ms); ${tally(many.value, providerOf)}; ${rowsAfter - rowsBefore} results written`,
    );
  } finally {
    core.dispose();
    await Promise.all([...sims.values()].map((s) => s.close()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
