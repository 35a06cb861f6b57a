import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { dialTwilioStream } from '../../../../electron/core/voice/carriers/twilio/calls';
import { addChecked } from '../../../helpers/voice';
import { RIG_AGENT } from '../../../helpers/voice-rig';
import { leads, leadsCsv, startCampaignRig, type CampaignRig } from '../../../helpers/voice-campaign';

const csv = (text: string): Readable => Readable.from([Buffer.from(text)]);
/** A pid no process has: the run that held the campaign is gone. */
const DEAD_PID = 2_147_483_646;

describe('a voice campaign resumed after its process died', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  /** Leaves the campaign as a killed run would: running, held by a dead pid, these leads in flight since `at`. */
  function leaveInFlight(r: CampaignRig, campaignId: string, numbers: readonly string[], at: number): void {
    r.core.db
      .prepare('UPDATE voice_campaigns SET state = ?, runner_pid = ?, runner_heartbeat = 0 WHERE id = ?')
      .run('running', DEAD_PID, campaignId);
    for (const n of numbers)
      r.core.db
        .prepare(
          "UPDATE call_leads SET state = 'dialing', attempts = 1, inflight_at = ?, dialled_at = ? WHERE campaign_id = ? AND recipient = ?",
        )
        .run(at, new Date(at).toISOString(), campaignId, n);
  }

  it('asks Twilio before dialling again: a call it has is settled from its status, one it lacks is dialled once', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'answer' } });
    const r = rig;
    const [placed, lost, fresh] = leads(3);
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: csv(leadsCsv([placed ?? '', lost ?? '', fresh ?? ''])), retries: 0, cps: 50 },
      'console',
    );
    const id = made.campaign.id;
    const at = r.core.now().getTime() - 5_000;
    leaveInFlight(r, id, [placed ?? '', lost ?? ''], at);
    // The dead run reached Twilio for the first lead (the line was busy) and wrote the call's row for the second, then died before dialling it.
    const f = r.sims.twilio.fields;
    await dialTwilioStream(
      { accountSid: f.accountSid ?? '', authToken: f.authToken ?? '', endpoint: null, env: r.sims.env, timeoutMs: 60_000 },
      {
        to: placed ?? '',
        from: f.phoneNumber ?? '',
        streamUrl: 'wss://gone.invalid/stream',
        token: 't',
        statusUrl: 'https://gone.invalid/status',
      },
    );
    await r.callees.settle();
    const first = r.sims.calls[0];
    if (!first) throw new Error('no call');
    first.state = 'busy';
    r.core.calls.create(
      {
        workspaceId: r.ws,
        agentId: r.agent.id,
        agentName: RIG_AGENT.name,
        to: lost ?? '',
        from: f.phoneNumber ?? '',
        carrier: 'twilio',
        campaignId: id,
      },
      'system',
    );

    const done = await r.core.voiceCampaigns.run(id, 'console', { placer: r.placer }, { settleMs: 10 });
    expect(done.state).toBe('completed');
    expect(Object.fromEntries(r.callees.dialled)).toEqual({ [placed ?? '']: 1, [lost ?? '']: 1, [fresh ?? '']: 1 });
    const rows = Object.fromEntries(r.core.voiceCampaigns.leads(id).rows.map((l) => [l.to, l]));
    expect(rows[placed ?? '']).toMatchObject({ state: 'done', outcome: 'busy', attempts: 1 });
    expect(rows[lost ?? '']).toMatchObject({ state: 'done', outcome: 'not_interested', attempts: 1 });
    const asked = r.sims.twilio.requests.filter((q) => q.method === 'GET' && q.path.endsWith('/Calls.json')).map((q) => q.query.To);
    expect(asked.sort()).toEqual([lost, placed].sort());
    // The row the dead run left for the lost lead says it was never placed.
    expect(r.core.calls.list(r.ws, { campaignId: id }).find((c) => c.to === lost && c.carrierCallId === null)).toMatchObject({
      outcome: 'failed',
      reason: 'The call was not placed: Twilio has no record of it.',
    });
    expect(r.core.audit.list({ action: 'campaign.call-lookup' }).length).toBe(2);
  });

  it('leaves an Exotel call in flight in doubt for the operator, and dials it again only when asked with the count shown', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'answer' } });
    const r = rig;
    const ws = r.core.workspaces.create({ name: 'Mumbai Clinic', defaultCountry: 'IN' }, 'console').id;
    for (const p of ['exotel', 'deepgram', 'anthropic', 'cartesia'] as const) await addChecked(r.core, r.sims, ws, p);
    r.core.onboarding.complete(ws, 'console');
    r.core.agents.create(ws, RIG_AGENT, 'console');
    const numbers = ['+919812345670', '+919812345671'];
    const made = await r.core.voiceCampaigns.create(
      {
        workspaceId: ws,
        agent: 'Ava',
        contacts: csv(`phone,first_name,timezone\n${numbers.map((n) => `${n},Asha,Asia/Kolkata`).join('\n')}\n`),
        window: '00:00-24:00',
        retries: 0,
      },
      'console',
    );
    const id = made.campaign.id;
    leaveInFlight(r, id, numbers, r.core.now().getTime() - 5_000);

    const done = await r.core.voiceCampaigns.run(id, 'console', { placer: r.placer }, { settleMs: 10 });
    expect(done).toMatchObject({ state: 'completed', counts: { inDoubt: 2, done: 0 } });
    expect(r.core.voiceCampaigns.leads(id).rows.map((l) => l.reason)).toEqual(
      Array(2).fill('in doubt: the request may have reached Exotel, which cannot be asked; check its call log, then dial again'),
    );
    expect(() => r.core.voiceCampaigns.dialAgain(id, 'console', 3)).toThrow(
      '2 calls are in doubt now, not 3: look at the campaign again before dialling them.',
    );
    const again = r.core.voiceCampaigns.dialAgain(id, 'console', 2);
    expect(again).toMatchObject({ state: 'paused', counts: { queued: 2, inDoubt: 0 } });
  });
});
