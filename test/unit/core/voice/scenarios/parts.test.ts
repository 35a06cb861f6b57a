/** The small parts of an agent test run: stubbed tools, the caller's conversation, the prompt version and the estimate. */
import { describe, expect, it } from 'vitest';
import type { ScenarioView } from '../../../../../shared/agent-scenarios';
import type { AgentToolView } from '../../../../../shared/agent-tools';
import type { AgentView } from '../../../../../shared/voice-agents';
import { callerMessages, callerSystem } from '../../../../../electron/core/voice/scenarios/caller';
import { estimateRun } from '../../../../../electron/core/voice/scenarios/estimate';
import { StubToolbox } from '../../../../../electron/core/voice/scenarios/stub-tools';
import { promptVersion } from '../../../../../electron/core/voice/scenarios/version';
import { toolDefinition } from '../../../../../electron/core/voice/tools/toolbox';

const tool = (over: Partial<AgentToolView> = {}): AgentToolView => ({
  id: 't1',
  agentId: 'a1',
  name: 'check_slots',
  description: 'Finds a slot.',
  parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'] },
  url: 'https://slots.example/next',
  secretHeader: null,
  timeoutMs: 5000,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const agent: AgentView = {
  id: 'a1',
  workspaceId: 'w1',
  name: 'Ava',
  language: 'en',
  voiceId: '829ccd10-f8b3-43cd-b8a0-4aeaa81f3b30',
  greeting: 'Hello, Bright Dental.',
  systemPrompt: 'You book check-ups.',
  outcomes: ['interested', 'not_interested'],
  model: 'claude-haiku-4-5',
  eotThreshold: 0.7,
  eagerEotThreshold: 0.5,
  smsTool: false,
  record: false,
  consentLine: 'This call is recorded.',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const scenario = (maxTurns: number): ScenarioView => ({
  id: 's1',
  agentId: 'a1',
  name: 'parent',
  persona: 'A busy parent who wants Saturday only.',
  stubs: { check_slots: { slot: 'Saturday 10:00' } },
  expectations: { outcome: 'interested', toolsCalled: [], neverSay: [], fields: [] },
  maxTurns,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('a scenario’s stubbed tools', () => {
  it('offers the agent’s tools as a call offers them and answers from the stubs, as one line of JSON', async () => {
    const box = new StubToolbox([tool()], { check_slots: { slot: 'Saturday 10:00' } });
    expect(box.definitions).toEqual([toolDefinition(tool())]);
    expect(await box.run('check_slots', { day: 'saturday' })).toEqual({ content: '{"slot":"Saturday 10:00"}', isError: false });
  });

  it('refuses what a call refuses: an unknown tool, a bad input, a missing stub, and runs past the call’s limit', async () => {
    const box = new StubToolbox([tool(), tool({ id: 't2', name: 'crm', parameters: { type: 'object' } })], { check_slots: {} });
    expect(await box.run('delete_all', {})).toEqual({ content: 'There is no tool called delete_all.', isError: true });
    expect(await box.run('check_slots', {})).toEqual({ content: 'The tool input lacks day.', isError: true });
    expect(await box.run('crm', {})).toEqual({
      content: 'The tool crm has no answer in this test scenario, so it was not called.',
      isError: true,
    });
    for (let i = 0; i < 3; i += 1) expect((await box.run('check_slots', { day: 'x' })).isError).toBe(false);
    expect(await box.run('check_slots', { day: 'x' })).toEqual({
      content: 'This call has used all its tool calls; answer without the tool.',
      isError: true,
    });
    expect(box.runs.map((r) => r.name)).toEqual([
      'delete_all',
      'check_slots',
      'crm',
      'check_slots',
      'check_slots',
      'check_slots',
      'check_slots',
    ]);
  });
});

describe('the caller’s conversation', () => {
  it('puts the agent’s words as the user’s and the caller’s as the assistant’s, one message a turn, ending on the agent', () => {
    expect(
      callerMessages([
        { speaker: 'agent', text: 'Hello.' },
        { speaker: 'caller', text: 'Saturday?' },
        { speaker: 'agent', text: 'Let me look.' },
        { speaker: 'agent', text: 'Ten is free.' },
        { speaker: 'caller', text: 'Book it.' },
        { speaker: 'agent', text: '' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Hello.' },
      { role: 'assistant', content: 'Saturday?' },
      { role: 'user', content: 'Let me look.\nTen is free.' },
      { role: 'assistant', content: 'Book it.' },
      { role: 'user', content: '(The agent says nothing.)' },
    ]);
  });

  it('holds the persona and quotes nothing of its own, so every quoted passage in it is the persona’s', () => {
    const system = callerSystem('A parent who says “Saturday only”.');
    expect(system).toContain('A parent who says “Saturday only”.');
    expect(system.replace('A parent who says “Saturday only”.', '')).not.toMatch(/["“”]/);
  });
});

describe('the prompt version', () => {
  it('changes with what the model is given, and not with what it never sees', () => {
    const base = promptVersion(agent, [tool()]);
    expect(base).toMatch(/^[0-9a-f]{12}$/);
    for (const changed of [
      promptVersion({ ...agent, systemPrompt: 'You book cleanings.' }, [tool()]),
      promptVersion({ ...agent, greeting: 'Hi.' }, [tool()]),
      promptVersion({ ...agent, model: 'claude-sonnet-4-6' }, [tool()]),
      promptVersion({ ...agent, outcomes: ['interested'] }, [tool()]),
      promptVersion(agent, [tool({ description: 'Finds the next slot.' })]),
      promptVersion(agent, []),
    ])
      expect(changed).not.toBe(base);
    expect(
      promptVersion({ ...agent, name: 'Eva', updatedAt: '2027-01-01T00:00:00.000Z' }, [
        tool({ url: 'https://other.example/x', secretHeader: 'X-Key' }),
      ]),
    ).toBe(base);
    const second = tool({ id: 't2', name: 'crm' });
    expect(promptVersion(agent, [tool(), second])).toBe(promptVersion(agent, [second, tool()]));
  });
});

describe('the estimate', () => {
  it('grows with the turn limit, keeps its ceiling above its likely figure, and prices tokens at the catalog’s rate', () => {
    const o = { promptVersion: 'v', callerModel: 'claude-haiku-4-5', owner: 'agency' as const };
    const short = estimateRun(agent, [toolDefinition(tool())], [scenario(2)], o);
    const long = estimateRun(agent, [toolDefinition(tool())], [scenario(10)], o);
    expect(short).toMatchObject({ scenarios: 1, owner: 'agency', model: 'claude-haiku-4-5', promptVersion: 'v' });
    expect(long.tokens.likely).toBeGreaterThan(short.tokens.likely);
    expect(long.tokens.ceiling).toBeGreaterThan(long.tokens.likely);
    // Anthropic's catalog price is $6 per million tokens.
    expect(long.costUsd.ceiling).toBeCloseTo(long.tokens.ceiling * 0.000006, 4);
    const two = estimateRun(agent, [toolDefinition(tool())], [scenario(2), scenario(2)], o);
    expect(two.tokens.likely).toBe(2 * short.tokens.likely);
  });
});
