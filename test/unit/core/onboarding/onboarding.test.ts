import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OnboardingLine } from '../../../../electron/core/onboarding/checklist';
import type { OnboardingView } from '../../../../electron/core/onboarding/onboarding';
import { withWrongSecret } from '../../../integration/providers/harness';
import type { ExotelState } from '../../../sim/exotel';
import { filesHolding } from '../../../helpers/disk';
import { addChecked, addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../../helpers/voice';

const line = (v: OnboardingView, channel: string, capability: string): OnboardingLine => {
  const found = v.channels.find((c) => c.channel === channel)?.lines.find((l) => l.capability === capability);
  if (!found) throw new Error(`no ${channel}/${capability} line`);
  return found;
};

describe('onboarding', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let agencyId: string;
  let ws: string;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    agencyId = core.workspaces.agency().id;
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('lists every voice line as missing for a new workspace, each with what to add', () => {
    const v = core.onboarding.get(ws);
    expect(v).toMatchObject({ workspaceId: ws, mode: 'byok', completedAt: null, canComplete: false });
    expect(v.channels.map((c) => [c.channel, c.required, c.ready])).toEqual([
      ['voice', true, false],
      ['sms', false, false],
      ['email', false, false],
    ]);
    const voice = v.channels[0]?.lines ?? [];
    expect(voice.map((l) => [l.requirement, l.providers, l.state])).toEqual([
      ['LLM', ['anthropic'], 'missing'],
      ['Text-to-speech', ['cartesia'], 'missing'],
      ['Speech-to-text', ['deepgram'], 'missing'],
      ['Phone carrier', ['twilio', 'exotel'], 'missing'],
    ]);
    expect(line(v, 'voice', 'voice-carrier').fix).toBe('Add a Twilio or Exotel key to Acme and test it.');
    expect(line(v, 'voice', 'llm').fix).toBe('Add an Anthropic key to Acme and test it.');
    expect(v.blockers).toHaveLength(4);
  });

  it('shows a validated line with the key that meets it', async () => {
    const { key } = await addChecked(core, sims, ws, 'anthropic', {}, 'Main');
    expect(line(core.onboarding.get(ws), 'voice', 'llm')).toMatchObject({
      state: 'validated',
      ready: true,
      provider: 'anthropic',
      credentialId: key.id,
      keyOwner: 'own',
      fix: "Nothing to do: uses Acme's Anthropic key “Main”.",
    });
  });

  it('shows an unverified line for a key that was stored but never checked, and one whose provider could not be reached', async () => {
    const stored = core.credentials.add(
      { workspaceId: ws, provider: 'deepgram', fields: sims.byId.deepgram.fields, nickname: 'Offline' },
      'console',
    );
    expect(line(core.onboarding.get(ws), 'voice', 'stt')).toMatchObject({
      state: 'unverified',
      ready: false,
      credentialId: stored.id,
      fix: "Test Acme's Deepgram key “Offline”: it has not been verified yet.",
    });
    sims.byId.deepgram.setFault({ kind: 'server-error', status: 503 }, { times: 3 });
    await core.checks.test(stored.id, 'console');
    sims.byId.deepgram.setFault(null);
    expect(line(core.onboarding.get(ws), 'voice', 'stt')).toMatchObject({
      state: 'unverified',
      ready: false,
      fix: expect.stringContaining('could not be reached, so it is still unverified'),
    });
  });

  it('shows an invalid line with the provider’s reason', async () => {
    await addChecked(core, sims, ws, 'cartesia', withWrongSecret('cartesia', sims.byId.cartesia.fields), 'Old');
    const l = line(core.onboarding.get(ws), 'voice', 'tts');
    expect(l).toMatchObject({ state: 'invalid', ready: false, keyOwner: 'own' });
    expect(l.fix).toMatch(/^Replace Acme's Cartesia key “Old”: .+\.$/);
  });

  it('counts a warning that does not block use (a Twilio trial account) as met', async () => {
    sims.twilio.state.type = 'Trial';
    try {
      await addChecked(core, sims, ws, 'twilio');
    } finally {
      sims.twilio.state.type = 'Full';
    }
    const l = line(core.onboarding.get(ws), 'voice', 'voice-carrier');
    expect(l).toMatchObject({ state: 'warning', ready: true });
    expect(l.fix).toMatch(/^Usable despite a warning: /);
  });

  it('does not count a warning that blocks use: a phone number the account does not own', async () => {
    await addChecked(core, sims, ws, 'twilio', { phoneNumber: '+15005550099' });
    const v = core.onboarding.get(ws);
    expect(line(v, 'voice', 'voice-carrier')).toMatchObject({
      state: 'warning',
      ready: false,
      fix: '+15005550099 is not a number of this Twilio account: use one it owns.',
    });
    expect(line(v, 'sms', 'sms')).toMatchObject({ state: 'warning', ready: false });
  });

  it('lets an SMS-only ExoPhone serve SMS while it blocks calls', async () => {
    const exotel = sims.byId.exotel.state as ExotelState;
    if (!exotel.exoPhones.some((p) => p.phone_number === '+918047000001'))
      exotel.exoPhones.push({ sid: 'exo-sms', phone_number: '+918047000001', capabilities: { voice: false, sms: true } });
    await addChecked(core, sims, ws, 'exotel', { phoneNumber: '+918047000001' });
    const v = core.onboarding.get(ws);
    expect(line(v, 'sms', 'sms')).toMatchObject({ ready: true, provider: 'exotel' });
    expect(line(v, 'voice', 'voice-carrier')).toMatchObject({
      state: 'warning',
      ready: false,
      fix: 'The ExoPhone +918047000001 cannot make voice calls: use a voice-capable ExoPhone.',
    });
  });

  it('asks for the sender a channel needs: a phone number for calls, a from-address for email', async () => {
    const { twilio } = sims.byId;
    await addChecked(
      core,
      sims,
      ws,
      'twilio',
      { accountSid: twilio.fields.accountSid ?? '', authToken: twilio.fields.authToken ?? '', phoneNumber: '' },
      'No number',
    );
    await addChecked(core, sims, ws, 'resend', { fromEmail: '' }, 'No sender');
    const v = core.onboarding.get(ws);
    expect(line(v, 'voice', 'voice-carrier')).toMatchObject({
      state: 'warning',
      ready: false,
      fix: "Add the phone number calls are placed from to Acme's Twilio key “No number”.",
    });
    expect(line(v, 'email', 'email')).toMatchObject({
      state: 'warning',
      ready: false,
      fix: "Add a from-address to Acme's Resend key “No sender”.",
    });
  });

  it("evaluates the agency's keys for a bundled workspace, whatever keys of its own it holds", async () => {
    const bundled = core.workspaces.create({ name: 'Bundled Co', mode: 'bundled' }, 'console').id;
    await addVoiceKeys(core, sims, bundled);
    const before = core.onboarding.get(bundled);
    expect(before.canComplete).toBe(false);
    expect(line(before, 'voice', 'llm').fix).toBe(
      "Add an Anthropic key to the agency workspace and test it (Bundled Co uses the agency's keys).",
    );
    await addVoiceKeys(core, sims, agencyId);
    const after = core.onboarding.get(bundled);
    expect(after.canComplete).toBe(true);
    expect(after.channels[0]?.lines.every((l) => l.keyOwner === 'agency')).toBe(true);
  });

  it("tells a BYOK workspace it is riding on the agency's key while its own is not validated", async () => {
    core.credentials.add({ workspaceId: ws, provider: 'deepgram', fields: sims.byId.deepgram.fields, nickname: 'Pending' }, 'console');
    await addChecked(core, sims, agencyId, 'deepgram');
    expect(line(core.onboarding.get(ws), 'voice', 'stt')).toMatchObject({
      state: 'validated',
      ready: true,
      keyOwner: 'agency',
      fix: "Uses the agency's Deepgram key until Acme's Deepgram key “Pending” is validated.",
    });
  });

  it('refuses to complete until every voice line is met, naming the first unmet one, then completes and audits', async () => {
    await addChecked(core, sims, ws, 'anthropic');
    await addChecked(core, sims, ws, 'cartesia');
    expect(() => core.onboarding.complete(ws, 'console')).toThrowError(
      expect.objectContaining({
        code: 'ONBOARDING_INCOMPLETE',
        message: 'Acme cannot complete onboarding yet: Speech-to-text (Deepgram) is missing. Add a Deepgram key to Acme and test it.',
      }),
    );
    expect(core.workspaces.get(ws).onboardingCompletedAt).toBeNull();
    await addChecked(core, sims, ws, 'deepgram');
    await addChecked(core, sims, ws, 'twilio');
    const done = core.onboarding.complete(ws, 'console');
    expect(done.completedAt).not.toBeNull();
    expect(core.workspaces.get(ws).onboardingCompletedAt).toBe(done.completedAt);
    const entries = core.audit.list({ action: 'onboarding.complete' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toMatchObject({
      mode: 'byok',
      keys: expect.arrayContaining([expect.objectContaining({ capability: 'voice-carrier', provider: 'twilio', owner: 'own' })]),
    });
    expect(core.audit.verify().ok).toBe(true);
  });

  it('keeps the dialer and the workflow runner locked until onboarding is complete', async () => {
    for (const gate of ['voice', 'workflows'] as const) {
      expect(() => core.onboarding.assertReady(ws, gate)).toThrowError(
        expect.objectContaining({
          code: 'ONBOARDING_INCOMPLETE',
          message: expect.stringMatching(/^Acme has not completed onboarding, so the (dialer|workflow runner) stays locked/),
        }),
      );
    }
    await addVoiceKeys(core, sims, ws);
    core.onboarding.complete(ws, 'console');
    expect(() => core.onboarding.assertReady(ws, 'voice')).not.toThrow();
    expect(() => core.onboarding.assertReady(ws, 'workflows')).not.toThrow();
  });

  it('reverts to platform credentials by deleting only the messaging keys; voice AI keys stay', async () => {
    const voice = await addVoiceKeys(core, sims, ws);
    await addChecked(core, sims, ws, 'exotel');
    await addChecked(core, sims, ws, 'resend');
    await addChecked(core, sims, ws, 'sendgrid');
    await addChecked(core, sims, agencyId, 'twilio');
    const ciphertexts = (
      core.db
        .prepare("SELECT ciphertext FROM credentials WHERE workspace_id = ? AND provider IN ('twilio', 'exotel', 'resend', 'sendgrid')")
        .all(ws) as { ciphertext: Buffer }[]
    ).map((r) => r.ciphertext);
    expect(ciphertexts).toHaveLength(4);
    expect(core.onboarding.revertToPlatform(ws, 'console')).toBe(4);
    for (const c of ciphertexts) expect(filesHolding(core.dataDir, c)).toEqual([]);
    expect(
      core.credentials
        .list(ws)
        .map((k) => k.provider)
        .sort(),
    ).toEqual(['anthropic', 'cartesia', 'deepgram']);
    expect(core.credentials.get(voice.anthropic.id).status).toBe('valid');
    expect(() => core.credentials.fieldsFor(voice.twilio.id)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(core.credentials.list(agencyId).map((k) => k.provider)).toEqual(['twilio']);
    expect(core.resolver.describe(ws, 'sms')).toMatchObject({ owner: 'agency' });
    expect(core.audit.list({ action: 'onboarding.revertToPlatform' })[0]?.detail).toMatchObject({ deleted: 4 });
    expect(() => core.onboarding.revertToPlatform(agencyId, 'console')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('never deletes keys when the mode switches between BYOK and bundled', async () => {
    await addVoiceKeys(core, sims, ws);
    core.workspaces.setMode(ws, 'bundled', 'console');
    core.workspaces.setMode(ws, 'byok', 'console');
    expect(core.credentials.list(ws)).toHaveLength(4);
    expect(core.onboarding.get(ws).canComplete).toBe(true);
  });
});
