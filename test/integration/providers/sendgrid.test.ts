import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { addChecked, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';
import { type SendgridState, startSendgridSim } from '../../sim/business';
import type { ProviderSim } from '../../sim/server';
import { ctxFor, expectNoSecret } from './harness';

describe('SendGrid check', () => {
  let sim: ProviderSim<SendgridState> | undefined;
  afterEach(async () => sim?.close());

  it('warns when the key lacks the mail.send scope', async () => {
    sim = await startSendgridSim({ scopes: ['user.profile.read', 'stats.read'] });
    const r = await checkCredential('sendgrid', ctxFor(sim.url, sim.fields));
    expect(r.status).toBe('warning');
    expect(r.summary).toBe('The SendGrid key works but may not send mail.');
    expect(r.lines.find((l) => l.label === 'Mail Send')).toMatchObject({ status: 'warn' });
    expect(r.details).toMatchObject({ mailSend: false, scopes: 2 });
    expectNoSecret(r, sim.secrets);
  });
});

describe('a SendGrid key without mail.send in a workspace', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  afterEach(() => core.dispose());

  it('leaves the email line not ready and sends nothing through it', async () => {
    core = await makeSimCore(sims);
    const ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    const state = sims.byId.sendgrid.state as SendgridState;
    const scopes = state.scopes;
    state.scopes = ['user.profile.read'];
    try {
      const { key } = await addChecked(core, sims, ws, 'sendgrid', {}, 'Read only');
      expect(key.status).toBe('warning');
    } finally {
      state.scopes = scopes;
    }
    const email = core.onboarding.get(ws).channels.find((c) => c.channel === 'email');
    expect(email?.ready).toBe(false);
    expect(email?.lines[0]).toMatchObject({
      state: 'warning',
      ready: false,
      provider: 'sendgrid',
      fix: 'The SendGrid key may not send mail: give it Mail Send access.',
    });
    expect(() => core.resolver.resolve(ws, 'email')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message: 'Neither Acme nor the agency has a usable email key. The SendGrid key may not send mail: give it Mail Send access.',
      }),
    );
  });
});
