import { describe, expect, it } from 'vitest';
import { ceilingOf } from '../../../../../electron/core/campaigns/voice/ceiling';

const base = { campaignCap: 25, runnerMax: 25, carrierCps: 1, workspaceCallsNow: 0, sharedWith: 0 };

describe('a voice campaign’s ceiling', () => {
  it('is the Anthropic key’s concurrency when that is the smallest, and says the tier and whose key', () => {
    expect(ceilingOf({ concurrency: 5, tier: '1', owner: 'own', checked: true }, base)).toMatchObject({
      ceiling: 5,
      limitedBy: 'anthropic',
      reason:
        "5 calls at once: the client's Anthropic key is tier 1: about 5 calls at once from its rate limits; dialled at most 1 per second.",
    });
  });

  it('is the campaign’s own cap when that is lower, naming the key’s figure too', () => {
    expect(ceilingOf({ concurrency: 25, tier: '2', owner: 'agency', checked: true }, { ...base, campaignCap: 10 })).toMatchObject({
      ceiling: 10,
      limitedBy: 'campaign',
      reason:
        "10 calls at once: the campaign's own cap is 10 (the agency's Anthropic key is tier 2: about 25 calls at once from its rate limits); dialled at most 1 per second.",
    });
  });

  it('says it is shared with the workspace’s other running campaigns', () => {
    expect(ceilingOf({ concurrency: 25, tier: '2', owner: 'own', checked: true }, { ...base, sharedWith: 1 }).reason).toContain(
      '; shared with 1 other running campaign of this workspace;',
    );
  });

  it('is one call at a time for a key never checked, and says why', () => {
    expect(ceilingOf({ concurrency: 1, tier: null, owner: 'own', checked: false }, base)).toMatchObject({
      ceiling: 1,
      anthropic: null,
      reason: expect.stringContaining('has not been checked, so its rate limits are unknown'),
    });
  });
});
