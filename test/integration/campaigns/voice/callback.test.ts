/**
 * schedule_callback on a voice campaign's call, against the simulators and on the core's injected
 * clock (13:00 in New York, the campaign calling 09:00–20:00 there): a time outside the window is
 * refused with the nearest allowed times, the agreed one queues the lead for then, and the call's
 * outcome is callback with the time.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnthropicState } from '../../../sim/ai';
import type { ProviderSim } from '../../../sim/server';
import { agentDone, until } from '../../../helpers/voice-rig';
import { leads, leadsCsv, startCampaignRig, type CampaignRig } from '../../../helpers/voice-campaign';

type Block = { type: string; [k: string]: unknown };

describe('a callback agreed on a voice campaign call', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('answers a time outside the window with the nearest allowed one, and queues the lead for the time agreed inside it', async () => {
    rig = await startCampaignRig({
      callees: {
        behaviour: () => 'answer',
        onHuman: async (_call, m) => {
          const greeted = await agentDone(m, 0);
          await m.speak('Call me back tonight at half past nine.', 700);
          await agentDone(m, greeted);
          await m.speak('A quarter to eight is fine.', 700);
          await m.closed;
        },
      },
    });
    const r = rig;
    const anthropic = r.sims.byId.anthropic as ProviderSim<AnthropicState>;
    anthropic.state.stream.replies.push(
      { text: 'Let me see.', toolUses: [{ name: 'schedule_callback', input: { time: '2026-12-04T21:30' } }] },
      { text: 'We call until eight. Would a quarter to eight work?' },
      { text: '', toolUses: [{ name: 'schedule_callback', input: { time: '2026-12-04T19:45' } }] },
      {
        text: 'Great, we will call you at a quarter to eight tonight. Goodbye!',
        endCall: { outcome: 'callback', reason: 'Agreed a time.' },
      },
    );
    r.deepgram.queueTranscripts('Call me back tonight at half past nine.', 'A quarter to eight is fine.');
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Ava', contacts: Readable.from([Buffer.from(leadsCsv(leads(1)))]), retries: 0, cps: 5 },
      'console',
    );
    const id = made.campaign.id;
    const running = r.core.voiceCampaigns.run(id, 'console', { placer: r.placer }, { settleMs: 50 });
    await until(() => r.core.voiceCampaigns.leads(id).rows[0]?.outcome === 'callback', 90_000, 'the lead to settle');
    r.core.voiceCampaigns.pause(id, 'console');
    await running;

    expect(anthropic.state.stream.refused).toEqual([]);
    const requests = anthropic.requests
      .filter((q) => q.path === '/v1/messages' && q.body.includes('"stream":true'))
      .map(
        (q) =>
          JSON.parse(q.body) as { messages: { role: string; content: string | Block[] }[]; tools: { name: string; description: string }[] },
      );
    // Offered on a campaign call, told the lead's zone, its local time now and the window.
    const tool = requests[0]?.tools.find((t) => t.name === 'schedule_callback');
    expect(tool?.description).toContain('in America/New_York');
    expect(tool?.description).toContain('It is now 2026-12-04T13:00 there, a Friday.');
    expect(tool?.description).toContain('between 09:00-20:00 their time');
    const results = (requests.at(-1)?.messages ?? []).flatMap((m) =>
      typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result'),
    );
    expect(results[0]).toMatchObject({
      is_error: true,
      content:
        'Not scheduled: 2026-12-04T21:30 (America/New_York) is outside the calling window (09:00-20:00 their time). ' +
        'The nearest allowed time is 2026-12-04T19:45; the other is 2026-12-05T09:00. Offer it, and call schedule_callback again with the time they agree to.',
    });
    expect(results[1]).toMatchObject({
      content:
        '{"scheduled":"2026-12-04T19:45","timeZone":"America/New_York","note":"Say the time back to them, then end the call with the outcome callback."}',
    });
    // 19:45 in New York on 4 December is 00:45 UTC on the 5th: the lead waits for it, its callback recorded.
    const lead = r.core.voiceCampaigns.leads(id).rows[0];
    expect(lead).toMatchObject({
      state: 'queued',
      outcome: 'callback',
      notBefore: '2026-12-05T00:45:00.000Z',
      callbackAt: '2026-12-05T00:45:00.000Z',
    });
    const call = r.core.calls.get(r.ws, lead?.callId ?? '');
    expect(call.outcome).toBe('callback');
    expect(call.reason).toBe('Callback agreed for 2026-12-04T19:45 America/New_York. Agreed a time.');
    expect(r.core.audit.list({ workspaceId: r.ws }).filter((e) => e.action === 'campaign.callback')).toEqual([
      expect.objectContaining({ target: id, detail: { lead: lead?.id, at: '2026-12-05T00:45:00.000Z' } }),
    ]);
  });
});
