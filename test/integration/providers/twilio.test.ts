import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { startTwilioSim, type TwilioState } from '../../sim/twilio';
import type { ProviderSim } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

let sim: ProviderSim<TwilioState> | undefined;
afterEach(async () => sim?.close());

describe('Twilio check', () => {
  it('reports a Full, active account whose number can send SMS and call', async () => {
    sim = await startTwilioSim();
    const r = await checkCredential('twilio', ctxFor(sim.url, sim.fields));
    expect(r.details).toMatchObject({
      accountStatus: 'active',
      accountType: 'Full',
      numberOwned: true,
      numberSms: true,
      numberVoice: true,
    });
    expect(sim.requests.map((q) => q.path)).toContain(`/2010-04-01/Accounts/${sim.state.accountSid}/IncomingPhoneNumbers.json`);
  });

  it('warns about a Trial account', async () => {
    sim = await startTwilioSim({ type: 'Trial' });
    const r = await checkCredential('twilio', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('warning');
    expect(r.lines.find((l) => l.label === 'Account type')?.detail).toMatch(/Trial/);
  });

  it('warns when the phone number belongs to another account', async () => {
    sim = await startTwilioSim();
    const r = await checkCredential('twilio', ctxFor(sim.url, { ...sim.fields, phoneNumber: '+15005550009' }));
    expect(r.status).toBe('warning');
    expect(r.details.numberOwned).toBe(false);
  });

  it('warns when the number cannot send SMS', async () => {
    sim = await startTwilioSim({
      numbers: [{ sid: 'PN' + '1'.repeat(32), phoneNumber: '+15005550006', capabilities: { sms: false, voice: true, mms: false } }],
    });
    const r = await checkCredential('twilio', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('warning');
    expect(r.lines.find((l) => l.label === 'Phone number')?.detail).toMatch(/cannot send SMS/);
  });

  it('marks a suspended account invalid', async () => {
    sim = await startTwilioSim({ status: 'suspended' });
    const r = await checkCredential('twilio', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('invalid');
    expect(r.summary).toMatch(/suspended/);
  });

  it('finds the Messaging Service through the messaging host, rewritten to the same origin', async () => {
    sim = await startTwilioSim();
    const mg = sim.state.services[0]?.sid ?? '';
    const r = await checkCredential('twilio', ctxFor(sim.url, { ...sim.fields, messagingServiceSid: mg }));
    expect(r.lines.find((l) => l.label === 'Messaging Service')?.status).toBe('pass');
    expect(sim.requests.some((q) => q.path === `/v1/Services/${mg}`)).toBe(true);
  });

  it('never lets the auth token from the Account resource into the result', async () => {
    sim = await startTwilioSim();
    const r = await checkCredential('twilio', ctxFor(sim.url, sim.fields));
    expectNoSecret(r, [sim.state.authToken]);
  });

  it('ignores TWILIO_* environment variables: the stored credential is what gets checked', async () => {
    sim = await startTwilioSim();
    process.env.TWILIO_AUTH_TOKEN = sim.state.authToken;
    try {
      const r = await checkCredential('twilio', ctxFor(sim.url, { ...sim.fields, authToken: '0'.repeat(32) }));
      expect(r.status).toBe('invalid');
    } finally {
      delete process.env.TWILIO_AUTH_TOKEN;
    }
  });
});
