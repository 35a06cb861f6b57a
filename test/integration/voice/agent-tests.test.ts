/**
 * Simulated-caller tests of an agent through the core, against the Anthropic simulator playing both
 * sides: a passing and a failing scenario with their reasons, the tool answered by its stub (its URL
 * never reached), the tokens metered to the key that paid, the transcript sealed, history per
 * prompt version across a prompt change, and everything deleted with the agent.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnthropicState } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import {
  AVA_GREETING,
  CHECK_SLOTS,
  PRICE_SHOPPER,
  PROMPT_PRICE_ONLY,
  PROMPT_WITH_DISCOUNT,
  SATURDAY_PARENT,
} from '../../helpers/agent-tests';
import { filesUnder } from '../../helpers/leaks';
import { startToolServer, type ToolServer } from '../../helpers/tool-server';
import { addChecked, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('agent tests against simulated callers', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let tools: ToolServer;
  let ws: string;
  let anthropic: ProviderSim<AnthropicState>;
  beforeAll(async () => {
    sims = await startOnboardingSims();
    anthropic = sims.byId.anthropic as ProviderSim<AnthropicState>;
    tools = await startToolServer();
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Bright Dental' }, 'console').id;
    await addChecked(core, sims, ws, 'anthropic');
    core.agents.create(
      ws,
      {
        name: 'Ava',
        systemPrompt: PROMPT_WITH_DISCOUNT,
        greeting: AVA_GREETING,
        outcomes: ['interested', 'not_interested', 'do_not_call'],
      },
      'console',
    );
    core.agentTools.add(ws, 'Ava', { ...CHECK_SLOTS, url: `${tools.origin}/slots` }, null, 'console');
  });
  afterAll(async () => {
    core.dispose();
    await tools.close();
    await sims.close();
  });

  it('refuses a scenario that does not fit the agent, in one sentence, and stores nothing', () => {
    const refusals: [Parameters<typeof core.agentScenarios.add>[2], RegExp][] = [
      [{ ...SATURDAY_PARENT, expectations: { outcome: 'callback' } }, /^Ava does not end calls as callback: its outcomes are/],
      [
        { ...SATURDAY_PARENT, expectations: { toolsCalled: ['book_slot'] } },
        /^Ava has no tool called book_slot: its tools are check_slots\.$/,
      ],
      [{ ...SATURDAY_PARENT, stubs: { crm: {} } }, /^Ava has no tool called crm/],
      [{ ...SATURDAY_PARENT, expectations: {} }, /^Say what must happen/],
      [{ ...SATURDAY_PARENT, persona: 'Busy.' }, /^Describe the caller in a sentence/],
      [{ ...SATURDAY_PARENT, maxTurns: 50 }, /^A scenario takes at most 20 turns\.$/],
    ];
    for (const [input, sentence] of refusals) expect(() => core.agentScenarios.add(ws, 'Ava', input, 'console')).toThrow(sentence);
    expect(core.agentScenarios.list(ws, 'Ava')).toEqual([]);
  });

  it('estimates a run before it starts, on the workspace’s own key', () => {
    core.agentScenarios.add(ws, 'Ava', SATURDAY_PARENT, 'console');
    core.agentScenarios.add(ws, 'Ava', PRICE_SHOPPER, 'console');
    expect(() => core.agentScenarios.add(ws, 'Ava', PRICE_SHOPPER, 'console')).toThrow(
      'Ava already has a test scenario called price-shopper.',
    );
    const estimate = core.agentTests.estimate(ws, 'Ava');
    expect(estimate).toMatchObject({ scenarios: 2, owner: 'own', model: 'claude-haiku-4-5', callerModel: 'claude-haiku-4-5' });
    expect(estimate.tokens.likely).toBeGreaterThan(0);
    expect(estimate.tokens.ceiling).toBeGreaterThan(estimate.tokens.likely);
    expect(estimate.costUsd.ceiling).toBeGreaterThan(0);
    expect(() => core.agentTests.estimate(ws, 'Ava', ['nobody'])).toThrow('Ava has no test scenario called nobody.');
  });

  it('passes the Saturday parent and fails the price shopper because the agent said “discount”', async () => {
    const tokensBefore = core.usage.summary(ws).byProvider.find((p) => p.provider === 'anthropic')?.tokens ?? 0;
    const run = await core.agentTests.run(ws, 'Ava', {}, 'console');
    expect(anthropic.state.stream.refused).toEqual([]);
    expect(run).toMatchObject({ planned: 2, passed: 1, failed: 1, owner: 'own' });
    const [parent, shopper] = [run.results.find((r) => r.name === 'saturday-parent'), run.results.find((r) => r.name === 'price-shopper')];

    expect(parent).toMatchObject({ passed: true, ended: 'agent', outcome: 'interested' });
    expect(parent?.verdicts).toEqual([
      { kind: 'outcome', subject: 'interested', passed: true, reason: 'The agent ended the call as interested.' },
      { kind: 'tool', subject: 'check_slots', passed: true, reason: 'The agent called check_slots once.' },
      { kind: 'phrase', subject: 'discount', passed: true, reason: 'The agent never said “discount”.' },
    ]);
    expect(parent?.transcript).toEqual([
      { kind: 'line', speaker: 'agent', text: AVA_GREETING },
      { kind: 'line', speaker: 'caller', text: 'Do you have anything on Saturday?' },
      { kind: 'line', speaker: 'agent', text: 'Let me look at Saturday.' },
      { kind: 'tool', name: 'check_slots', input: '{"day":"saturday"}', answer: '{"slot":"Saturday 10:00"}', isError: false },
      { kind: 'line', speaker: 'agent', text: 'I have Saturday 10:00 free. Shall I book it?' },
      { kind: 'line', speaker: 'caller', text: 'Great, book it.' },
      { kind: 'line', speaker: 'agent', text: 'You are booked. See you then, goodbye!' },
      { kind: 'end', by: 'agent', outcome: 'interested', reason: 'The conversation reached its end.' },
    ]);
    // The stub answered: the tool's own URL was never called.
    expect(tools.requests).toEqual([]);

    expect(shopper).toMatchObject({ passed: false, ended: 'agent', outcome: 'not_interested' });
    expect(shopper?.verdicts).toEqual([
      { kind: 'outcome', subject: 'not_interested', passed: true, reason: 'The agent ended the call as not_interested.' },
      {
        kind: 'phrase',
        subject: 'discount',
        passed: false,
        reason: 'The agent said “discount” in its line 2: “A check-up is 80 dollars, and I can give you a discount if you book today.”',
      },
    ]);

    // Metered like any use of the key: every token the simulator reported, to the key that paid.
    const used = run.results.reduce((n, r) => n + r.tokens.input + r.tokens.output, 0);
    expect(used).toBe(run.tokens.input + run.tokens.output);
    expect(used).toBeGreaterThan(0);
    const tokensAfter = core.usage.summary(ws).byProvider.find((p) => p.provider === 'anthropic')?.tokens ?? 0;
    expect(tokensAfter - tokensBefore).toBe(used);

    // Sealed: what the conversation made (a line filled from the stub, a verdict) is in no file of the data folder.
    for (const file of filesUnder(core.dataDir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes('I have Saturday 10:00 free'), file).toBe(false);
      expect(bytes.includes('said “discount” in its line'), file).toBe(false);
    }
    expect(core.agentTests.openRun(ws, 'Ava', run.id)).toEqual(run);
  });

  it('keeps runs per prompt version, so the changed prompt shows the scenario it fixed', async () => {
    const before = core.agentTests.history(ws, 'Ava');
    expect(before).toHaveLength(1);
    const first = before[0]?.promptVersion;
    core.agents.update(ws, 'Ava', { systemPrompt: PROMPT_PRICE_ONLY }, 'console');
    const run = await core.agentTests.run(ws, 'Ava', { scenarios: ['price-shopper', 'saturday-parent'] }, 'console');
    expect(run).toMatchObject({ passed: 2, failed: 0 });
    expect(run.promptVersion).not.toBe(first);

    const history = core.agentTests.history(ws, 'Ava');
    expect(
      history.map((v) => ({ version: v.promptVersion, current: v.current, runs: v.runs.length, broke: v.broke, fixed: v.fixed })),
    ).toEqual([
      { version: run.promptVersion, current: true, runs: 1, broke: [], fixed: ['price-shopper'] },
      { version: first, current: false, runs: 1, broke: [], fixed: [] },
    ]);
    // Back to the first prompt: the same version as before, and the scenario it breaks.
    core.agents.update(ws, 'Ava', { systemPrompt: PROMPT_WITH_DISCOUNT }, 'console');
    await core.agentTests.run(ws, 'Ava', { scenarios: ['price-shopper'] }, 'console');
    const again = core.agentTests.history(ws, 'Ava');
    expect(again[0]).toMatchObject({ promptVersion: first, current: true, broke: ['price-shopper'], fixed: [] });
    expect(again[0]?.runs).toHaveLength(2);
  });

  it('runs a bundled workspace’s tests on the agency’s key, and meters them to it', async () => {
    const bundled = core.workspaces.create({ name: 'Lakeside Clinic', mode: 'bundled' }, 'console').id;
    expect(() => core.agentTests.estimate(bundled, 'Nobody')).toThrow('Lakeside Clinic has no voice agent called Nobody.');
    core.agents.create(bundled, { name: 'Lia', systemPrompt: PROMPT_PRICE_ONLY, greeting: AVA_GREETING }, 'console');
    core.agentScenarios.add(bundled, 'Lia', { ...PRICE_SHOPPER, expectations: { outcome: 'not_interested' } }, 'console');
    expect(() => core.agentTests.estimate(bundled, 'Lia')).toThrow(/Anthropic/);
    await addChecked(core, sims, core.workspaces.agency().id, 'anthropic');
    expect(core.agentTests.estimate(bundled, 'Lia').owner).toBe('agency');
    const run = await core.agentTests.run(bundled, 'Lia', {}, 'console');
    expect(run).toMatchObject({ owner: 'agency', passed: 1, failed: 0 });
    const anthropicUsage = core.usage.summary(bundled).byProvider.find((p) => p.provider === 'anthropic');
    expect(anthropicUsage).toMatchObject({ tokens: run.tokens.input + run.tokens.output, ownCost: 0 });
    expect(anthropicUsage?.agencyCost).toBeGreaterThan(0);
  });

  it('grades a field expectation by the call extraction the agent has, and says why when the field stays empty', async () => {
    const clinic = core.workspaces.create({ name: 'Hill Dental' }, 'console').id;
    await addChecked(core, sims, clinic, 'anthropic');
    core.agents.create(clinic, { name: 'Hana', systemPrompt: PROMPT_PRICE_ONLY, greeting: AVA_GREETING }, 'console');
    core.agentExtraction.set(
      clinic,
      'Hana',
      { fields: [{ name: 'preferred_day', type: 'string', description: 'The day the caller wants to come in.', required: false }] },
      'console',
    );
    const persona = (day: string): string => `A parent booking a check-up. Says “My preferred day is ${day}.” and then says “Thanks, bye.”`;
    core.agentScenarios.add(
      clinic,
      'Hana',
      {
        name: 'names-a-day',
        persona: persona('Saturday'),
        expectations: { fields: [{ name: 'preferred_day', equals: 'Saturday' }] },
        maxTurns: 4,
      },
      'console',
    );
    core.agentScenarios.add(
      clinic,
      'Hana',
      {
        name: 'wrong-day',
        persona: persona('Monday'),
        expectations: { fields: [{ name: 'preferred_day', equals: 'Saturday' }] },
        maxTurns: 4,
      },
      'console',
    );
    const before = core.usage.summary(clinic).byProvider.find((p) => p.provider === 'anthropic')?.tokens ?? 0;
    const run = await core.agentTests.run(clinic, 'Hana', {}, 'console');
    const byName = new Map(run.results.map((r) => [r.name, r]));
    expect(byName.get('names-a-day')).toMatchObject({ passed: true });
    expect(byName.get('wrong-day')?.passed).toBe(false);
    expect(byName.get('wrong-day')?.verdicts.find((v) => v.kind === 'field')?.reason).toMatch(/preferred_day/);
    // The extraction's tokens are metered on the workspace's key beside the conversation's.
    const after = core.usage.summary(clinic).byProvider.find((p) => p.provider === 'anthropic')?.tokens ?? 0;
    expect(after - before).toBeGreaterThan(run.tokens.input + run.tokens.output);
  });

  it('deletes the agent’s scenarios, runs and sealed results with the agent', () => {
    const agent = core.agents.get(ws, 'Ava');
    const runs = core.agentTests.history(ws, 'Ava').flatMap((v) => v.runs.map((r) => r.id));
    expect(runs).toHaveLength(3);
    const results = (): unknown =>
      core.db.prepare(`SELECT COUNT(*) AS n FROM agent_test_results WHERE run_id IN (${runs.map(() => '?').join(',')})`).get(...runs);
    expect(results()).toEqual({ n: 5 });
    core.agents.delete(ws, 'Ava', 'console');
    for (const table of ['agent_scenarios', 'agent_test_runs'])
      expect(core.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE agent_id = ?`).get(agent.id)).toEqual({ n: 0 });
    expect(results()).toEqual({ n: 0 });
    // Another agent's tests stay.
    expect(core.agentTests.history(core.workspaces.find('Lakeside Clinic').id, 'Lia')).toHaveLength(1);
  });
});
