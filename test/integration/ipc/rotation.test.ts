import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { KeyAgeView } from '../../../shared/rotation';
import { addSendingKey, type MessagingSims, makeMessagingCore, startMessagingSims, type TestCore } from '../../helpers/messaging';

const NEW_TOKEN = '0123456789abcdef0123456789abcdef';

describe('rotation channels', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  let key: string;
  let events: { event: string; payload: unknown }[];
  let ipc: ReturnType<typeof createIpcHandlers>;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    key = await addSendingKey(core, sims, ws, 'twilio');
    sims.twilio.state.secondaryAuthToken = NEW_TOKEN;
    events = [];
    ipc = createIpcHandlers({ core, actor: 'console', emit: (event, payload) => void events.push({ event, payload }) });
  });
  afterEach(() => {
    sims.twilio.state.secondaryAuthToken = null;
    core.dispose();
  });

  it('rotates with the check lines pushed under the old key, then confirms the revocation', async () => {
    expect(await ipc['rotation:dependents']({ id: key })).toMatchObject({
      ok: true,
      value: { credentialId: key, workspaces: [{ name: 'Acme', via: 'own' }], age: { ageDays: 0 } },
    });
    const r = await ipc['rotation:rotate']({ id: key, fields: { authToken: NEW_TOKEN } });
    expect(r).toMatchObject({ ok: true, value: { switched: true, standby: { credentialId: key } } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.event === 'event:checkLine' && (e.payload as { credentialId: string }).credentialId === key)).toBe(true);
    const ages = await ipc['rotation:ages']({ workspaceId: ws });
    expect(ages).toMatchObject({ ok: true });
    expect(ages.ok && (ages.value as KeyAgeView[]).find((a) => a.credentialId === key)).toMatchObject({ standby: true });
    expect(await ipc['rotation:confirmRevoked']({ id: key })).toEqual({
      ok: true,
      value: { destroyed: key, nickname: 'Twilio production', provider: 'twilio' },
    });
    expect(JSON.stringify([r, ages, events]).includes(NEW_TOKEN)).toBe(false);
  });

  it('answers bad input and refusals as values, changing nothing', async () => {
    const before = core.credentials.list(ws);
    expect(await ipc['rotation:rotate']({ id: key, fields: { authToken: NEW_TOKEN }, extra: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await ipc['rotation:rotate']({ id: key, fields: {} })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Type the new Auth Token: a rotation needs every secret of the new key.' },
    });
    expect(await ipc['rotation:confirmRevoked']({ id: key })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ipc['rotation:ages']({ workspaceId: 'not-an-id' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(core.credentials.list(ws)).toEqual(before);
  });
});
