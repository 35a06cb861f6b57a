import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { asVoiceProgress } from '../../../../renderer/src/stores/voice-campaigns';
import { VoiceCampaignProgressSchema, type VoiceCampaignProgress } from '../../../../shared/voice-campaigns';
import { makeCore } from '../../../helpers/core';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

describe('voice campaign progress as the console reads it', () => {
  let core: TestCore | null = null;
  afterEach(() => {
    core?.dispose();
    core = null;
  });

  /** A progress push from a real core: a campaign created, then cancelled. */
  const realPush = async (): Promise<VoiceCampaignProgress> => {
    core = await makeCore();
    const c = core;
    const ws = c.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
    c.agents.create(ws, { name: 'Ava', systemPrompt: 'You are Ava, calling about check-ups.' }, 'console');
    const made = await c.voiceCampaigns.create({ workspaceId: ws, agent: 'Ava', contacts: Readable.from([Buffer.from('phone,timezone\n+14155552671,America/New_York\n+14155552672,America/New_York\n')]) }, 'console');
    const pushed: VoiceCampaignProgress[] = [];
    c.voiceCampaigns.onProgress((p) => pushed.push(p));
    c.voiceCampaigns.cancel(made.campaign.id, 'console');
    const push = pushed[0];
    if (!push) throw new Error('the core pushed no progress');
    return push;
  };

  it('takes the push the core sends, as it is', async () => {
    const push = await realPush();
    expect(VoiceCampaignProgressSchema.parse(push)).toEqual(push);
    expect(asVoiceProgress(JSON.parse(JSON.stringify(push)))).toEqual(push);
    expect(push).toMatchObject({ state: 'cancelled', counts: { total: 2, cancelled: 2 } });
  });

  it('ignores a push with a missing count, an unknown state, a wrong outcome or a ceiling without its reason', async () => {
    const push = await realPush();
    const { inDoubt: _gone, ...counts } = push.counts;
    expect(asVoiceProgress({ ...push, counts })).toBeNull();
    expect(asVoiceProgress({ ...push, state: 'sending' })).toBeNull();
    expect(asVoiceProgress({ ...push, outcomes: { ...push.outcomes, busy: '1' } })).toBeNull();
    expect(asVoiceProgress({ ...push, ceiling: { ceiling: 5 } })).toBeNull();
    expect(asVoiceProgress({ ...push, note: 3 })).toBeNull();
    expect(asVoiceProgress(null)).toBeNull();
    expect(asVoiceProgress('progress')).toBeNull();
  });
});
