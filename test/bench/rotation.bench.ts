/**
 * Rotation benchmarks, each against a baseline measured in the same run: the check a sending
 * campaign makes before every message (is the paying key still the one in use?) vs resolving the
 * key again; what depends on an agency key that 200 client workspaces fall back to; and a whole
 * rotation of that key (live check, one switching transaction proving all 400 uses follow) vs
 * the live check alone.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createCore } from '../../electron/core/app';
import { originEnvName } from '../../electron/core/providers/origin';
import { stmt } from '../../electron/core/store/db';
import { memoryKeyStore, tempDir } from '../helpers/core';
import { startTwilioSim } from '../sim/twilio';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const usPer = (n: number, fn: () => void): number => {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t) * 1000) / n;
};

/** Runs the rotation benchmarks and prints their figures. */
export async function run(): Promise<void> {
  console.log('\n## Key rotation');
  const sim = await startTwilioSim();
  const { dir, cleanup } = tempDir('switchboard-bench-');
  const core = createCore({
    dataDir: dir,
    actor: 'cli',
    keyStore: memoryKeyStore(),
    env: { [originEnvName('twilio')]: sim.url },
    checkTimeoutMs: 5_000,
  });
  try {
    await core.start();
    const agency = core.workspaces.agency().id;
    const key = core.credentials.add({ workspaceId: agency, provider: 'twilio', fields: sim.fields }, 'cli').id;
    await core.checks.test(key, 'cli');
    for (let i = 0; i < 200; i++) {
      const ws = core.workspaces.create({ name: `Client ${i}`, mode: i % 2 === 0 ? 'bundled' : 'byok', defaultCountry: 'US' }, 'cli').id;
      await core.campaigns.create(
        {
          workspaceId: ws,
          channel: 'sms',
          contacts: Readable.from([Buffer.from('phone,first_name,timezone\n+14155550123,Jo,America/New_York\n')]),
          template: 'Hi',
          window: '00:00-24:00',
        },
        'cli',
      );
      core.agents.create(ws, { name: 'Ava', systemPrompt: 'You call leads.' }, 'cli');
    }
    const client = core.workspaces.list().find((w) => w.name === 'Client 1')?.id ?? '';

    // 1. Before every message: one indexed lookup (the runner's statement) vs resolving the key again.
    const check = stmt(core.db, 'SELECT 1 FROM credentials WHERE id = ? AND version = ? AND active = 1 AND deleted_at IS NULL');
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < 5; r++) {
      ours.push(usPer(20_000, () => check.get(key, 1)));
      base.push(usPer(2_000, () => core.resolver.describe(client, 'sms')));
    }
    console.log(
      `key check before each message: ${median(ours).toFixed(2)} µs vs re-resolving ${median(base).toFixed(1)} µs → ${(median(ours) / median(base)).toFixed(3)}× (at 50 messages/s: ${((median(ours) * 50) / 10_000).toFixed(4)} % of a second)`,
    );

    // 2. What depends on the agency key: 201 workspaces × 2 capabilities through the resolver.
    const deps: number[] = [];
    let found = { workspaces: 0, campaigns: 0, agents: 0 };
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      const d = core.rotation.dependents(key);
      deps.push(performance.now() - t);
      found = { workspaces: d.workspaces.length, campaigns: d.campaigns.length, agents: d.agents.length };
    }
    console.log(
      `dependents of an agency key: ${median(deps).toFixed(1)} ms (${found.workspaces} workspaces, ${found.campaigns} campaigns, ${found.agents} voice agents)`,
    );

    // 3. A whole rotation vs its live check alone (the simulator's secondary token each time).
    const tokens = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210', '00112233445566778899aabbccddeeff'];
    const whole: number[] = [];
    const alone: number[] = [];
    let current = key;
    for (const token of tokens) {
      sim.state.secondaryAuthToken = token;
      const fields = { ...sim.fields, authToken: token };
      const t0 = performance.now();
      await core.checks.preview('twilio', fields, 'production', null);
      alone.push(performance.now() - t0);
      const t1 = performance.now();
      const r = await core.rotation.rotate(current, { fields: { authToken: token } }, 'cli');
      whole.push(performance.now() - t1);
      if (!r.switched || !r.newCredentialId) throw new Error(`rotation did not switch: ${r.reason ?? ''}`);
      core.rotation.confirmRevoked(current, 'cli');
      current = r.newCredentialId;
    }
    console.log(
      `rotation of that key (check + switch of ${found.workspaces} workspaces in one transaction): ${median(whole).toFixed(1)} ms vs the live check alone ${median(alone).toFixed(1)} ms → ${(median(whole) / median(alone)).toFixed(2)}×`,
    );
  } finally {
    core.close();
    cleanup();
    await sim.close();
  }
}
