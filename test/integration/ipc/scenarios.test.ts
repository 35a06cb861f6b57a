/**
 * The agent-test channels through the real handlers: a scenario added as the console sends it (a
 * stub's answer as JSON text), bad payloads refused with one sentence and nothing stored, the
 * estimate, a run, the history and a run opened again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { Result } from '../../../shared/errors';
import type { Output } from '../../../shared/ipc/contract';
import { AVA_GREETING, CHECK_SLOTS, PROMPT_WITH_DISCOUNT } from '../../helpers/agent-tests';
import { addChecked, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('scenario channels', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  let agentId: string;
  let ipc: ReturnType<typeof createIpcHandlers>;
  beforeAll(async () => {
    sims = await startOnboardingSims();
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Bright Dental' }, 'console').id;
    await addChecked(core, sims, ws, 'anthropic');
    agentId = core.agents.create(ws, { name: 'Ava', systemPrompt: PROMPT_WITH_DISCOUNT, greeting: AVA_GREETING }, 'console').id;
    core.agentTools.add(ws, 'Ava', { ...CHECK_SLOTS, url: 'https://slots.bright-dental.example/next' }, null, 'console');
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterAll(async () => {
    core.dispose();
    await sims.close();
  });

  const scenario = {
    name: 'saturday-parent',
    persona: 'A busy parent. Asks “Do you have anything on Saturday?” and then says “Great, book it.”',
    stubs: { check_slots: '{ "slot": "Saturday 10:00" }' },
    expectations: { outcome: 'interested', toolsCalled: ['check_slots'], neverSay: ['discount'], fields: [] },
  };

  it('refuses bad payloads with one sentence and stores nothing', async () => {
    const refusals: [unknown, string][] = [
      [
        { ...scenario, stubs: { check_slots: '{slot: Saturday}' } },
        'The answer for check_slots is not JSON: write what the tool would answer, as JSON.',
      ],
      [{ ...scenario, expectations: { outcome: 'callback!' } }, 'An outcome is one of interested, callback, not_interested, do_not_call.'],
      [{ ...scenario, apiKey: 'sk-ant-api03-leak' }, 'The request has a field this action does not take.'],
      [
        { ...scenario, expectations: { neverSay: ['x'.repeat(5_000)] } },
        'The value of scenario.expectations.neverSay.0 is too long or too large.',
      ],
    ];
    for (const [input, message] of refusals)
      expect(await ipc['scenarios:add']({ workspaceId: ws, agentId, scenario: input })).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message },
      });
    expect(await ipc['scenarios:list']({ workspaceId: ws, agentId })).toEqual({
      ok: true,
      value: {
        scenarios: [],
        tools: [{ name: 'check_slots', description: CHECK_SLOTS.description }],
        promptVersion: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    });
    expect(await ipc['scenarios:run']({ workspaceId: ws, agentId })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Ava has no test scenarios yet: add one before running its tests.' },
    });
  });

  it('adds a scenario, estimates, runs, lists the history and opens the run again', async () => {
    const added = (await ipc['scenarios:add']({ workspaceId: ws, agentId, scenario })) as Result<Output<'scenarios:add'>>;
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject({ name: 'saturday-parent', stubs: { check_slots: { slot: 'Saturday 10:00' } }, maxTurns: 8 });
    const estimate = (await ipc['scenarios:estimate']({ workspaceId: ws, agentId })) as Result<Output<'scenarios:estimate'>>;
    expect(estimate).toMatchObject({ ok: true, value: { scenarios: 1, owner: 'own' } });

    const run = (await ipc['scenarios:run']({ workspaceId: ws, agentId, scenarios: ['saturday-parent'] })) as Result<
      Output<'scenarios:run'>
    >;
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value).toMatchObject({ passed: 1, failed: 0, results: [{ name: 'saturday-parent', passed: true, outcome: 'interested' }] });
    expect(await ipc['scenarios:openRun']({ workspaceId: ws, agentId, runId: run.value.id })).toEqual({ ok: true, value: run.value });
    expect(await ipc['scenarios:history']({ workspaceId: ws, agentId })).toMatchObject({
      ok: true,
      value: [{ promptVersion: run.value.promptVersion, current: true, runs: [{ id: run.value.id, passed: 1 }], broke: [], fixed: [] }],
    });

    expect(await ipc['scenarios:remove']({ workspaceId: ws, agentId, scenarioId: added.value.id })).toEqual({
      ok: true,
      value: { removed: true },
    });
    // The run keeps the removed scenario's result.
    expect(await ipc['scenarios:openRun']({ workspaceId: ws, agentId, runId: run.value.id })).toEqual({ ok: true, value: run.value });
  });
});
