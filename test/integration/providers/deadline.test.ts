import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { anthropicRoutes, type AnthropicState, startAnthropicSim } from '../../sim/ai';
import { awsRoutes, type AwsState, startAwsSim } from '../../sim/aws';
import type { ProviderSim, Route } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

let sims: ProviderSim<unknown>[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

/** The same route, answering only after `ms`. */
function slowed<S>(route: Route<S> | undefined, ms: number): Route<S> {
  if (!route) throw new Error('no such route');
  return { ...route, handle: async (req, state) => new Promise((resolve) => setTimeout(() => resolve(route.handle(req, state)), ms)) };
}

describe('one deadline per check, shared by all its requests', () => {
  it('stops an AWS check whose bucket lookup would end past the deadline, though each request alone fits', async () => {
    const sim = await startAwsSim();
    sims.push(sim as ProviderSim<unknown>);
    sim.addRoute(
      slowed<AwsState>(
        awsRoutes.find((r) => r.method === 'POST'),
        500,
      ),
    );
    sim.addRoute(
      slowed<AwsState>(
        awsRoutes.find((r) => r.method === 'HEAD'),
        700,
      ),
    );
    const r = await checkCredential('aws-s3', ctxFor(sim.url, sim.fields, { timeoutMs: 1_000 }));
    expect(r.lines.find((l) => l.label === 'Access key')?.status).toBe('pass');
    expect(r.lines.find((l) => l.label === 'Bucket')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/did not answer in time/),
    });
    expect(r.status).toBe('warning');
    expect(r.durationMs).toBeLessThan(1_200);
    expectNoSecret(r, sim.secrets);
  });

  it('stops an Anthropic check whose rate-limit probe would end past the deadline: the key works, its limits stay unknown', async () => {
    const sim = await startAnthropicSim({ limitsOnModels: false });
    sims.push(sim as ProviderSim<unknown>);
    sim.addRoute(
      slowed<AnthropicState>(
        anthropicRoutes.find((r) => r.path === '/v1/models'),
        500,
      ),
    );
    sim.addRoute(
      slowed<AnthropicState>(
        anthropicRoutes.find((r) => r.path === '/v1/messages'),
        700,
      ),
    );
    const r = await checkCredential('anthropic', ctxFor(sim.url, sim.fields, { timeoutMs: 1_000 }));
    expect(r.status).toBe('valid');
    expect(r.details).toMatchObject({ tier: 'unknown', concurrency: 1 });
    expect(r.durationMs).toBeLessThan(1_200);
    expectNoSecret(r, sim.secrets);
  });

  it('gives both requests their full answers when the deadline allows', async () => {
    const sim = await startAnthropicSim({ limitsOnModels: false });
    sims.push(sim as ProviderSim<unknown>);
    sim.addRoute(
      slowed<AnthropicState>(
        anthropicRoutes.find((r) => r.path === '/v1/models'),
        500,
      ),
    );
    sim.addRoute(
      slowed<AnthropicState>(
        anthropicRoutes.find((r) => r.path === '/v1/messages'),
        700,
      ),
    );
    const r = await checkCredential('anthropic', ctxFor(sim.url, sim.fields, { timeoutMs: 3_000 }));
    expect(r.status).toBe('valid');
    expect(r.details).toMatchObject({ tier: '1' });
  });
});
