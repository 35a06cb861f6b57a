import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { startResendSim, type ResendState } from '../../sim/resend';
import type { ProviderSim } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

let sim: ProviderSim<ResendState> | undefined;
afterEach(async () => sim?.close());

describe('Resend check', () => {
  it('confirms the from-address domain is verified', async () => {
    sim = await startResendSim();
    const r = await checkCredential('resend', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('valid');
    expect(r.details.domainVerified).toBe(true);
  });

  it('warns while the domain is pending verification', async () => {
    sim = await startResendSim({ domains: [{ id: 'd1', name: 'example.com', status: 'pending' }] });
    const r = await checkCredential('resend', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('warning');
    expect(r.lines.find((l) => l.label === 'From domain')?.detail).toMatch(/not verified yet/);
  });

  it('warns when the from-address domain is not on the account', async () => {
    sim = await startResendSim();
    const r = await checkCredential('resend', ctxFor(sim.url, { ...sim.fields, fromEmail: 'hi@other.example' }));
    expect(r.status).toBe('warning');
  });

  it('accepts a sending-only key with a warning that domains cannot be read', async () => {
    sim = await startResendSim();
    const key = sim.state.sendingKeys[0] ?? '';
    const r = await checkCredential('resend', ctxFor(sim.url, { apiKey: key, fromEmail: 'hello@example.com' }));
    expect(r.status).toBe('warning');
    expect(r.summary).toMatch(/sending-only key: domains cannot be read/);
    expectNoSecret(r, [key]);
  });
});
