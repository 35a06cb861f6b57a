import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckProgress } from '../../../electron/core/credentials/checks';
import { makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('checking the keys of many workspaces at once', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
  });
  afterEach(() => core.dispose());

  const storeKeys = (names: readonly string[]): { workspaces: string[]; keys: string[] } => {
    const workspaces = names.map((name) => core.workspaces.create({ name }, 'console').id);
    const keys = workspaces.flatMap((ws) =>
      (['cartesia', 'deepgram'] as const).map(
        (provider) => core.credentials.add({ workspaceId: ws, provider, fields: sims.byId[provider].fields }, 'console').id,
      ),
    );
    return { workspaces, keys };
  };

  it('checks every key of every workspace named, recording each result and an audit row, with progress', async () => {
    const { workspaces, keys } = storeKeys(['Acme', 'Globex', 'Initech']);
    const other = storeKeys(['Not asked']);
    const progress: CheckProgress[] = [];
    const views = await core.checks.testMany(workspaces, 'console', (p) => progress.push(p), 2);
    expect(views.map((v) => v.credentialId).sort()).toEqual([...keys].sort());
    expect(views.every((v) => v.status === 'valid')).toBe(true);
    expect(progress.map((p) => [p.done, p.total])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 6]));
    for (const id of keys) {
      expect(core.credentials.get(id).status).toBe('valid');
      expect(core.checks.history(id)).toHaveLength(1);
    }
    expect(core.credentials.get(other.keys[0] ?? '').status).toBe('unverified');
    expect(core.audit.list({ action: 'credential.test' })).toHaveLength(6);
  });

  it('refuses with VAULT_LOCKED and records nothing while the vault is locked', async () => {
    const { workspaces, keys } = storeKeys(['Acme', 'Globex']);
    core.vault.lock();
    await expect(core.checks.testMany(workspaces, 'console')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(keys.map((id) => core.checks.history(id).length)).toEqual([0, 0, 0, 0]);
    expect(core.audit.list({ action: 'credential.test' })).toHaveLength(0);
  });
});
