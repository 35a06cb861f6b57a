import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { addChecked, addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('onboarding, usage and resolve channels', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  let ipc: ReturnType<typeof createIpcHandlers>;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterEach(() => core.dispose());

  it('returns the checklist, and refuses to complete it as a value, not a throw', async () => {
    const view = await ipc['onboarding:get']({ workspaceId: ws });
    expect(view).toMatchObject({ ok: true, value: { workspaceId: ws, canComplete: false } });
    expect(await ipc['onboarding:complete']({ workspaceId: ws })).toEqual({
      ok: false,
      error: {
        code: 'ONBOARDING_INCOMPLETE',
        message: 'Acme cannot complete onboarding yet: LLM (Anthropic) is missing. Add an Anthropic key to Acme and test it.',
      },
    });
    await addVoiceKeys(core, sims, ws);
    expect(await ipc['onboarding:complete']({ workspaceId: ws })).toMatchObject({ ok: true, value: { completedAt: expect.any(String) } });
  });

  it('reverts to platform credentials only when the request says confirm: true', async () => {
    await addChecked(core, sims, ws, 'twilio');
    await addChecked(core, sims, ws, 'anthropic');
    expect(await ipc['onboarding:revertToPlatform']({ workspaceId: ws })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ipc['onboarding:revertToPlatform']({ workspaceId: ws, confirm: false })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(core.credentials.list(ws)).toHaveLength(2);
    expect(await ipc['onboarding:revertToPlatform']({ workspaceId: ws, confirm: true })).toEqual({ ok: true, value: { deleted: 1 } });
    expect(core.credentials.list(ws).map((k) => k.provider)).toEqual(['anthropic']);
  });

  it('says whose key would pay, and nothing more, without opening any key', async () => {
    expect(await ipc['resolve:describe']({ workspaceId: ws, capability: 'llm' })).toEqual({ ok: true, value: null });
    const { key } = await addChecked(core, sims, core.workspaces.agency().id, 'anthropic');
    core.vault.lock();
    expect(await ipc['resolve:describe']({ workspaceId: ws, capability: 'llm' })).toEqual({
      ok: true,
      value: { provider: 'anthropic', owner: 'agency', credentialId: key.id },
    });
    expect(await ipc['resolve:describe']({ workspaceId: ws, capability: 'telepathy' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('serves the usage summary and spend alerts, and rejects a threshold that is not a positive amount', async () => {
    const { key } = await addChecked(core, sims, ws, 'deepgram');
    core.usage.record({ workspaceId: ws, provider: 'deepgram', credentialId: key.id, owner: 'own', unit: 'minutes', amount: 5000 });
    expect(await ipc['usage:summary']({ workspaceId: ws })).toMatchObject({ ok: true, value: { connected: 1, totalProviders: 16 } });
    expect(await ipc['usage:setAlert']({ workspaceId: ws, provider: 'deepgram', monthlyUsd: -5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await ipc['usage:setAlert']({ workspaceId: ws, provider: 'deepgram', monthlyUsd: 1 })).toEqual({
      ok: true,
      value: { workspaceId: ws, provider: 'deepgram', monthlyUsd: 1 },
    });
    const alerts = await ipc['usage:alerts']({});
    expect(alerts).toMatchObject({ ok: true, value: [{ workspaceId: ws, workspaceName: 'Acme', provider: 'deepgram', monthlyUsd: 1 }] });
    expect(await ipc['usage:setAlert']({ workspaceId: ws, provider: 'deepgram', monthlyUsd: null })).toMatchObject({
      ok: true,
      value: { monthlyUsd: null },
    });
    expect(await ipc['usage:alerts']({ workspaceId: ws })).toEqual({ ok: true, value: [] });
  });
});
