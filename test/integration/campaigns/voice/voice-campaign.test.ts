import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnthropicState } from '../../../sim/ai';
import type { ProviderSim } from '../../../sim/server';
import { agentDone, RIG_AGENT } from '../../../helpers/voice-rig';
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
    const behaviour = (to: string): 'answer' | 'busy' | 'no-answer' | 'machine' =>
      (['answer', 'busy', 'no-answer', 'machine'] as const)[numbers.indexOf(to) % 4] ?? 'answer';
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour } });
    const r = rig;
    r.core.workflows.addRule(
      { workspaceId: r.ws, outcome: 'voicemail', channel: 'sms', template: 'Sorry we missed you, {{first_name}}.' },
      'console',
    );
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(numbers)), retries: 0, cps: 20, machine: 'hangup' },
      'console',
    );
    expect(made.campaign).toMatchObject({ state: 'ready', counts: { total: 12, queued: 12 }, imported: { recipients: 12 } });
    expect(made.campaign.estimate.byProvider.map((p) => p.provider)).toEqual(['twilio', 'deepgram', 'anthropic', 'cartesia']);

    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer }, { settleMs: 50 });
    expect(done.state).toBe('completed');
    expect(r.callees.twice()).toEqual([]);
    expect(r.callees.dialled.size).toBe(12);
    expect(done.outcomes).toMatchObject({ busy: 3, no_answer: 3, voicemail: 3, not_interested: 3 });
    expect(done.counts).toMatchObject({ total: 12, done: 12 });
    const wf = r.core.campaigns.list(r.ws).find((c) => c.kind === 'workflow');
    expect(wf?.counts.total).toBe(3);
    expect(r.callees.peak).toBeLessThanOrEqual(5);
  });
});

describe('a voice campaign at its Anthropic tier', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  const runAt = async (limits: typeof TIER_1 | typeof TIER_2, n: number): Promise<{ peak: number; reason: string }> => {
    rig = await startCampaignRig({ limits, callees: { behaviour: () => 'answer', listenMs: 400 } });
    const r = rig;
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(n))), retries: 0, cps: 100 },
      'console',
    );
    let reason = '';
    r.core.voiceCampaigns.onProgress((p) => {
      if (p.ceiling) reason = p.ceiling.reason;
    });
    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(done.counts.done).toBe(n);
    expect(r.callees.twice()).toEqual([]);
    return { peak: r.callees.peak, reason };
  };

  it('paces dial requests at the campaign’s calls per second', async () => {
    rig = await startCampaignRig({ limits: TIER_2, callees: { behaviour: () => 'busy' } });
    const r = rig;
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(8))), retries: 0, cps: 4 },
      'console',
    );
    await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    const dials = r.sims.twilio.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/Calls.json')).map((q) => q.at);
    expect(dials).toHaveLength(8);
    // No one-second window at the carrier holds more than 4 dial requests.
    const busiest = Math.max(...dials.map((t) => dials.filter((u) => u >= t && u < t + 1000).length));
    console.log(`cps 4: busiest one-second window at the carrier held ${busiest} dial requests`);
    expect(busiest).toBeLessThanOrEqual(4);
  });

  it('never holds more calls than a tier 1 key allows (5)', async () => {
    const { peak, reason } = await runAt(TIER_1, 20);
    console.log(`tier 1: peak ${peak} calls at once at the carrier; ${reason}`);
    expect(peak).toBe(5);
    expect(reason).toMatch(/^5 calls at once: the client's Anthropic key is tier 1/);
  });

  it('runs at the higher ceiling of a tier 2 key (25)', async () => {
    const { peak, reason } = await runAt(TIER_2, 60);
    console.log(`tier 2: peak ${peak} calls at once at the carrier; ${reason}`);
    expect(peak).toBeGreaterThan(10);
    expect(peak).toBeLessThanOrEqual(25);
    expect(reason).toMatch(/^25 calls at once: the client's Anthropic key is tier 2/);
  });
});

