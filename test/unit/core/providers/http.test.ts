import { describe, expect, it } from 'vitest';
import {
  networkReason,
  probe,
  remainingMs,
  retryAfterMs,
  startDeadline,
  type ProbeOutcome,
} from '../../../../electron/core/providers/http';

const ctx = { fields: {}, environment: 'test' as const };

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs((n) => (n === 'retry-after' ? '2' : null))).toBe(2000);
    expect(retryAfterMs((n) => (n === 'retry-after-ms' ? '150' : null))).toBe(150);
    expect(retryAfterMs((n) => (n === 'retry-after' ? new Date(10_000).toUTCString() : null), 4_000)).toBe(6_000);
  });

  it('returns undefined for a missing or nonsensical header', () => {
    expect(retryAfterMs(() => null)).toBeUndefined();
    expect(retryAfterMs(() => 'soon')).toBeUndefined();
  });
});

describe('networkReason', () => {
  it('finds the error code in the cause chain', () => {
    expect(networkReason(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), {})).toBe('refused');
    expect(networkReason(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }), {})).toBe('dns');
  });

  it('says aborted when the caller cancelled, whatever the error', () => {
    const c = new AbortController();
    c.abort();
    expect(networkReason(new Error('boom'), { signal: c.signal })).toBe('aborted');
  });

  it('recognises a timeout', () => {
    expect(networkReason(new DOMException('timed out', 'TimeoutError'), {})).toBe('timeout');
  });
});

describe('probe', () => {
  it('retries exactly once after a short Retry-After', async () => {
    const outcomes: ProbeOutcome<string>[] = [
      { kind: 'rate-limited', retryAfterMs: 10 },
      { kind: 'ok', value: 'second' },
    ];
    let calls = 0;
    const r = await probe(ctx, async () => outcomes[calls++] ?? { kind: 'unreadable' });
    expect(r).toEqual({ kind: 'ok', value: 'second' });
    expect(calls).toBe(2);
  });

  it('returns a second 429 instead of retrying again', async () => {
    let calls = 0;
    const r = await probe<string>(ctx, async () => {
      calls += 1;
      return { kind: 'rate-limited', retryAfterMs: 5 };
    });
    expect(r.kind).toBe('rate-limited');
    expect(calls).toBe(2);
  });

  it("does not wait a Retry-After that would end past the check's deadline, even below the cap", async () => {
    let calls = 0;
    const started = performance.now();
    // Far apart, so no machine is slow enough to blur "did not wait" and "waited".
    const r = await probe<string>({ ...ctx, deadline: startDeadline(60_000) }, async () => {
      calls += 1;
      return { kind: 'rate-limited', retryAfterMs: 120_000 };
    });
    expect(r).toEqual({ kind: 'rate-limited', retryAfterMs: 120_000 });
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('waits a Retry-After that leaves the retry time before the deadline', async () => {
    const outcomes: ProbeOutcome<string>[] = [
      { kind: 'rate-limited', retryAfterMs: 20 },
      { kind: 'ok', value: 'second' },
    ];
    let calls = 0;
    const r = await probe({ ...ctx, deadline: startDeadline(1_000) }, async () => outcomes[calls++] ?? { kind: 'unreadable' });
    expect(r).toEqual({ kind: 'ok', value: 'second' });
  });

  it('does not wait out a Retry-After above the cap', async () => {
    let calls = 0;
    const r = await probe<string>(ctx, async () => {
      calls += 1;
      return { kind: 'rate-limited', retryAfterMs: 60_000 };
    });
    expect(r).toEqual({ kind: 'rate-limited', retryAfterMs: 60_000 });
    expect(calls).toBe(1);
  });
});

describe('startDeadline', () => {
  it('counts down one budget for the whole check', async () => {
    const deadline = startDeadline(300);
    expect(remainingMs({ deadline })).toBeGreaterThan(250);
    await new Promise((r) => setTimeout(r, 120));
    expect(remainingMs({ deadline })).toBeLessThan(200);
    expect(remainingMs({})).toBe(Infinity);
    await new Promise((r) => setTimeout(r, 250));
    expect(deadline.signal.aborted).toBe(true);
    expect(remainingMs({ deadline })).toBe(0);
  });
});
