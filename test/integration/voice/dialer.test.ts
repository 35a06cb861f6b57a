import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChecked, addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('the outbound dialer', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.calls.splice(0);
    sims.twilio.clearRequests();
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
  });
  afterEach(() => core.dispose());

  const callsPosted = () => sims.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Calls.json'));

  it('refuses a workspace whose onboarding is not complete, as does the workflow gate, even with every key validated', async () => {
    await addVoiceKeys(core, sims, ws);
    await expect(core.dialer.dial({ workspaceId: ws, to: '+14155550100' })).rejects.toMatchObject({ code: 'ONBOARDING_INCOMPLETE', message: expect.stringContaining('the dialer stays locked') });
    expect(() => core.onboarding.assertReady(ws, 'workflows')).toThrowError(expect.objectContaining({ code: 'ONBOARDING_INCOMPLETE', message: expect.stringContaining('the workflow runner stays locked') }));
    expect(callsPosted()).toHaveLength(0);
    expect(sims.calls).toHaveLength(0);
  });

  it('after onboarding completes with four keys validated against the simulators, places a call the Twilio simulator records', async () => {
    const keys = await addVoiceKeys(core, sims, ws);
    for (const k of Object.values(keys)) expect(k.status).toBe('valid');
    core.onboarding.complete(ws, 'console');
    expect(() => core.onboarding.assertReady(ws, 'workflows')).not.toThrow();

    const placed = await core.dialer.dial({ workspaceId: ws, to: '+1 (415) 555-0100', twimlSay: 'Hello <Acme> & friends' });
    expect(placed).toMatchObject({ provider: 'twilio', owner: 'own', credentialId: keys.twilio.id, from: '+15005550006', to: '+14155550100', status: 'queued' });
    expect(placed.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(sims.calls).toHaveLength(1);
    expect(sims.calls[0]).toMatchObject({ sid: placed.callSid, to: '+14155550100', from: '+15005550006' });
    expect(sims.calls[0]?.twiml).toContain('<Say>Hello &lt;Acme&gt; &amp; friends</Say>');
    expect(callsPosted()[0]).toMatchObject({ auth: 'basic', authorized: true, status: 201 });

    expect(core.usage.summary(ws).byProvider.find((p) => p.provider === 'twilio')).toMatchObject({ requests: 1, apiCalls: 1 });
    expect(core.credentials.get(keys.twilio.id).usageCount).toBe(1);
    expect(core.audit.list({ action: 'call.dial' })[0]).toMatchObject({ workspaceId: ws, target: keys.twilio.id, detail: { callSid: placed.callSid, owner: 'own' } });
    const audit = JSON.stringify(core.audit.list());
    for (const secret of sims.twilio.secrets) expect(audit).not.toContain(secret);
  });

  it("dials a bundled workspace with the agency's Twilio key and bills the agency's key", async () => {
    const bundled = core.workspaces.create({ name: 'Bundled Co', mode: 'bundled' }, 'console').id;
    const agency = await addVoiceKeys(core, sims, core.workspaces.agency().id);
    core.onboarding.complete(bundled, 'console');
    const placed = await core.dialer.dial({ workspaceId: bundled, to: '+14155550101' });
    expect(placed).toMatchObject({ owner: 'agency', credentialId: agency.twilio.id });
    expect(core.usage.billingCsv(core.usage.summary().month, bundled)).toContain(`,Bundled Co,twilio,agency,1,0,0,0,0,`);
  });

  it('turns a Twilio refusal into one sentence and places nothing', async () => {
    await addVoiceKeys(core, sims, ws);
    core.onboarding.complete(ws, 'console');
    sims.twilio.setFault({ kind: 'unauthorized' }, { times: 1 });
    await expect(core.dialer.dial({ workspaceId: ws, to: '+14155550100' })).rejects.toMatchObject({ code: 'PROVIDER_AUTH', message: 'Twilio rejected the Account SID and Auth Token (HTTP 401, error 20003); test the key.' });
    expect(sims.calls).toHaveLength(0);
    expect(core.audit.list({ action: 'call.fail' })).toHaveLength(1);
    expect(core.usage.summary(ws).apiCalls).toBe(0);
  });

  it('refuses a number that cannot be called before reaching Twilio', async () => {
    await addVoiceKeys(core, sims, ws);
    core.onboarding.complete(ws, 'console');
    await expect(core.dialer.dial({ workspaceId: ws, to: 'call me maybe' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(callsPosted()).toHaveLength(0);
  });

  it('says so when the carrier it would use is Exotel, which it cannot dial through yet', async () => {
    for (const p of ['anthropic', 'cartesia', 'deepgram', 'exotel'] as const) await addChecked(core, sims, ws, p);
    core.onboarding.complete(ws, 'console');
    await expect(core.dialer.dial({ workspaceId: ws, to: '+14155550100' })).rejects.toMatchObject({ code: 'NO_CREDENTIAL', message: 'Acme would call through Exotel, and the dialer places calls through Twilio only for now: add a Twilio key.' });
  });
});
