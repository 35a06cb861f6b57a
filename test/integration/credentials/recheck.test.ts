import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addChecked, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('background re-checks of unverified keys and keys whose provider could not be reached', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let clock: Date;
  let ws: string;
  const T0 = Date.parse('2026-03-10T12:00:00Z');
  const at = (seconds: number) => (clock = new Date(T0 + seconds * 1000));
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    clock = new Date(T0);
    // A short time limit: the simulator's "hang" fault stands for a network that never answers.
    core = await makeSimCore(sims, { now: () => clock, checkTimeoutMs: 300 });
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
  });
  afterEach(() => {
    sims.byId.deepgram.setFault(null);
    sims.byId.cartesia.setFault(null);
    core.dispose();
  });

  it('does not keep the vault from locking itself: background re-checks are not the operator’s activity', async () => {
    const idle = await makeSimCore(sims, { now: () => clock, checkTimeoutMs: 300, autoLockMs: 1000 });
    try {
      const wsId = idle.workspaces.create({ name: 'Idle' }, 'console').id;
      sims.byId.deepgram.setFault({ kind: 'hang' });
      idle.credentials.add({ workspaceId: wsId, provider: 'deepgram', fields: sims.byId.deepgram.fields }, 'console');
      // Re-checks keep finding the key due (the provider never answers, the clock jumps past each
      // backoff) back to back, for longer than the idle limit.
      const started = Date.now();
      let hours = 0;
      while (Date.now() - started < 120_000 && idle.vault.isUnlocked()) {
        hours += 2;
        at(hours * 3600);
        await idle.checks.recheckDue();
      }
      expect(hours).toBeGreaterThan(1);
      expect(idle.vault.isUnlocked()).toBe(false);
    } finally {
      idle.dispose();
    }
  });

  it('leaves an unreachable key unverified (never invalid), then validates it once the provider is back and the backoff has passed', async () => {
    const deepgram = sims.byId.deepgram;
    deepgram.setFault({ kind: 'hang' });
    const key = core.credentials.add({ workspaceId: ws, provider: 'deepgram', fields: deepgram.fields }, 'console');
    const first = await core.checks.test(key.id, 'console');
    expect(first.status).toBe('unreachable');
    expect(core.credentials.get(key.id)).toMatchObject({ status: 'unverified', lastCheckStatus: 'unreachable' });
    expect(core.credentials.repo.get(key.id)?.next_check_at).toBe(new Date(T0 + 30_000).toISOString());

    deepgram.setFault(null);
    deepgram.clearRequests();
    at(10);
    expect(await core.checks.recheckDue()).toEqual([]);
    expect(deepgram.requests).toHaveLength(0);

    at(31);
    const rechecked = await core.checks.recheckDue();
    expect(rechecked.map((r) => [r.credentialId, r.status])).toEqual([[key.id, 'valid']]);
    expect(core.credentials.get(key.id)).toMatchObject({ status: 'valid', lastCheckStatus: 'valid' });
    expect(core.credentials.repo.get(key.id)?.next_check_at).toBeNull();
    expect(core.audit.list({ action: 'credential.test' })[0]).toMatchObject({ actor: 'system', target: key.id });
    expect(await core.checks.recheckDue()).toEqual([]);
  });

  it('waits twice as long after each further failure', async () => {
    const deepgram = sims.byId.deepgram;
    deepgram.setFault({ kind: 'server-error', status: 503 });
    const key = core.credentials.add({ workspaceId: ws, provider: 'deepgram', fields: deepgram.fields }, 'console');
    await core.checks.test(key.id, 'console');
    at(31);
    expect((await core.checks.recheckDue()).map((r) => r.status)).toEqual(['unreachable']);
    expect(core.credentials.repo.get(key.id)).toMatchObject({
      status: 'unverified',
      check_failures: 2,
      next_check_at: new Date(T0 + 31_000 + 60_000).toISOString(),
    });
  });

  it('checks a key stored without a test in the background, with the same backoff once it fails', async () => {
    const deepgram = sims.byId.deepgram;
    const checked = await addChecked(core, sims, ws, 'cartesia');
    deepgram.setFault({ kind: 'hang' });
    const offline = core.credentials.add(
      { workspaceId: ws, provider: 'deepgram', fields: deepgram.fields, nickname: 'Offline' },
      'console',
    );
    expect(core.credentials.get(offline.id)).toMatchObject({ status: 'unverified', lastCheckStatus: null });

    expect((await core.checks.recheckDue()).map((r) => [r.credentialId, r.status])).toEqual([[offline.id, 'unreachable']]);
    expect(core.credentials.repo.get(offline.id)).toMatchObject({
      status: 'unverified',
      check_failures: 1,
      next_check_at: new Date(T0 + 30_000).toISOString(),
    });

    deepgram.setFault(null);
    deepgram.clearRequests();
    at(10);
    expect(await core.checks.recheckDue()).toEqual([]);
    expect(deepgram.requests).toHaveLength(0);
    at(31);
    expect((await core.checks.recheckDue()).map((r) => [r.credentialId, r.status])).toEqual([[offline.id, 'valid']]);
    expect(core.credentials.get(offline.id).status).toBe('valid');
    expect(core.credentials.get(checked.key.id).status).toBe('valid');
    expect(core.checks.history(checked.key.id)).toHaveLength(1);
  });

  it('records nothing while the vault is locked: the key stays unverified and gains no history', async () => {
    const deepgram = sims.byId.deepgram;
    deepgram.setFault({ kind: 'hang' });
    const key = core.credentials.add({ workspaceId: ws, provider: 'deepgram', fields: deepgram.fields }, 'console');
    expect((await core.checks.test(key.id, 'console')).status).toBe('unreachable');
    deepgram.setFault(null);
    deepgram.clearRequests();
    const audited = core.audit.list({ action: 'credential.test' }).length;

    core.vault.lock();
    at(31);
    expect(await core.checks.recheckDue()).toEqual([]);
    await expect(core.checks.test(key.id, 'console')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(core.checks.testWorkspace(ws, 'console')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(core.credentials.get(key.id)).toMatchObject({ status: 'unverified', lastCheckStatus: 'unreachable' });
    expect(core.checks.history(key.id)).toHaveLength(1);
    expect(core.audit.list({ action: 'credential.test' })).toHaveLength(audited);
    expect(deepgram.requests).toHaveLength(0);

    await core.vault.unlock();
    expect((await core.checks.recheckDue()).map((r) => r.status)).toEqual(['valid']);
  });

  it('keeps a validated key validated when a later check cannot reach the provider', async () => {
    const { key } = await addChecked(core, sims, ws, 'cartesia');
    expect(key.status).toBe('valid');
    sims.byId.cartesia.setFault({ kind: 'hang' });
    expect((await core.checks.test(key.id, 'console')).status).toBe('unreachable');
    expect(core.credentials.get(key.id).status).toBe('valid');
    expect(core.resolver.describe(ws, 'tts')?.credentialId).toBe(key.id);
  });
});
