/**
 * Extraction through the bridge, as the console uses it: an agent's schema set, read and cleared
 * (a bad one refused with the sentence naming its field, nothing changed), a call's extraction run
 * again against the Anthropic simulator, and the call's record carrying the result.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { addChecked, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from '../../helpers/voice';

describe('extraction channels', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  let agentId: string;
  let ipc: ReturnType<typeof createIpcHandlers>;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    agentId = core.agents.create(ws, { name: 'Asha', systemPrompt: 'Call leads about flats.' }, 'console').id;
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterEach(() => core.dispose());

  const fields = [
    { name: 'visit_time', type: 'datetime', description: 'When the site visit is booked.', required: true },
    { name: 'interest', type: 'enum', description: 'How keen they sounded.', values: ['high', 'low'] },
  ];

  it('sets, reads and clears an agent’s schema, refusing a bad one with the sentence that names its field', async () => {
    expect(await ipc['agents:getExtraction']({ workspaceId: ws, agentId })).toEqual({ ok: true, value: null });
    expect(await ipc['agents:setExtraction']({ workspaceId: ws, agentId, schema: { fields } })).toMatchObject({
      ok: true,
      value: {
        agentId,
        version: 1,
        fields: [
          { name: 'visit_time', required: true },
          { name: 'interest', values: ['high', 'low'] },
        ],
      },
    });
    expect(
      await ipc['agents:setExtraction']({
        workspaceId: ws,
        agentId,
        schema: { fields: [{ name: 'interest', type: 'enum', description: 'How keen.', values: ['high', 'High'] }] },
      }),
    ).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Field 1 (interest): An enum field lists a value twice.' } });
    expect(
      await ipc['agents:setExtraction']({ workspaceId: ws, agentId, schema: { fields: [{ ...fields[0], secret: 'sk-ant-api03-leak' }] } }),
    ).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request has a field this action does not take.' } });
    expect(await ipc['agents:getExtraction']({ workspaceId: ws, agentId })).toMatchObject({ ok: true, value: { version: 1 } });
    expect(await ipc['agents:clearExtraction']({ workspaceId: ws, agentId })).toEqual({ ok: true, value: { cleared: true } });
    expect(await ipc['agents:getExtraction']({ workspaceId: ws, agentId })).toEqual({ ok: true, value: null });
    expect(await ipc['agents:clearExtraction']({ workspaceId: ws, agentId })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Asha has no extraction schema to clear.' },
    });
  });

  it('runs a call’s extraction again and the call’s record carries it', async () => {
    await addChecked(core, sims, ws, 'anthropic');
    await ipc['agents:setExtraction']({ workspaceId: ws, agentId, schema: { fields } });
    const c = core.calls.create(
      { workspaceId: ws, agentId, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
      'console',
    );
    core.calls.update(c.id, { state: 'in-progress' });
    core.calls.appendTranscript(c.id, { speaker: 'caller', text: 'Visit time is 2026-12-12T10:00:00+05:30. My interest is high.' });
    core.calls.finish(c.id, { outcome: 'interested', reason: null, durationSeconds: 30 }, 'console');
    const got = await ipc['calls:extract']({ workspaceId: ws, callId: c.id });
    expect(got).toMatchObject({ ok: true, value: { state: 'extracted', schemaVersion: 1, values: { interest: 'high' } } });
    expect(await ipc['calls:get']({ workspaceId: ws, callId: c.id })).toMatchObject({
      ok: true,
      value: { extraction: { state: 'extracted', values: { visit_time: '2026-12-12T10:00:00+05:30' } } },
    });
    const other = core.workspaces.create({ name: 'Beta' }, 'console').id;
    expect(await ipc['calls:extract']({ workspaceId: other, callId: c.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
