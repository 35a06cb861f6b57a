import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { startAnthropicSim, startOpenAISim } from '../../sim/ai';
import { startAwsSim } from '../../sim/aws';
import { startCloudinarySim, startGithubSim, startMixpanelSim, startSentrySim, startStripeSim } from '../../sim/business';
import { startExotelSim } from '../../sim/exotel';
import type { ProviderSim } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

let sims: ProviderSim<unknown>[] = [];
async function keep<S>(p: Promise<ProviderSim<S>>): Promise<ProviderSim<S>> {
  const s = await p;
  sims.push(s as ProviderSim<unknown>);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

describe('provider-specific details', () => {
  it('Sentry: a 200 with auth null is an invalid token', async () => {
    const s = await keep(startSentrySim());
    const r = await checkCredential('sentry', ctxFor(s.url, { authToken: 'sntryu_SomeoneElsesToken0000000000' }));
    expect(s.requests[0]?.status).toBe(200);
    expect(r.status).toBe('invalid');
  });

  it('Stripe: a test key stored as production is a warning', async () => {
    const s = await keep(startStripeSim());
    const r = await checkCredential('stripe', ctxFor(s.url, s.fields, { environment: 'production' }));
    expect(r.status).toBe('warning');
    expect(r.details.livemode).toBe(false);
    expect(r.summary).toMatch(/test-mode key stored for production/);
  });

  it('Stripe: a live key stored as production is valid; the masked key in the 401 never shows', async () => {
    const live = 'sk_live_SimulatedLive000000000';
    const s = await keep(startStripeSim({ secretKey: live }));
    expect((await checkCredential('stripe', ctxFor(s.url, s.fields, { environment: 'production' }))).status).toBe('valid');
    const bad = await checkCredential(
      'stripe',
      ctxFor(s.url, { secretKey: 'sk_live_SimulatedLive000000001' }, { environment: 'production' }),
    );
    expect(bad.status).toBe('invalid');
    expect(JSON.stringify(bad)).not.toMatch(/\*\*\*\*/);
  });

  it('Anthropic: tier 1 limits mean about 5 concurrent calls, read from the Messages headers', async () => {
    const s = await keep(startAnthropicSim());
    const r = await checkCredential('anthropic', ctxFor(s.url, s.fields));
    expect(r.details).toMatchObject({ tier: '1', concurrency: 5, requestsPerMinute: 50 });
    expect(s.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/models', 'POST /v1/messages']);
    expect(s.requests[0]?.auth).toBe('bearer');
  });

  it('Anthropic: tier 2 limits on the models answer need no Messages call', async () => {
    const s = await keep(
      startAnthropicSim({ limits: { requests: 1000, inputTokens: 450_000, outputTokens: 90_000 }, limitsOnModels: true }),
    );
    const r = await checkCredential('anthropic', ctxFor(s.url, s.fields));
    expect(r.details.tier).toBe('2');
    expect(r.details.concurrency).toBe(60);
    expect(s.requests).toHaveLength(1);
  });

  it('OpenAI: the 401 message echoes a masked key, which never reaches the result', async () => {
    const s = await keep(startOpenAISim());
    const r = await checkCredential('openai', ctxFor(s.url, { apiKey: 'sk-proj-WrongKey_0000000000000000000000' }));
    expect(r.status).toBe('invalid');
    expect(JSON.stringify(r)).not.toMatch(/\*\*\*\*|sk-proj-W/);
  });

  it('OpenAI: a restricted key without model access is a warning, not invalid', async () => {
    const s = await keep(startOpenAISim());
    const r = await checkCredential('openai', ctxFor(s.url, { apiKey: 'sk-proj-Restricted_000000000000000000' }));
    expect(r.status).toBe('warning');
  });

  it('GitHub: reports the login and the classic token scopes', async () => {
    const s = await keep(startGithubSim());
    const r = await checkCredential('github', ctxFor(s.url, s.fields));
    expect(r.details).toMatchObject({ login: 'example-agency', scopes: 'repo,read:org' });
  });

  it('GitHub: a fine-grained token has no scopes header, and says so', async () => {
    const s = await keep(startGithubSim({ token: 'github_pat_SimulatedFineGrained_000000000', scopes: null }));
    const r = await checkCredential('github', ctxFor(s.url, s.fields));
    expect(r.status).toBe('valid');
    expect(r.details.scopes).toBeNull();
  });

  it('AWS: requests are SigV4-signed for sts and s3 in the key region, and the bucket is confirmed', async () => {
    const s = await keep(startAwsSim());
    const r = await checkCredential('aws-s3', ctxFor(s.url, s.fields));
    expect(r.status).toBe('valid');
    expect(s.requests.map((q) => q.auth)).toEqual(['aws4', 'aws4']);
    expect(s.requests.map((q) => q.headers['x-amz-date'])).toEqual([
      expect.stringMatching(/^\d{8}T\d{6}Z$/),
      expect.stringMatching(/^\d{8}T\d{6}Z$/),
    ]);
    expect(r.lines.find((l) => l.label === 'Bucket')?.status).toBe('pass');
  });

  it('AWS: a wrong secret fails the real signature check', async () => {
    const s = await keep(startAwsSim());
    const r = await checkCredential('aws-s3', ctxFor(s.url, { ...s.fields, secretAccessKey: 'WrongSecretAccessKey/00000000000000000000' }));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/secret access key does not belong/);
  });

  it('AWS: a bucket in another region is a warning naming the region', async () => {
    const s = await keep(startAwsSim({ buckets: [{ name: 'example-recordings', region: 'eu-west-1', accessible: true }] }));
    const r = await checkCredential('aws-s3', ctxFor(s.url, s.fields));
    expect(r.status).toBe('warning');
    expect(r.lines.find((l) => l.label === 'Bucket')?.detail).toMatch(/eu-west-1/);
  });

  it('Cloudinary: an HTML page instead of JSON means the credentials are wrong', async () => {
    const s = await keep(startCloudinarySim());
    s.setFault({ kind: 'html' });
    const r = await checkCredential('cloudinary', ctxFor(s.url, s.fields));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/web page/);
  });

  it('Cloudinary: an unknown cloud name is named in the reason', async () => {
    const s = await keep(startCloudinarySim());
    const r = await checkCredential('cloudinary', ctxFor(s.url, { ...s.fields, cloudName: 'someone-else' }));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/someone-else/);
  });

  it('Mixpanel: a project token alone is a format check that sends nothing', async () => {
    const s = await keep(startMixpanelSim());
    const r = await checkCredential('mixpanel', ctxFor(s.url, { projectToken: s.state.projectToken }));
    expect(r.status).toBe('valid');
    expect(r.summary).toMatch(/format check only/);
    expect(s.requests).toHaveLength(0);
  });

  it('Exotel: warns when the ExoPhone is not on the account, and the token never shows', async () => {
    const s = await keep(startExotelSim());
    const r = await checkCredential('exotel', ctxFor(s.url, { ...s.fields, phoneNumber: '+918000000001' }));
    expect(r.status).toBe('warning');
    expectNoSecret(r, s.secrets);
  });

  it('Exotel: says what an ExoPhone cannot do, so an SMS-only number blocks only voice', async () => {
    const s = await keep(
      startExotelSim({ exoPhones: [{ sid: 'exo2', phone_number: '+918047000001', capabilities: { voice: false, sms: true } }] }),
    );
    const r = await checkCredential('exotel', ctxFor(s.url, { ...s.fields, phoneNumber: '+918047000001' }));
    expect(r.status).toBe('warning');
    expect(r.lines.find((l) => l.label === 'ExoPhone')?.detail).toBe('+918047000001 belongs to the account but cannot make voice calls.');
    expect(r.details).toMatchObject({ numberOwned: true, numberVoice: false, numberSms: true });
  });

  it('Google Analytics: says plainly that only the format was checked, without any request', async () => {
    const r = await checkCredential(
      'google-analytics',
      ctxFor('http://127.0.0.1:9', { measurementId: 'G-ABCDEF1234', apiSecret: 'SimulatedSecret_0000' }),
    );
    expect(r.status).toBe('valid');
    expect(r.summary).toBe('Format check only: Google offers no endpoint to verify a measurement id.');
    expectNoSecret(r, ['SimulatedSecret_0000']);
  });

  it('Google Analytics: a malformed measurement id is invalid', async () => {
    const r = await checkCredential(
      'google-analytics',
      ctxFor('http://127.0.0.1:9', { measurementId: 'UA-12345-1', apiSecret: 'SimulatedSecret_0000' }),
    );
    expect(r.status).toBe('invalid');
  });
});
