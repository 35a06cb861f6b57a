import { describe, expect, it } from 'vitest';
import { concurrencyOf, readLimits, tierOf } from '../../../../electron/core/providers/anthropic';

describe('Anthropic limits', () => {
  it('reads the rate-limit headers', () => {
    const h = new Headers({
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-input-tokens-limit': '30000',
      'anthropic-ratelimit-output-tokens-limit': '8000',
    });
    expect(readLimits(h)).toEqual({ requests: 50, inputTokens: 30_000, outputTokens: 8_000 });
  });

  it('returns undefined when no limit header is present', () => {
    expect(readLimits(new Headers())).toBeUndefined();
  });

  it('maps requests per minute to the published tiers', () => {
    expect(tierOf({ requests: 50 })).toBe('1');
    expect(tierOf({ requests: 1000 })).toBe('2');
    expect(tierOf({ requests: 4000 })).toBe('4');
    expect(tierOf({ requests: 10_000 })).toBe('custom');
    expect(tierOf({})).toBe('unknown');
  });

  it('takes the tightest budget as the concurrency ceiling, never below 1', () => {
    expect(concurrencyOf({ requests: 50, inputTokens: 30_000, outputTokens: 8_000 })).toBe(5);
    expect(concurrencyOf({ requests: 1000, inputTokens: 60_000, outputTokens: 90_000 })).toBe(10);
    expect(concurrencyOf({ requests: 5 })).toBe(1);
  });
});
