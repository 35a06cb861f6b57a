import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldTransferTwiml, roomTwiml, updateTwilioCall } from '../../../../../../electron/core/voice/carriers/twilio/transfer';
import { checkTwilioRequests } from '../../../../../helpers/twilio-openapi';
import type { ProviderSim } from '../../../../../sim/server';
import { startTwilioSim, type TwilioState } from '../../../../../sim/twilio';
import { postStatus, serveCalls, type SimCall } from '../../../../../sim/twilio-calls';

describe('handing a Twilio call over with call updates', () => {
  let sim: ProviderSim<TwilioState>;
  let calls: SimCall[];
  const client = () => ({ accountSid: sim.state.accountSid, authToken: sim.state.authToken, endpoint: sim.url, timeoutMs: 5000 });
  beforeAll(async () => {
    sim = await startTwilioSim();
    calls = serveCalls(sim);
  });
  afterAll(() => sim.close());

  /** A call placed through the simulator and moved to the given state. */
  async function liveCall(state: 'ringing' | 'in-progress'): Promise<SimCall> {
    const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.state.accountSid}/Calls.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.state.accountSid}:${sim.state.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: '+14155550100', From: '+15005550006', Twiml: '<Response><Pause/></Response>' }).toString(),
    });
    const sid = ((await res.json()) as { sid: string }).sid;
    const call = calls.find((c) => c.sid === sid) as SimCall;
    await postStatus(sim, call, state);
    return call;
  }

  it('writes a cold transfer as a <Dial> with the key’s caller id, a ring time and the child leg’s own status callback', () => {
    expect(
      coldTransferTwiml({
        to: '+14155550123',
        from: '+15005550006',
        statusUrl: 'https://runner.example/twilio/status/abc',
        ringSeconds: 25,
      }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+15005550006" timeout="25"><Number statusCallback="https://runner.example/twilio/status/abc" statusCallbackMethod="POST" statusCallbackEvent="initiated ringing answered completed">+14155550123</Number></Dial></Response>',
    );
    expect(() => coldTransferTwiml({ to: '14155550123', from: '+15005550006', statusUrl: 'x', ringSeconds: 25 })).toThrow(/E.164/);
    expect(roomTwiml('Ab_12-cdEFgh')).toContain(
      '<Conference beep="false" startConferenceOnEnter="true" endConferenceOnExit="true" waitUrl="">Ab_12-cdEFgh</Conference>',
    );
    expect(() => roomTwiml('Sam Lee +14155550100')).toThrow(/room name/);
  });

  it('updates an in-progress call, and says in one sentence when Twilio refuses a call that is not in progress or TwiML that is too long', async () => {
    const ringing = await liveCall('ringing');
    await expect(updateTwilioCall(client(), ringing.sid, roomTwiml('room-00000001'))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The call is no longer in progress, so it could not be handed over (HTTP 400, error 21220).',
    });
    const live = await liveCall('in-progress');
    await expect(updateTwilioCall(client(), live.sid, `<Response>${'<Pause/>'.repeat(600)}</Response>`)).rejects.toThrow(
      /at most 4000 characters/,
    );
    await updateTwilioCall(client(), live.sid, roomTwiml('room-00000001'));
    expect(live.twimlRuns).toHaveLength(1);
    await expect(updateTwilioCall(client(), 'CAnot-a-sid', roomTwiml('room-00000001'))).rejects.toThrow(/not a Twilio call sid/);
    const updates = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${live.sid}.json`));
    expect(checkTwilioRequests(updates).flatMap((v) => v.problems)).toEqual([]);
  });
});
