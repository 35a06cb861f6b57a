/**
 * Usage, resolution and onboarding benchmarks, each against a baseline measured in the same run:
 * usage.record() vs a bare SQLite upsert, resolve() vs opening the same key alone, the dashboard
 * summary over a year of usage vs its one bare GROUP BY, and the onboarding checklist.
 */
import { performance } from 'node:perf_hooks';
import { createCore } from '../../electron/core/app';
import { FAKE, memoryKeyStore, tempDir } from '../helpers/core';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const opsPerSec = (n: number, fn: (i: number) => void): number => {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return n / ((performance.now() - t) / 1000);
};
const msPer = (n: number, fn: () => void): number => {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
};
const fmt = (x: number): string => Math.round(x).toLocaleString('en');

/** Runs the usage benchmarks and prints their figures. */
export async function run(): Promise<void> {
  console.log('\n## Usage, resolution and onboarding');
  const { dir, cleanup } = tempDir('switchboard-bench-');
  const core = createCore({ dataDir: dir, actor: 'cli', keyStore: memoryKeyStore(), now: () => new Date('2026-03-20T12:00:00Z') });
  try {
    await core.start();
    const agency = core.workspaces.agency().id;
    const ws = core.workspaces.create({ name: 'Acme' }, 'cli').id;
    const key = core.credentials.add({ workspaceId: ws, provider: 'twilio', fields: FAKE.twilio }, 'cli').id;
    core.credentials.repo.patch(key, { status: 'valid' });
    core.credentials.repo.patch(core.credentials.add({ workspaceId: agency, provider: 'anthropic', fields: FAKE.anthropic }, 'cli').id, {
      status: 'valid',
    });

    // 1. record(): validation, key lookup, upsert and usage counter in one transaction.
    const days = Array.from({ length: 28 }, (_, d) => `2026-03-${String(d + 1).padStart(2, '0')}T10:00:00Z`);
    const upsert = core.db.prepare(
      `INSERT INTO usage_daily (workspace_id, credential_id, provider, owner, day, messages) VALUES (?, ?, 'twilio', 'own', ?, 1)
       ON CONFLICT (workspace_id, credential_id, day) DO UPDATE SET messages = messages + 1`,
    );
    const bare = core.db.transaction((day: string) => upsert.run(ws, key, day.slice(0, 10)));
    const n = 5_000;
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < 5; r++) {
      base.push(opsPerSec(n, (i) => bare.immediate(days[i % 28] ?? '')));
      ours.push(
        opsPerSec(n, (i) =>
          core.usage.record({
            workspaceId: ws,
            provider: 'twilio',
            credentialId: key,
            owner: 'own',
            unit: 'messages',
            amount: 1,
            at: days[i % 28],
          }),
        ),
      );
    }
    console.log(
      `usage.record: ${fmt(median(ours))} records/s vs bare SQLite upsert ${fmt(median(base))}/s → ${(median(ours) / median(base)).toFixed(2)}×`,
    );

    // 2. resolve(): choosing the key (workspace, mode, fallback, preference order) and opening it.
    const resolveRate = median([0, 1, 2].map(() => opsPerSec(5_000, () => core.resolver.resolve(ws, 'sms'))));
    const openRate = median([0, 1, 2].map(() => opsPerSec(5_000, () => core.credentials.fieldsFor(key))));
    const fallbackRate = median([0, 1, 2].map(() => opsPerSec(5_000, () => core.resolver.resolve(ws, 'llm'))));
    console.log(
      `resolve (own key): ${fmt(resolveRate)}/s vs opening the key alone ${fmt(openRate)}/s → ${(resolveRate / openRate).toFixed(2)}×; with agency fallback ${fmt(fallbackRate)}/s`,
    );

    // 3. The dashboard summary over a year of daily usage: 50 workspaces × 4 keys × 365 days.
    const insert = core.db.prepare(
      `INSERT INTO usage_daily (workspace_id, credential_id, provider, owner, day, requests, messages, minutes, characters, tokens) VALUES (?, ?, ?, 'own', ?, 3, 40, 12.5, 900, 5000)`,
    );
    core.db.transaction(() => {
      for (let w = 0; w < 50; w++) {
        const id = core.workspaces.create({ name: `Client ${w}` }, 'cli').id;
        for (const [provider, fields] of [
          ['twilio', FAKE.twilio],
          ['resend', FAKE.resend],
          ['anthropic', FAKE.anthropic],
          ['anthropic', FAKE.anthropic],
        ] as const) {
          const cred = core.credentials.add({ workspaceId: id, provider, fields, environment: 'test' }, 'cli').id;
          for (let d = 0; d < 365; d++) insert.run(id, cred, provider, new Date(Date.UTC(2025, 2, 21 + d)).toISOString().slice(0, 10));
        }
      }
    })();
    const rows = (core.db.prepare('SELECT COUNT(*) AS n FROM usage_daily').get() as { n: number }).n;
    const group = core.db.prepare(
      `SELECT workspace_id, provider, owner, SUM(requests), SUM(messages), SUM(minutes), SUM(characters), SUM(tokens) FROM usage_daily WHERE day BETWEEN '2026-03-01' AND '2026-03-31' GROUP BY workspace_id, provider, owner`,
    );
    const allMs = median([0, 1, 2, 3, 4].map(() => msPer(20, () => core.usage.summary())));
    const groupMs = median([0, 1, 2, 3, 4].map(() => msPer(20, () => group.all())));
    const oneMs = median([0, 1, 2, 3, 4].map(() => msPer(50, () => core.usage.summary(ws))));
    const csvMs = median([0, 1, 2].map(() => msPer(10, () => core.usage.billingCsv('2026-03'))));
    console.log(
      `usage.summary over ${fmt(rows)} usage rows: all workspaces ${allMs.toFixed(2)} ms vs its bare GROUP BY ${groupMs.toFixed(2)} ms → ${(allMs / groupMs).toFixed(2)}× the time; one workspace ${oneMs.toFixed(2)} ms; billing CSV of a month ${csvMs.toFixed(2)} ms`,
    );

    // 4. The onboarding checklist (7 lines across 3 channels), as the console asks for it.
    const checklistMs = median([0, 1, 2].map(() => msPer(500, () => core.onboarding.get(ws))));
    console.log(`onboarding.get: ${checklistMs.toFixed(3)} ms per checklist`);
  } finally {
    core.close();
    cleanup();
  }
}

if (require.main === module) void run();
