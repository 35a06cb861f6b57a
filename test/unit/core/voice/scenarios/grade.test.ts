import { describe, expect, it } from 'vitest';
import type { ScenarioTranscriptEntry, ScenarioView } from '../../../../../shared/agent-scenarios';
import type { PlayedScenario } from '../../../../../electron/core/voice/scenarios/conversation';
import { type ExtractFields, extractionUnavailable, gradeScenario } from '../../../../../electron/core/voice/scenarios/grade';

const scenario = (expectations: Partial<ScenarioView['expectations']>): ScenarioView => ({
  id: 's1',
  agentId: 'a1',
  name: 'parent',
  persona: 'A busy parent.',
  stubs: {},
  expectations: { outcome: null, toolsCalled: [], neverSay: [], fields: [], ...expectations },
  maxTurns: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const agent = (text: string): ScenarioTranscriptEntry => ({ kind: 'line', speaker: 'agent', text });

const played = (over: Partial<PlayedScenario> = {}): PlayedScenario => ({
  transcript: [
    agent('Hello, Bright Dental.'),
    { kind: 'line', speaker: 'caller', text: 'Is it free?' },
    agent('It is carefree, honestly!'),
  ],
  ended: 'agent',
  outcome: 'interested',
  turns: 1,
  toolRuns: [],
  tokens: { input: 10, output: 5 },
  error: null,
  ...over,
});

const context = (extract: ExtractFields = extractionUnavailable) => ({
  workspaceId: 'w1',
  agentId: 'a1',
  agentOutcomes: ['interested', 'not_interested'],
  agentTools: ['check_slots'],
  extract,
});

describe('grading a played scenario', () => {
  it('matches a forbidden phrase as whole words, case, spacing and punctuation aside, and says where it was said', async () => {
    const graded = await gradeScenario(scenario({ neverSay: ['free', 'CAREFREE  honestly', 'bright dental'] }), played(), context());
    expect(graded.verdicts).toEqual([
      { kind: 'phrase', subject: 'free', passed: true, reason: 'The agent never said “free”.' },
      {
        kind: 'phrase',
        subject: 'CAREFREE  honestly',
        passed: false,
        reason: 'The agent said “CAREFREE  honestly” in its line 2: “It is carefree, honestly!”',
      },
      {
        kind: 'phrase',
        subject: 'bright dental',
        passed: false,
        reason: 'The agent said “bright dental” in its greeting: “Hello, Bright Dental.”',
      },
    ]);
    expect(graded.passed).toBe(false);
  });

  it('never counts what the caller said against the agent', async () => {
    const graded = await gradeScenario(scenario({ neverSay: ['is it free'] }), played(), context());
    expect(graded).toEqual({
      passed: true,
      verdicts: [{ kind: 'phrase', subject: 'is it free', passed: true, reason: 'The agent never said “is it free”.' }],
    });
  });

  it('says why an outcome was not reached: another outcome, a caller who hung up, the turn limit, an outcome the agent lost', async () => {
    const reasons = async (p: Partial<PlayedScenario>, expected = 'interested') =>
      (await gradeScenario(scenario({ outcome: expected as 'interested' }), played(p), context())).verdicts[0]?.reason;
    expect(await reasons({})).toBe('The agent ended the call as interested.');
    expect(await reasons({ outcome: 'not_interested' })).toBe('The agent ended the call as not_interested, not interested.');
    expect(await reasons({ outcome: null, ended: 'caller', turns: 3 })).toBe(
      'The agent never ended the call (the caller hung up after 3 turns), so there is no interested outcome.',
    );
    expect(await reasons({ outcome: null, ended: 'turn-limit', turns: 4 })).toBe(
      'The agent never ended the call (the conversation reached its limit of 4 caller turns), so there is no interested outcome.',
    );
    expect(await reasons({}, 'callback')).toBe('The agent no longer has the outcome callback, so it cannot end a call with it.');
  });

  it('counts a tool as called only when its stub answered, and says why a refused call did not count', async () => {
    const refused = { name: 'check_slots', input: {}, result: { content: 'The tool input lacks day.', isError: true } };
    const answered = { name: 'check_slots', input: { day: 'sat' }, result: { content: '{}', isError: false } };
    const reason = async (toolRuns: PlayedScenario['toolRuns'], name = 'check_slots') =>
      (await gradeScenario(scenario({ toolsCalled: [name] }), played({ toolRuns }), context())).verdicts[0];
    expect(await reason([])).toMatchObject({ passed: false, reason: 'The agent never called check_slots.' });
    expect(await reason([refused])).toMatchObject({
      passed: false,
      reason: 'The agent tried check_slots once, but it was refused: The tool input lacks day.',
    });
    expect(await reason([refused, answered, answered])).toMatchObject({ passed: true, reason: 'The agent called check_slots 2 times.' });
    expect(await reason([], 'book_slot')).toMatchObject({ passed: false, reason: 'The agent has no tool called book_slot.' });
  });

  it('fails every field expectation with the reason when this build has no extraction', async () => {
    const graded = await gradeScenario(scenario({ fields: [{ name: 'day', equals: null }] }), played(), context());
    expect(graded.verdicts).toEqual([
      { kind: 'field', subject: 'day', passed: false, reason: 'day was not extracted: extraction is not available in this build.' },
    ]);
  });

  it('grades fields through the extractor it is given, once per scenario, with the transcript and the agent', async () => {
    const asked: unknown[] = [];
    const extract: ExtractFields = (transcript, ctx) => {
      asked.push({ lines: transcript.length, ctx });
      return Promise.resolve({ kind: 'extracted', fields: { day: 'saturday', time: ' ', slots: 2 } });
    };
    const graded = await gradeScenario(
      scenario({
        fields: [
          { name: 'day', equals: 'Saturday' },
          { name: 'time', equals: null },
          { name: 'slots', equals: '3' },
        ],
      }),
      played(),
      context(extract),
    );
    expect(asked).toEqual([{ lines: 3, ctx: { workspaceId: 'w1', agentId: 'a1' } }]);
    expect(graded.verdicts.map((v) => [v.passed, v.reason])).toEqual([
      [true, 'day was extracted as “saturday”.'],
      [false, 'The call yielded no time.'],
      [false, 'slots was “2”, not “3”.'],
    ]);
    const failing: ExtractFields = () => Promise.reject(new Error('boom'));
    expect(
      (await gradeScenario(scenario({ fields: [{ name: 'day', equals: null }] }), played(), context(failing))).verdicts[0]?.reason,
    ).toBe('day was not extracted: the extractor failed.');
  });

  it('fails a conversation that could not be played, with its sentence first', async () => {
    const graded = await gradeScenario(
      scenario({ neverSay: ['discount'] }),
      played({ ended: 'error', outcome: null, error: 'The agent could not reply: Anthropic rejected the API key during the call.' }),
      context(),
    );
    expect(graded.passed).toBe(false);
    expect(graded.verdicts[0]).toEqual({
      kind: 'conversation',
      subject: 'conversation',
      passed: false,
      reason: 'The agent could not reply: Anthropic rejected the API key during the call.',
    });
  });
});
