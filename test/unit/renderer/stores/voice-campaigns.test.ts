import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../../electron/main/ipc';
import { followVoiceCampaigns, useVoiceCampaigns } from '../../../../renderer/src/stores/voice-campaigns';
import { parsePush } from '../../../../shared/ipc/pushes';
import { VoiceCampaignProgressSchema, type VoiceCampaignProgress } from '../../../../shared/voice-campaigns';

/** The push as it crosses to the console: parsed with its schema in the contract, or not sent (null). */
const asVoiceProgress = (payload: unknown): VoiceCampaignProgress | null => parsePush('event:voiceCampaignProgress', payload);
import { makeCore } from '../../../helpers/core';
import { leads, leadsCsv, startCampaignRig, TIER_1, type CampaignRig } from '../../../helpers/voice-campaign';

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
    const made = await c.voiceCampaigns.create(
      {
        workspaceId: ws,
        agent: 'Ava',
        contacts: Readable.from([Buffer.from('phone,timezone\n+14155552671,America/New_York\n+14155552672,America/New_York\n')]),
      },
      'console',
    );
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
    expect(asVoiceProgress({ ...push, live: undefined })).toBeNull();
    expect(
      asVoiceProgress({ ...push, live: [{ leadId: 1, callId: null, to: '+14155552671', name: '', state: 'ended', startedAt: '' }] }),
    ).toBeNull();
    expect(asVoiceProgress({ ...push, settled: '0' })).toBeNull();
    expect(asVoiceProgress(null)).toBeNull();
    expect(asVoiceProgress('progress')).toBeNull();
  });
});

describe('the console following a running voice campaign', () => {
  let rig: CampaignRig | null = null;
  let stop: (() => void) | null = null;
  afterEach(async () => {
    stop?.();
    stop = null;
    await rig?.close();
    rig = null;
    Reflect.deleteProperty(globalThis, 'window');
  });

  it('shows live calls from the pushes and reads the campaign again only when a call ended or the state changed', async () => {
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour: () => 'answer', listenMs: 2000 } });
    const r = rig;
    // The console's bridge, wired to the real handlers and the core's real pushes.
    const listeners = new Set<(payload: unknown) => void>();
    const ipc = createIpcHandlers({
      core: r.core,
      actor: 'console',
      emit: (event, payload) => event === 'event:voiceCampaignProgress' && listeners.forEach((l) => l(JSON.parse(JSON.stringify(payload)))),
    });
    let gets = 0;
    const bridge = {
      voiceCampaigns: {
        list: (i: unknown) => ipc['voiceCampaigns:list'](i as never),
        get: (i: unknown) => {
          gets += 1;
          return ipc['voiceCampaigns:get'](i as never);
        },
      },
      on: (_event: string, l: (payload: unknown) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    Object.defineProperty(globalThis, 'window', { value: { switchboard: bridge }, configurable: true });
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: Readable.from([Buffer.from(leadsCsv(leads(8)))]), retries: 0, cps: 50 },
      'console',
    );
    const id = made.campaign.id;
    await useVoiceCampaigns.getState().load(r.ws);
    const pushes: VoiceCampaignProgress[] = [];
    r.core.voiceCampaigns.onProgress((p) => pushes.push(p));
    stop = followVoiceCampaigns();
    let liveSeen = 0;
    const seen = useVoiceCampaigns.subscribe((s) => {
      liveSeen = Math.max(liveSeen, s.progress[id]?.live.length ?? 0);
    });
    await r.core.voiceCampaigns.run(id, 'console', { placer: r.placer });
    seen();
    // Let the last read come back.
    for (let i = 0; i < 100 && useVoiceCampaigns.getState().byWorkspace[r.ws]?.[0]?.state !== 'completed'; i++)
      await new Promise((res) => setTimeout(res, 10));

    const moves = new Set(pushes.map((p) => `${p.state} ${p.settled}`)).size;
    console.log(
      `8 leads: ${pushes.length} pushes, ${gets} reads of the campaign (${moves} distinct state/settled pairs), up to ${liveSeen} live calls shown from the pushes`,
    );
    expect(liveSeen).toBeGreaterThan(0);
    expect(gets).toBeGreaterThan(0);
    expect(gets).toBeLessThanOrEqual(moves);
    // Calls two seconds long: most pushes only moved live calls and counts, which the push carries.
    expect(gets).toBeLessThan(pushes.length);
    const shown = useVoiceCampaigns.getState().byWorkspace[r.ws]?.find((c) => c.id === id);
    expect(shown).toMatchObject({ state: 'completed', settled: 8, counts: { done: 8 }, live: [] });
    expect(shown?.cost.totalUsd).toBe(r.core.voiceCampaigns.get(id).cost.totalUsd);
    expect(shown?.cost.totalUsd).toBeGreaterThan(0);
  });
});
