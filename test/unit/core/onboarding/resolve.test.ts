import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withWrongSecret } from '../../../integration/providers/harness';
import { addChecked, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../../helpers/voice';

describe('credential resolution', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let agencyId: string;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    agencyId = core.workspaces.agency().id;
  });
  afterEach(() => core.dispose());

  const client = (name: string, mode: 'byok' | 'bundled' = 'byok') => core.workspaces.create({ name, mode }, 'console').id;

  it("uses a BYOK workspace's own validated key, with its fields opened in memory", async () => {
    const ws = client('Acme');
    const { key } = await addChecked(core, sims, ws, 'twilio');
    await addChecked(core, sims, agencyId, 'twilio');
    const r = core.resolver.resolve(ws, 'sms');
    expect(r).toMatchObject({
      credentialId: key.id,
      provider: 'twilio',
      owner: 'own',
      keyWorkspaceId: ws,
      environment: 'production',
      endpoint: null,
    });
    expect(r.fields).toEqual(sims.twilio.fields);
  });

  it("falls back to the agency's key when a BYOK workspace has none of its own and allows it", async () => {
    const ws = client('Acme');
    const { key } = await addChecked(core, sims, agencyId, 'twilio');
    expect(core.resolver.resolve(ws, 'voice-carrier')).toMatchObject({ credentialId: key.id, owner: 'agency', keyWorkspaceId: agencyId });
  });

  it('refuses with NO_CREDENTIAL when a BYOK workspace has no key and does not allow falling back', async () => {
    const ws = client('Acme');
    await addChecked(core, sims, agencyId, 'deepgram');
    core.workspaces.setFallback(ws, false, 'console');
    expect(() => core.resolver.resolve(ws, 'stt')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message: "Acme has no validated speech-to-text key and does not allow falling back to the agency's keys.",
      }),
    );
  });

  it("uses the agency's key for a bundled workspace while the workspace's own key stays dormant", async () => {
    const ws = client('Bundled Co', 'bundled');
    const own = await addChecked(core, sims, ws, 'anthropic');
    const agency = await addChecked(core, sims, agencyId, 'anthropic');
    expect(core.resolver.resolve(ws, 'llm')).toMatchObject({ credentialId: agency.key.id, owner: 'agency' });
    core.workspaces.setMode(ws, 'byok', 'console');
    expect(core.resolver.resolve(ws, 'llm')).toMatchObject({ credentialId: own.key.id, owner: 'own' });
  });

  it("falls back to the agency's key while the workspace's own key is on standby, and uses it again once activated", async () => {
    const ws = client('Acme');
    const { key } = await addChecked(core, sims, ws, 'twilio');
    const agency = await addChecked(core, sims, agencyId, 'twilio');
    const standby = core.credentials.deactivate(key.id, 'console');
    expect(standby).toMatchObject({ id: key.id, active: false, status: 'valid' });
    // Kept, not deleted: still listed, its fields still open.
    expect(core.credentials.list(ws).map((k) => k.id)).toEqual([key.id]);
    expect(core.credentials.fieldsFor(key.id)).toEqual(sims.twilio.fields);
    expect(core.resolver.resolve(ws, 'sms')).toMatchObject({ credentialId: agency.key.id, owner: 'agency' });
    expect(core.audit.list({ action: 'credential.deactivate' })).toEqual([
      expect.objectContaining({ workspaceId: ws, target: key.id, detail: { provider: 'twilio', environment: 'production' } }),
    ]);
    // Putting a key on standby twice writes nothing more.
    core.credentials.deactivate(key.id, 'console');
    expect(core.audit.list({ action: 'credential.deactivate' })).toHaveLength(1);

    core.credentials.activate(key.id, 'console');
    expect(core.resolver.resolve(ws, 'sms')).toMatchObject({ credentialId: key.id, owner: 'own' });

    // The agency's key is what everyone falls back to: it is not put on standby.
    expect(() => core.credentials.deactivate(agency.key.id, 'console')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(core.credentials.get(agency.key.id).active).toBe(true);
  });

  it('says what to add when neither the workspace nor the agency has a usable key', () => {
    const ws = client('Acme');
    const bundled = client('Bundled Co', 'bundled');
    expect(() => core.resolver.resolve(ws, 'voice-carrier')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message: 'Neither Acme nor the agency has a validated phone carrier key: add and check a Twilio or Exotel key.',
      }),
    );
    expect(() => core.resolver.resolve(bundled, 'email')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message:
          "Bundled Co uses the agency's keys (bundled), and the agency has no validated email key: add and check a Resend or SendGrid key in the agency workspace.",
      }),
    );
    expect(() => core.resolver.resolve(agencyId, 'tts')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message: 'The agency has no validated text-to-speech key: add and check a Cartesia key in the agency workspace.',
      }),
    );
  });

  it('never pays with an unverified or invalid key, and falls back past it', async () => {
    const ws = client('Acme');
    core.credentials.add({ workspaceId: ws, provider: 'deepgram', fields: sims.byId.deepgram.fields }, 'console');
    expect(core.resolver.describe(ws, 'stt')).toBeNull();
    const bad = await addChecked(core, sims, ws, 'cartesia', withWrongSecret('cartesia', sims.byId.cartesia.fields));
    expect(bad.key.status).toBe('invalid');
    const agency = await addChecked(core, sims, agencyId, 'cartesia');
    expect(core.resolver.describe(ws, 'tts')).toMatchObject({ credentialId: agency.key.id, owner: 'agency' });
  });

  it('prefers Resend over SendGrid, and keeps to the providers it is given', async () => {
    const ws = client('Acme');
    const sendgrid = await addChecked(core, sims, ws, 'sendgrid');
    const resend = await addChecked(core, sims, ws, 'resend');
    expect(core.resolver.describe(ws, 'email')?.credentialId).toBe(resend.key.id);
    expect(core.resolver.describe(ws, 'email', { providers: ['sendgrid'] })?.credentialId).toBe(sendgrid.key.id);
    expect(core.resolver.describe(ws, 'email', { environment: 'test' })).toBeNull();
  });

  it('prefers Twilio over Exotel as the carrier', async () => {
    const ws = client('Acme');
    await addChecked(core, sims, ws, 'exotel');
    expect(core.resolver.describe(ws, 'voice-carrier')?.provider).toBe('exotel');
    await addChecked(core, sims, ws, 'twilio');
    expect(core.resolver.describe(ws, 'voice-carrier')?.provider).toBe('twilio');
  });

  it('passes over a validated key that cannot serve the capability, to the next provider and then to the agency, as the checklist does', async () => {
    const ws = client('Acme');
    const foreign = await addChecked(core, sims, ws, 'twilio', { phoneNumber: '+15005550099' }, 'Foreign number');
    expect(foreign.key.status).toBe('warning');
    const exotel = await addChecked(core, sims, ws, 'exotel');
    expect(core.resolver.describe(ws, 'sms')).toMatchObject({ credentialId: exotel.key.id, provider: 'exotel', owner: 'own' });
    const sms = core.onboarding.get(ws).channels.find((c) => c.channel === 'sms')?.lines[0];
    expect(sms).toMatchObject({ ready: true, provider: 'exotel', credentialId: exotel.key.id });

    core.credentials.delete(exotel.key.id, 'console');
    const agency = await addChecked(core, sims, agencyId, 'twilio');
    expect(core.resolver.resolve(ws, 'voice-carrier')).toMatchObject({ credentialId: agency.key.id, owner: 'agency' });
    const carrier = core.onboarding
      .get(ws)
      .channels.find((c) => c.channel === 'voice')
      ?.lines.find((l) => l.capability === 'voice-carrier');
    expect(carrier).toMatchObject({
      ready: true,
      keyOwner: 'agency',
      credentialId: agency.key.id,
      fix: "Uses the agency's Twilio key for now. +15005550099 is not a number of this Twilio account: use one it owns.",
    });
  });

  it('says in the NO_CREDENTIAL sentence what stops a validated key that cannot serve, as the checklist line does', async () => {
    const ws = client('Acme');
    await addChecked(core, sims, ws, 'twilio', { phoneNumber: '+15005550099' });
    await addChecked(core, sims, ws, 'resend', { fromEmail: '' }, 'No sender');
    const email = core.onboarding.get(ws).channels.find((c) => c.channel === 'email')?.lines[0];
    expect(email).toMatchObject({ state: 'warning', ready: false, fix: "Add a from-address to Acme's Resend key “No sender”." });
    expect(() => core.resolver.resolve(ws, 'email')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message: "Neither Acme nor the agency has a usable email key. Add a from-address to Acme's Resend key “No sender”.",
      }),
    );
    core.workspaces.setFallback(ws, false, 'console');
    expect(() => core.resolver.resolve(ws, 'sms')).toThrowError(
      expect.objectContaining({
        code: 'NO_CREDENTIAL',
        message:
          "Acme has no usable SMS key and does not allow falling back to the agency's keys. +15005550099 is not a number of this Twilio account: use one it owns.",
      }),
    );
  });

  it('still pays with a key whose warning does not block use (a Twilio trial account)', async () => {
    const ws = client('Acme');
    sims.twilio.state.type = 'Trial';
    try {
      const { key } = await addChecked(core, sims, ws, 'twilio');
      expect(key.status).toBe('warning');
      expect(core.resolver.describe(ws, 'voice-carrier')).toMatchObject({ credentialId: key.id, owner: 'own' });
    } finally {
      sims.twilio.state.type = 'Full';
    }
  });

  it('describes whose key would pay without opening it, even while the vault is locked', async () => {
    const ws = client('Acme');
    const { key } = await addChecked(core, sims, ws, 'anthropic');
    core.vault.lock();
    expect(core.resolver.describe(ws, 'llm')).toMatchObject({ credentialId: key.id, provider: 'anthropic', owner: 'own' });
    expect(() => core.resolver.resolve(ws, 'llm')).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }));
  });
});
