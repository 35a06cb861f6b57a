import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { leads, leadsCsv, startCampaignRig, TIER_1, TIER_2, type CampaignRig } from '../../../helpers/voice-campaign';

const csv = (text: string): Readable => Readable.from([Buffer.from(text)]);

describe('a voice campaign against the simulators', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('calls every lead once, ends each call in one outcome and feeds the workflows once per call', async () => {
    const numbers = leads(12);
    const behaviour = (to: string): 'answer' | 'busy' | 'no-answer' | 'machine' => (['answer', 'busy', 'no-answer', 'machine'] as const)[numbers.indexOf(to) % 4] ?? 'answer';
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour } });
    const r = rig;
    r.core.workflows.addRule({ workspaceId: r.ws, outcome: 'voicemail', channel: 'sms', template: 'Sorry we missed you, {{first_name}}.' }, 'console');
    const made = await r.core.voiceCampaigns.create({ workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(numbers)), retries: 0, cps: 20, machine: 'hangup' }, 'console');
    expect(made.campaign).toMatchObject({ state: 'ready', counts: { total: 12, queued: 12 }, imported: { recipients: 12 } });
    expect(made.campaign.estimate.byProvider.map((p) => p.provider)).toEqual(['twilio', 'deepgram', 'anthropic', 'cartesia']);

    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', r.placer, { settleMs: 50 });
    expect(done.state).toBe('completed');
    expect(r.callees.twice()).toEqual([]);
    expect(r.callees.dialled.size).toBe(12);
    expect(done.outcomes).toMatchObject({ busy: 3, no_answer: 3, voicemail: 3, not_interested: 3 });
    expect(done.counts).toMatchObject({ total: 12, done: 12 });
    const wf = r.core.campaigns.list(r.ws).find((c) => c.kind === 'workflow');
    expect(wf?.counts.total).toBe(3);
    expect(r.callees.peak).toBeLessThanOrEqual(5);
  }, 60_000);
});