describe('answering machines, do-not-call and refused keys on a voice campaign', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('leaves the voicemail message after the beep when the campaign says so, and records voicemail', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'machine' } });
    const r = rig;
    const message = 'Ava from Acme Dental here, please call us back.';
    const made = await r.core.voiceCampaigns.create(
      {
        workspaceId: r.ws,
        agent: 'Ava',
        contacts: csv(leadsCsv(leads(2))),
        machine: 'voicemail',
        voicemailText: message,
        retries: 0,
        cps: 50,
      },
      'console',
    );
    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(done.outcomes.voicemail).toBe(2);
    for (const c of r.sims.calls)
      expect(c).toMatchObject({ machineDetection: 'DetectMessageEnd', asyncAmd: true, hungUp: true, answeredBy: 'machine_end_beep' });
    // The message's audio reached the machine before the hang-up, and the call says so.
    for (const m of r.callees.machines) expect(m.agentFrames).toBeGreaterThan(25);
    const lead = r.core.voiceCampaigns.leads(made.campaign.id).rows[0];
    expect(lead).toMatchObject({
      state: 'done',
      outcome: 'voicemail',
      reason: 'An answering machine picked up; the voicemail message was left after the beep.',
    });
    const call = r.core.calls.get(r.ws, lead?.callId ?? '');
    expect(call.transcript.map((l) => l.text)).toContain(message);
  });

  it('hangs up on a machine when the campaign says so, and records voicemail', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'machine' } });
    const r = rig;
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(2))), machine: 'hangup', retries: 0, cps: 50 },
      'console',
    );
    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(done.outcomes.voicemail).toBe(2);
    for (const c of r.sims.calls)
      expect(c).toMatchObject({ machineDetection: 'Enable', asyncAmd: true, hungUp: true, answeredBy: 'machine_start' });
    expect(r.core.voiceCampaigns.leads(made.campaign.id).rows.map((l) => l.reason)).toEqual([
      'An answering machine picked up; the agent hung up as configured.',
      'An answering machine picked up; the agent hung up as configured.',
    ]);
  });

  it('puts a lead who asks not to be called on the workspace do-not-call list at once', async () => {
    rig = await startCampaignRig({
      callees: {
        behaviour: () => 'answer',
        onHuman: async (_call, media) => {
          const frames = await agentDone(media, 0);
          await media.speak('Please do not call me again.', 500);
          await agentDone(media, frames).catch(() => undefined);
          await media.closed;
        },
      },
    });
    const r = rig;
    (r.sims.byId.anthropic as ProviderSim<AnthropicState>).state.stream.replies.push({
      text: 'Of course. Goodbye!',
      endCall: { outcome: 'do_not_call', reason: 'Asked not to be called again.' },
    });
    r.deepgram.queueTranscripts('Please do not call me again.');
    const [number] = leads(1);
    // A short greeting and goodbye: the call plays at real time.
    r.core.agents.create(r.ws, { ...RIG_AGENT, name: 'Quick', greeting: 'Hi, Acme Dental here.' }, 'console');
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Quick', contacts: csv(leadsCsv([number ?? ''])), retries: 0, cps: 50 },
      'console',
    );
    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(done.outcomes.do_not_call).toBe(1);
    expect(r.core.campaigns.dnc.exclusionFor(r.ws)(number ?? '')).toBe('opted out');
    await expect(
      r.core.voiceCampaigns.create({ workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv([number ?? ''])) }, 'console'),
    ).rejects.toThrow(/^No row of the contacts file can be called \(0 rejected, 1 excluded\)/);
  });

  it('pauses with the reason when Twilio refuses the key, and dials nobody meanwhile', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'answer' } });
    const r = rig;
    r.sims.twilio.setFault({ kind: 'unauthorized' }, { method: 'POST' });
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(3))), cps: 50 },
      'console',
    );
    const paused = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toMatch(
      /^Twilio rejected the Account SID and Auth Token \(HTTP 401.*Nothing more was dialled: fix the key, then resume\.$/,
    );
    expect(paused.counts).toMatchObject({ queued: 3, dialing: 0 });
    expect(r.callees.dialled.size).toBe(0);
    r.sims.twilio.setFault(null);
    const resumed = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(resumed.state).toBe('completed');
    expect(r.callees.dialled.size).toBe(3);
    expect(r.callees.twice()).toEqual([]);
  });

  it('pauses when the voice runner stops, failing no lead that was not called', async () => {
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour: () => 'answer', listenMs: 500 } });
    const r = rig;
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv(leads(12))), retries: 0, cps: 50 },
      'console',
    );
    const running = r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    while (r.callees.dialled.size < 2) await new Promise((res) => setTimeout(res, 5));
    await r.runner.stop();
    const paused = await running;
    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toBe(
      'The voice runner has stopped, so carriers cannot reach this computer. Start the runner again, then resume.',
    );
    expect(paused.counts.failed).toBe(0);
    expect(paused.counts.queued).toBeGreaterThan(0);
    expect(paused.counts.done + paused.counts.queued).toBe(12);
  });

  it('shares the key’s ceiling between two campaigns of the workspace', async () => {
    rig = await startCampaignRig({ limits: TIER_1, callees: { behaviour: () => 'answer', listenMs: 300 } });
    const r = rig;
    const a = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', name: 'A', contacts: csv(leadsCsv(leads(10))), retries: 0, cps: 100 },
      'console',
    );
    const b = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', name: 'B', contacts: csv(leadsCsv(leads(10, 100))), retries: 0, cps: 100 },
      'console',
    );
    const [x, y] = await Promise.all([
      r.core.voiceCampaigns.run(a.campaign.id, 'console', { placer: r.placer }),
      r.core.voiceCampaigns.run(b.campaign.id, 'console', { placer: r.placer }),
    ]);
    expect([x.state, y.state]).toEqual(['completed', 'completed']);
    console.log(`two tier 1 campaigns: peak ${r.callees.peak} calls at once at the carrier`);
    expect(r.callees.peak).toBeLessThanOrEqual(5);
    expect(r.callees.dialled.size).toBe(20);
  });
});
