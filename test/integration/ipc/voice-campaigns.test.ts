import { afterEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { Result } from '../../../shared/errors';
import { VoiceCampaignProgressSchema, VoiceCampaignViewSchema } from '../../../shared/voice-campaigns';
import type { Output } from '../../../shared/ipc/contract';
import { leads, leadsCsv, startCampaignRig, TIER_1, type CampaignRig } from '../../helpers/voice-campaign';

describe('voice campaign channels', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('creates a campaign from the file text with its report and estimate, refuses to start without the runner, and shows leads, outcomes, cost and the ceiling as the contract says', async () => {
    rig = await startCampaignRig({
      limits: TIER_1,
      callees: { behaviour: (to) => (to.endsWith('1001') ? 'busy' : 'answer'), listenMs: 1200 },
    });
    const r = rig;
    const events: { event: string; payload: unknown }[] = [];
    const ipc = createIpcHandlers({ core: r.core, actor: 'console', emit: (event, payload) => events.push({ event, payload }) });
    const csv = `${leadsCsv(leads(4))}not-a-number,Nobody,America/New_York\n`;
    const made = (await ipc['voiceCampaigns:create']({
      workspaceId: r.ws,
      agent: 'Ava',
      csv,
      retries: 0,
      machine: 'voicemail',
      cps: 50,
    })) as Result<Output<'voiceCampaigns:create'>>;
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.issues).toEqual([{ line: 6, kind: 'rejected', reason: '“not-a-number” is not a phone number' }]);
    expect(made.value.campaign).toMatchObject({
      state: 'ready',
      window: '09:00-20:00',
      machine: 'voicemail',
      counts: { total: 4, queued: 4 },
      imported: { rows: 5, recipients: 4, rejected: 1 },
    });
    // Before anything is dialled the view already says what the key allows, and why.
    expect(made.value.campaign.ceiling).toMatchObject({
      ceiling: 5,
      limitedBy: 'anthropic',
      anthropic: { concurrency: 5, tier: '1', owner: 'own' },
    });
    expect(made.value.campaign.estimate.byProvider.map((p) => [p.role, p.provider, p.owner])).toEqual([
      ['carrier', 'twilio', 'own'],
      ['stt', 'deepgram', 'own'],
      ['llm', 'anthropic', 'own'],
      ['tts', 'cartesia', 'own'],
    ]);
    const id = made.value.campaign.id;
    expect(await ipc['voiceCampaigns:start']({ id })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Start the voice runner first: carriers need your public URL or the ngrok tunnel to reach this computer.',
      },
    });

    await r.core.voiceCampaigns.run(id, 'console', { placer: r.placer });
    const got = (await ipc['voiceCampaigns:get']({ id })) as Result<Output<'voiceCampaigns:get'>>;
    if (!got.ok) throw new Error(got.error.message);
    VoiceCampaignViewSchema.parse(got.value);
    expect(got.value).toMatchObject({
      state: 'completed',
      counts: { done: 4 },
      outcomes: { busy: 1, not_interested: 3 },
      carrier: 'twilio',
      keyOwner: 'own',
      live: [],
    });
    expect(got.value.usage.map((u) => u.provider)).toContain('twilio');
    expect(got.value.cost.ownUsd).toBeGreaterThan(0);
    const page = (await ipc['voiceCampaigns:leads']({ id, limit: 10 })) as Result<Output<'voiceCampaigns:leads'>>;
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.rows.map((l) => [l.to, l.state, l.outcome, l.attempts])).toEqual([
      ['+14155551000', 'done', 'not_interested', 1],
      ['+14155551001', 'done', 'busy', 1],
      ['+14155551002', 'done', 'not_interested', 1],
      ['+14155551003', 'done', 'not_interested', 1],
    ]);
    expect(page.value.rows[0]?.callId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ipc['voiceCampaigns:issues']({ id })).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await ipc['voiceCampaigns:list']({ workspaceId: r.ws })).toMatchObject({ ok: true, value: [{ id }] });
    const pushes = events.filter((e) => e.event === 'event:voiceCampaignProgress').map((e) => VoiceCampaignProgressSchema.parse(e.payload));
    expect(pushes.at(-1)).toMatchObject({ campaignId: id, state: 'completed', settled: 4, live: [], callsNow: 0 });
    expect(got.value.settled).toBe(4);
    // While calls are on the line the push itself names them, as the view does.
    const during = pushes.find((p) => p.live.length > 0);
    expect(during?.live.length).toBe(during?.callsNow);
    expect(during?.live[0]?.to).toMatch(/^\+1415555100\d$/);
    expect(pushes.some((p) => p.ceiling?.reason.startsWith("5 calls at once: the client's Anthropic key is tier 1"))).toBe(true);
    expect(await ipc['voiceCampaigns:dialAgain']({ id, expected: 1, confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    // Deleting takes the calls and their sealed transcripts with it.
    const callIds = page.value.rows.map((l) => l.callId);
    expect(await ipc['voiceCampaigns:delete']({ id })).toEqual({ ok: true, value: { deleted: true, calls: 4 } });
    expect(r.core.calls.list(r.ws, { campaignId: id })).toEqual([]);
    for (const callId of callIds)
      expect(r.core.db.prepare('SELECT count(*) AS n FROM call_transcript WHERE call_id = ?').get(callId)).toEqual({ n: 0 });
    expect(await ipc['voiceCampaigns:get']({ id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(r.core.audit.list({ action: 'campaign.delete' })).toHaveLength(1);
  });
});
