import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { startGithubSim, type GithubState } from '../../sim/business';
import type { ProviderSim } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

let sim: ProviderSim<GithubState> | undefined;
afterEach(async () => sim?.close());

/** GitHub's rate-limit answers are 403s: the body says so, the headers say how long to wait. */
function limitedUser(headers: Record<string, string>): void {
  sim?.addRoute({
    method: 'GET',
    path: '/user',
    handle: () => ({
      status: 403,
      headers,
      json: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest' },
    }),
  });
}

describe('GitHub check', () => {
  it('reads a 403 with x-ratelimit-remaining 0 as rate-limited, not invalid, and waits until the reset', async () => {
    sim = await startGithubSim();
    const reset = Math.floor(Date.now() / 1000) + 60;
    limitedUser({ 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) });
    const r = await checkCredential('github', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/^GitHub is rate-limiting requests; the key stays unverified/);
    expect(r.retryAfterMs).toBeGreaterThan(50_000);
    expect(r.retryAfterMs).toBeLessThanOrEqual(61_000);
    expect(sim.requests).toHaveLength(1);
    expectNoSecret(r, sim.secrets);
  });

  it('reads a 403 with Retry-After (a secondary rate limit) as rate-limited, waits it out and retries once', async () => {
    sim = await startGithubSim();
    let limited = true;
    sim.addRoute({
      method: 'GET',
      path: '/user',
      handle: (req, s) => {
        if (!limited) return { status: 200, json: { login: s.login, id: 1, type: 'User' } };
        limited = false;
        return {
          status: 403,
          headers: { 'X-RateLimit-Remaining': '4000', 'Retry-After': '1' },
          json: { message: 'You have exceeded a secondary rate limit.' },
        };
      },
    });
    const r = await checkCredential('github', ctxFor(sim.url, sim.fields, { timeoutMs: 60_000 }));
    expect(r.status).toBe('valid');
    expect(sim.requests.map((q) => q.status)).toEqual([403, 200]);
  });

  it('reads a plain 403 (no rate-limit headers) as a refusal', async () => {
    sim = await startGithubSim();
    limitedUser({});
    const r = await checkCredential('github', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('invalid');
    expect(r.summary).toBe('GitHub refused the token (HTTP 403).');
  });
});
