import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { Result } from '../../../shared/errors';
import type { Output } from '../../../shared/ipc/contract';
import { makeCore } from '../../helpers/core';
import { filesUnder } from '../../helpers/leaks';

const SECRET = 'Bearer ipc-tool-secret-5c2e91';

describe('agent tools and transfer targets over IPC', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ipc: ReturnType<typeof createIpcHandlers>;
  let workspaceId: string;
  let agentId: string;
  beforeEach(async () => {
    core = await makeCore();
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
    workspaceId = core.workspaces.create({ name: 'Acme' }, 'console').id;
    agentId = core.agents.create(workspaceId, { name: 'Ava', systemPrompt: 'You answer for Acme.' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('adds an HTTP tool whose secret header value goes in once and never comes back, lists it, and removes it', async () => {
    const added = (await ipc['agentTools:add']({
      workspaceId,
      agentId,
      tool: {
        name: 'order_status',
        description: 'Look up an order.',
        parametersJson: JSON.stringify({ type: 'object', properties: { order: { type: 'string' } }, required: ['order'] }),
        url: 'https://api.acme.example/orders',
        secretHeader: 'Authorization',
        timeoutMs: 3000,
      },
      secretValue: SECRET,
    })) as Result<Output<'agentTools:add'>>;
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject({ name: 'order_status', secretHeader: 'Authorization', timeoutMs: 3000 });
    const listed = await ipc['agentTools:list']({ workspaceId, agentId });
    expect(listed).toEqual({ ok: true, value: [added.value] });
    expect(JSON.stringify(listed)).not.toContain('ipc-tool-secret');
    for (const f of filesUnder(core.dataDir)) expect(readFileSync(f).includes('ipc-tool-secret-5c2e91')).toBe(false);
    expect(await ipc['agentTools:remove']({ workspaceId, agentId, toolId: added.value.id })).toEqual({
      ok: true,
      value: { removed: true },
    });
    expect(await ipc['agentTools:list']({ workspaceId, agentId })).toEqual({ ok: true, value: [] });
  });

  it('refuses a bad tool in one sentence that never holds the secret', async () => {
    const base = { name: 'x', description: 'd', parametersJson: '{"type":"object"}', url: 'https://api.acme.example/x' };
    const noHeader = await ipc['agentTools:add']({ workspaceId, agentId, tool: base, secretValue: SECRET });
    expect(noHeader).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'A secret value was given without a header to put it in.' },
    });
    const twoLines = await ipc['agentTools:add']({
      workspaceId,
      agentId,
      tool: { ...base, secretHeader: 'X-Key' },
      secretValue: `${SECRET}\nmore`,
    });
    expect(twoLines).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(twoLines)).not.toContain('ipc-tool-secret');
    const plain = await ipc['agentTools:add']({
      workspaceId,
      agentId,
      tool: { ...base, url: 'http://api.acme.example/x' },
      secretValue: null,
    });
    expect(plain).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'A tool’s URL must be https.' } });
    expect(await ipc['agentTools:add']({ workspaceId, agentId, tool: base, secretValue: null, extra: 1 } as never)).toMatchObject({
      ok: false,
    });
    expect(await ipc['agentTools:list']({ workspaceId, agentId })).toEqual({ ok: true, value: [] });
  });

  it('adds, lists and removes transfer targets, and refuses a number without its country code', async () => {
    const added = (await ipc['transfers:add']({
      workspaceId,
      agentId,
      target: { name: 'Sales desk', number: '+14155550123', whenToUse: 'Prices and bookings.', mode: 'warm' },
    })) as Result<Output<'transfers:add'>>;
    if (!added.ok) throw new Error(added.error.message);
    expect(await ipc['transfers:list']({ workspaceId, agentId })).toEqual({ ok: true, value: [added.value] });
    expect(
      await ipc['transfers:add']({ workspaceId, agentId, target: { name: 'Support', number: '4155550124', whenToUse: 'x', mode: 'cold' } }),
    ).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Write the number with its country code, like +14155550100.' } });
    expect(await ipc['transfers:remove']({ workspaceId, agentId, targetId: added.value.id })).toEqual({
      ok: true,
      value: { removed: true },
    });
    expect(await ipc['transfers:list']({ workspaceId, agentId })).toEqual({ ok: true, value: [] });
  });
});
