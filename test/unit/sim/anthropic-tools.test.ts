import { describe, expect, it } from 'vitest';
import { answerForced, forcedToolName, newForcedToolState } from '../../sim/anthropic-tools';

const schema = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    appointment_time: { type: 'string', format: 'date-time' },
    interest: { type: 'string', enum: ['high', 'medium', 'low'] },
    party_size: { type: 'number' },
    wants_reminder: { type: 'boolean' },
    objection: { type: 'string' },
  },
  required: ['summary', 'appointment_time'],
};
const request = (text: string) => ({
  model: 'claude-haiku-4-5',
  max_tokens: 100,
  tools: [{ name: 'record', input_schema: schema }],
  tool_choice: { type: 'tool', name: 'record' },
  messages: [{ role: 'user', content: `<transcript>\n${text}\n</transcript>` }],
});

describe('the Anthropic simulator’s forced tool call', () => {
  it('knows which tool a request forces', () => {
    expect(forcedToolName(request(''))).toBe('record');
    expect(forcedToolName({ ...request(''), tool_choice: { type: 'auto' } })).toBeNull();
  });

  it('fills the properties the conversation names, each as its type, the last mention winning', () => {
    const said = [
      'Caller: My appointment time is 2026-12-12T09:00:00Z. Sorry, appointment time is 2026-12-12T10:00:00Z.',
      'Caller: My interest is HIGH, party size is 12 people; wants reminder: no thanks!',
    ].join('\n');
    const answer = answerForced(request(said), 'record', newForcedToolState());
    expect(answer).toEqual({
      kind: 'tool_use',
      name: 'record',
      input: {
        summary: `summary: ${said.replace(/\n/g, ' ')}`,
        appointment_time: '2026-12-12T10:00:00Z',
        interest: 'high',
        party_size: 12,
        wants_reminder: false,
      },
    });
  });

  it('leaves out what the conversation does not name or what does not fit its type, and writes prose only for required plain strings', () => {
    const answer = answerForced(request('Caller: My interest is lukewarm, party size is unknown.'), 'record', newForcedToolState());
    expect(answer).toEqual({
      kind: 'tool_use',
      name: 'record',
      input: { summary: 'summary: Caller: My interest is lukewarm, party size is unknown.' },
    });
  });

  it('cuts the prose at a word to 300 characters', () => {
    const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const answer = answerForced(request(long), 'record', newForcedToolState());
    const summary = answer.kind === 'tool_use' ? String(answer.input.summary) : '';
    expect(summary.length).toBeLessThanOrEqual('summary: '.length + 301);
    expect(summary).toMatch(/ word\d+…$/);
  });

  it('declines as many forced requests as it was told to, then answers again', () => {
    const state = newForcedToolState();
    state.declineNext = 1;
    expect(answerForced(request('x'), 'record', state)).toEqual({ kind: 'refusal' });
    expect(answerForced(request('x'), 'record', state).kind).toBe('tool_use');
    expect(state.answered).toBe(2);
  });
});
