import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Buckets, TokenBucket } from '../../../../electron/core/messaging/bucket';

/** Sends n requests through a bucket on a simulated clock, with timers firing late by up to `late` ms and the odd stall. */
function simulate(rate: number, n: number, lateness: readonly number[], start = 0): number[] {
  let now = start;
  const bucket = new TokenBucket(rate, () => now);
  const sent: number[] = [];
  for (let i = 0; i < n; i++) {
    const slot = bucket.reserve();
    now += slot.wait + (lateness[i % lateness.length] ?? 0);
    slot.commit();
    sent.push(now);
  }
  return sent;
}

function busiestWindow(times: readonly number[]): number {
  const windows = new Map<number, number>();
  for (const t of times) windows.set(Math.floor(t / 1000), (windows.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(...windows.values());
}

describe('the per-sender token bucket', () => {
  it('never lets more than the rate into any one-second window, however late timers fire', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 80 })), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 999 }),
        (rate, lateness, start) => {
          const sent = simulate(rate, rate * 5, lateness, start);
          expect(busiestWindow(sent)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps at least 95 % of the rate when timers fire late, catching up without crowding a window', () => {
    const sent = simulate(50, 1000, [0, 1, 0, 2, 1, 0, 15, 0, 0, 4]);
    const perSecond = (sent.length - 1) / (((sent.at(-1) ?? 0) - (sent[0] ?? 0)) / 1000);
    expect(perSecond).toBeGreaterThan(50 * 0.95);
    expect(perSecond).toBeLessThanOrEqual(50);
    expect(busiestWindow(sent)).toBeLessThanOrEqual(50);
  });

  it('keeps concurrent reservations apart', () => {
    const now = 0;
    const bucket = new TokenBucket(2, () => now);
    const slots = [bucket.reserve(), bucket.reserve(), bucket.reserve()];
    expect(slots.map((s) => s.wait)).toEqual([0, 510, 1030]);
  });

  it('holds every request back for a Retry-After', () => {
    const now = 0;
    const bucket = new TokenBucket(10, () => now);
    bucket.reserve().commit();
    bucket.holdFor(3000);
    expect(bucket.reserve().wait).toBeGreaterThanOrEqual(3000);
  });

  it('starts a bucket left idle with one token, not a burst', () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now);
    now = 60_000;
    const first = bucket.reserve();
    expect(first.wait).toBe(0);
    first.commit();
    expect(bucket.reserve().wait).toBeGreaterThanOrEqual(100);
  });
});

describe('buckets shared per sender', () => {
  it('paces every campaign on one number at the lowest rate any of them asked for, and lets go when it leaves', () => {
    const buckets = new Buckets();
    const fast = buckets.join('twilio:+14155550100', 'a', 50);
    expect(fast.ratePerSec).toBe(50);
    const slow = buckets.join('twilio:+14155550100', 'b', 5);
    expect([fast.ratePerSec, slow.ratePerSec]).toEqual([5, 5]);
    // Another number keeps its own pace.
    expect(buckets.join('twilio:+14155550101', 'c', 50).ratePerSec).toBe(50);
    slow.leave();
    expect(fast.ratePerSec).toBe(50);
  });

  it('does not burst when the pace changes: the new pace starts after one guard window', () => {
    const buckets = new Buckets();
    buckets.join('resend:a@example.org', 'a', 10);
    const slow = buckets.join('resend:a@example.org', 'b', 2);
    expect(slow.reserve().wait).toBeGreaterThan(1000);
  });
});
