import { describe, expect, it } from 'vitest';
import { cacheMinimum, estimateTokens, promptCaching } from '../../../../../electron/core/voice/streams/prompt-cache';

describe('prompt caching', () => {
  it('knows each in-call model’s minimum, and takes an unknown model at the highest', () => {
    expect(cacheMinimum('claude-haiku-4-5')).toBe(4096);
    expect(cacheMinimum('claude-haiku-4-5-20251001')).toBe(4096);
    expect(cacheMinimum('claude-opus-4-6')).toBe(4096);
    expect(cacheMinimum('claude-sonnet-4-6')).toBe(2048);
    expect(cacheMinimum('claude-sonnet-4-5')).toBe(1024);
    expect(cacheMinimum('claude-3-5-haiku-latest')).toBe(2048);
    expect(cacheMinimum('some-future-model')).toBe(4096);
  });

  it('says a typical agent prompt does not cache on Haiku 4.5, and a long one does', () => {
    const typical = 'You are Ava, a friendly assistant calling patients of Acme Dental to book a check-up. Keep replies short.';
    expect(promptCaching('claude-haiku-4-5', [typical])).toEqual({ tokens: estimateTokens(typical), minimum: 4096, caches: false });
    const long = 'x'.repeat(4096 * 4);
    expect(promptCaching('claude-haiku-4-5', [long]).caches).toBe(true);
    // The same long prompt is still short of nothing on Sonnet 4.6.
    expect(promptCaching('claude-sonnet-4-6', [long.slice(0, 2048 * 4)]).caches).toBe(true);
  });

  it('errs towards more tokens than characters over four', () => {
    expect(estimateTokens('a'.repeat(35))).toBe(10);
    expect(estimateTokens('')).toBe(0);
  });
});
