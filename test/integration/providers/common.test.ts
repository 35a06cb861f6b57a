import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { DEFAULT_RETRY_MS } from '../../../electron/core/providers/http';
import { PROVIDER_IDS, type ProviderId } from '../../../shared/providers/types';
import { startSim, type ProviderSim } from '../../sim';
import { ctxFor, expectNoSecret, withWrongSecret } from './harness';

// Every provider with an HTTP check; Google Analytics is format-only and ngrok's check opens an agent
// session (no HTTP to simulate): both have their own tests.
const LIVE = PROVIDER_IDS.filter(
  (id): id is Exclude<ProviderId, 'google-analytics' | 'ngrok'> => id !== 'google-analytics' && id !== 'ngrok',
);

let sims: ProviderSim<unknown>[] = [];
async function sim(id: ProviderId): Promise<ProviderSim<unknown>> {
  const s = await startSim(id);
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

describe.each(LIVE)('%s check against its simulator', (id) => {
  it('accepts the valid credential', async () => {
    const s = await sim(id);
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('valid');
    expect(r.lines.some((l) => l.status === 'pass')).toBe(true);
    expect(s.requests.length).toBeGreaterThan(0);
    expectNoSecret(r, s.secrets);
  });

  it('marks a well-formed but wrong key invalid with a reason', async () => {
    const s = await sim(id);
    const r = await checkCredential(id, ctxFor(s.url, withWrongSecret(id, s.fields)));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/reject|not recognise|did not recognise|signature/i);
    expectNoSecret(r, [...s.secrets, ...Object.values(withWrongSecret(id, s.fields)).filter((v) => !Object.values(s.fields).includes(v))]);
  });

  it('marks the key invalid when the provider answers 401', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'unauthorized' });
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('invalid');
    expectNoSecret(r, s.secrets);
  });

  it('leaves the key unverified when the port is closed', async () => {
    const s = await sim(id);
    await s.close();
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/stays unverified/);
    expectNoSecret(r, s.secrets);
  });

  it('waits for Retry-After on a 429 and then retries once', async () => {
    const s = await sim(id);
    // Two seconds, not the one-second wait used when a 429 names none: the header is what is honoured.
    expect(DEFAULT_RETRY_MS).toBeLessThan(2_000);
    s.setFault({ kind: 'rate-limited', retryAfterSeconds: 2 }, { times: 1 });
    const r = await checkCredential(id, ctxFor(s.url, s.fields, { timeoutMs: 60_000 }));
    expect(r.status).toBe('valid');
    const limited = s.requests.find((q) => q.status === (id === 'aws-s3' ? 400 : 429));
    const retried = s.requests.find((q) => q !== limited && q.path === limited?.path && q.method === limited.method);
    expect(limited).toBeDefined();
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_950);
  });

  it('does not wait a Retry-After that would outlast the check: unverified at once, with the wait to honour', async () => {
    const s = await sim(id);
    // A wait far past the check's limit, so no machine is slow enough to blur the two.
    s.setFault({ kind: 'rate-limited', retryAfterSeconds: 600 });
    const r = await checkCredential(id, ctxFor(s.url, s.fields, { timeoutMs: 60_000 }));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/rate-limiting requests; the key stays unverified, try again in 600 s/);
    expect(r.durationMs).toBeLessThan(60_000);
    const first = s.requests[0];
    expect(s.requests.filter((q) => q.path === first?.path && q.method === first.method)).toHaveLength(1);
    if (id !== 'aws-s3') expect(r.retryAfterMs).toBe(600_000);
    expectNoSecret(r, s.secrets);
  });

  it('does not wait out a long Retry-After: unverified, with the wait to honour', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'rate-limited', retryAfterSeconds: 120 });
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('unreachable');
    // Twilio looks up its number alongside the account: count only the rate-limited path.
    const first = s.requests[0];
    expect(s.requests.filter((q) => q.path === first?.path && q.method === first.method)).toHaveLength(1);
    if (id !== 'aws-s3') expect(r.retryAfterMs).toBe(120_000);
  });

  it('leaves the key unverified on a server error', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'server-error', status: 503 });
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('unreachable');
    expectNoSecret(r, s.secrets);
  });

  it('says the answer could not be read when the body is malformed', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'malformed' });
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/could not be read/);
    expectNoSecret(r, s.secrets);
  });

  it('marks the key invalid when the provider answers 403, saying it was refused, without the secret', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'forbidden' });
    const r = await checkCredential(id, ctxFor(s.url, s.fields));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/refused|rejected|no access|no permission|not recognise|web page instead/i);
    expect(r.lines.some((l) => l.status === 'fail')).toBe(true);
    expectNoSecret(r, s.secrets);
  });

  it('stays valid when the provider is slow but answers inside the time limit', async () => {
    const s = await sim(id);
    s.setLatency(400);
    const r = await checkCredential(id, ctxFor(s.url, s.fields, { timeoutMs: 60_000 }));
    expect(r.status).toBe('valid');
    expect(r.durationMs).toBeGreaterThanOrEqual(350);
    expectNoSecret(r, s.secrets);
  });

  it('gives up on a provider that never answers', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'hang' });
    const r = await checkCredential(id, ctxFor(s.url, s.fields, { timeoutMs: 300 }));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/did not answer in time|could not be reached/);
  });

  it('stops when the caller aborts', async () => {
    const s = await sim(id);
    s.setFault({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await checkCredential(id, ctxFor(s.url, s.fields, { signal: controller.signal, timeoutMs: 120_000 }));
    expect(r.status).toBe('unreachable');
    expect(r.durationMs).toBeLessThan(120_000);
  });

  it('sends nothing when the key is not even well-formed', async () => {
    const s = await sim(id);
    const secret = Object.keys(s.fields).find((k) => s.secrets.includes(s.fields[k] ?? ''));
    const r = await checkCredential(id, ctxFor(s.url, { ...s.fields, [secret ?? '']: 'not a key' }));
    expect(r.status).toBe('invalid');
    expect(s.requests).toHaveLength(0);
    expect(JSON.stringify(r)).not.toContain('not a key');
  });
});
