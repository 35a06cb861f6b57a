import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoiceCampaignProgress } from '../../../../shared/voice-campaigns';
import { until } from '../../../helpers/voice-rig';
import { leads, leadsCsv, startCampaignRig, TIER_1, type CampaignRig } from '../../../helpers/voice-campaign';

const csv = (text: string): Readable => Readable.from([Buffer.from(text)]);

describe('resuming a voice campaign whose paused run still has calls on the line', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('is running again at once, keeps those calls going, dials new leads beside them and calls every lead once within the ceiling', async () => {
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour: () => 'answer', listenMs: 2000 } });
    const r = rig;
    const v = r.core.voiceCampaigns;
    // Two dials a second against a ceiling of 5: at the pause a few calls are on the line and places are free.
    const made = await v.create({ workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(12))), retries: 0, cps: 2 }, 'console');
    const id = made.campaign.id;
    const pushes: VoiceCampaignProgress[] = [];
    v.onProgress((p) => pushes.push(p));
    const first = v.run(id, 'console', { placer: r.placer });
    await until(() => v.get(id).counts.inCall >= 2, undefined, 'two calls on the line');

    const paused = v.pause(id, 'console');
    expect(paused.state).toBe('paused');
    const onLine = paused.live.map((l) => l.leadId);
    expect(onLine.length).toBeGreaterThanOrEqual(2);
    const touched = new Set(
      v
        .leads(id)
        .rows.filter((l) => l.state !== 'queued')
        .map((l) => l.id),
    );

    const resumed = v.run(id, 'console', { placer: r.placer });
    const now = v.get(id);
    expect(now.state).toBe('running');
    expect(now.pauseReason).toBeNull();
    expect(now.live.map((l) => l.leadId)).toEqual(expect.arrayContaining(onLine));
    expect(pushes.at(-1)).toMatchObject({ campaignId: id, state: 'running' });

    // A lead first dialled after the resume is on the line while a call of the paused run still is.
    await until(
      () => {
        const live = v.get(id).live.map((l) => l.leadId);
        return live.some((l) => !touched.has(l)) && live.some((l) => onLine.includes(l));
      },
      undefined,
      'a new dial beside the calls kept on the line',
    );

    const [a, b] = await Promise.all([first, resumed]);
    expect([a.state, b.state]).toEqual(['completed', 'completed']);
    expect(b.counts).toMatchObject({ total: 12, done: 12 });
    expect(r.callees.dialled.size).toBe(12);
    expect(r.callees.twice()).toEqual([]);
    console.log(`resume with calls on the line: peak ${r.callees.peak} calls at once at the carrier (ceiling 5)`);
    expect(r.callees.peak).toBeLessThanOrEqual(5);
    expect(r.core.audit.list({ action: 'campaign.resume' }).filter((e) => e.target === id)).toHaveLength(1);
  });

  it('pauses and resumes three times over with calls on the line, still calling every lead once within the ceiling', async () => {
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour: () => 'answer', listenMs: 1500 } });
    const r = rig;
    const v = r.core.voiceCampaigns;
    const made = await v.create({ workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(15))), retries: 0, cps: 3 }, 'console');
    const id = made.campaign.id;
    const runs = [v.run(id, 'console', { placer: r.placer })];
    for (let i = 0; i < 3; i++) {
      const before = v.get(id).settled;
      await until(
        () => v.get(id).counts.inCall >= 1 && v.get(id).settled > before,
        undefined,
        `a call ended and one on the line before pause ${i + 1}`,
      );
      expect(v.pause(id, 'console').state).toBe('paused');
      runs.push(v.run(id, 'console', { placer: r.placer }));
      expect(v.get(id)).toMatchObject({ state: 'running', pauseReason: null });
    }
    const ends = await Promise.all(runs);
    expect(ends.map((e) => e.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(ends[0]?.counts).toMatchObject({ total: 15, done: 15 });
    expect(ends[0]?.settled).toBe(15);
    expect(r.callees.dialled.size).toBe(15);
    expect(r.callees.twice()).toEqual([]);
    expect(r.callees.peak).toBeLessThanOrEqual(5);
  });
});
