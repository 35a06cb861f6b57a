import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { makeCore } from '../../helpers/core';

describe('calls channels', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ipc: ReturnType<typeof createIpcHandlers>;
  let acme: string;
  let beta: string;
  beforeEach(async () => {
    let t = Date.parse('2026-03-10T09:00:00.000Z');
    core = await makeCore({ now: () => new Date((t += 1000)) });
    acme = core.workspaces.create({ name: 'Acme' }, 'console').id;
    beta = core.workspaces.create({ name: 'Beta' }, 'console').id;
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterEach(() => core.dispose());

  const place = (workspaceId: string, campaignId: string | null = null) =>
    core.calls.create(
      { workspaceId, agentId: null, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'exotel', campaignId },
      'system',
    );

  it('lists, opens and deletes a call through the bridge', async () => {
    const first = place(acme, 'cmp-1');
    const second = place(acme);
    core.calls.appendTranscript(first.id, { speaker: 'caller', text: 'Who is this?' });
    core.calls.finish(first.id, { outcome: 'not_interested', reason: 'Said no twice.', durationSeconds: 9 }, 'system');
    expect(await ipc['calls:list']({ workspaceId: acme })).toMatchObject({
      ok: true,
      value: [{ id: second.id }, { id: first.id, outcome: 'not_interested' }],
    });
    expect(await ipc['calls:list']({ workspaceId: acme, campaignId: 'cmp-1', limit: 5 })).toMatchObject({
      ok: true,
      value: [{ id: first.id }],
    });
    expect(await ipc['calls:get']({ workspaceId: acme, callId: first.id })).toMatchObject({
      ok: true,
      value: {
        id: first.id,
        carrier: 'exotel',
        transcript: [{ seq: 1, speaker: 'caller', text: 'Who is this?', interrupted: false }],
        usage: [],
        cost: { totalUsd: 0 },
      },
    });
    expect(await ipc['calls:delete']({ workspaceId: acme, callId: first.id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await ipc['calls:get']({ workspaceId: acme, callId: first.id })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Acme has no call with that id.' },
    });
    expect(core.audit.list({ action: 'call.delete' })[0]).toMatchObject({ actor: 'console', target: first.id });
  });

  it("refuses bad payloads and another workspace's call with one sentence, changing nothing", async () => {
    const call = place(acme);
    expect(await ipc['calls:get']({ workspaceId: beta, callId: call.id })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Beta has no call with that id.' },
    });
    expect(await ipc['calls:delete']({ workspaceId: beta, callId: call.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ipc['calls:delete']({ workspaceId: acme, callId: call.id, force: true })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The request has a field this action does not take.' },
    });
    expect(await ipc['calls:get']({ workspaceId: acme, callId: 'x'.repeat(5000) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await ipc['calls:list']({ workspaceId: acme, limit: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ipc['calls:list']({ workspaceId: acme })).toMatchObject({ ok: true, value: [{ id: call.id }] });
  });
});
