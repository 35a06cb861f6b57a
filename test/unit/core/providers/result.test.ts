import { describe, expect, it } from 'vitest';
import { failure, redact, rollup } from '../../../../electron/core/providers/result';

describe('rollup', () => {
  it('is invalid on any fail, warning on any warn, else valid', () => {
    expect(
      rollup([
        { label: 'a', status: 'pass', detail: '' },
        { label: 'b', status: 'fail', detail: '' },
      ]),
    ).toBe('invalid');
    expect(
      rollup([
        { label: 'a', status: 'warn', detail: '' },
        { label: 'b', status: 'skip', detail: '' },
      ]),
    ).toBe('warning');
    expect(rollup([{ label: 'a', status: 'pass', detail: '' }])).toBe('valid');
  });
});

describe('failure', () => {
  it('keeps the key unverified for everything but a rejection', () => {
    expect(failure('stripe', { kind: 'network', reason: 'dns' }).status).toBe('unreachable');
    expect(failure('stripe', { kind: 'server-error', status: 502 }).status).toBe('unreachable');
    expect(failure('stripe', { kind: 'rejected', status: 401, reason: 'Stripe rejected the key.' }).status).toBe('invalid');
  });

  it('passes on how long to wait after a rate limit', () => {
    expect(failure('stripe', { kind: 'rate-limited', retryAfterMs: 30_000 }).retryAfterMs).toBe(30_000);
  });
});

describe('redact', () => {
  it('removes every occurrence of a secret from summary, lines and details', () => {
    const secret = 'ghp_VerySecretToken0000000000000000';
    const r = redact(
      {
        status: 'invalid',
        summary: `bad ${secret}`,
        lines: [{ label: secret, status: 'fail', detail: `${secret}!` }],
        details: { a: secret, n: 3 },
        durationMs: 1,
      },
      [secret],
    );
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(r.details.n).toBe(3);
  });
});
