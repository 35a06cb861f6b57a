/** The Anthropic simulator's role-play rules (test/sim/anthropic-roleplay.ts), read as the rules they document. */
import { describe, expect, it } from 'vitest';
import { agentRuleReply, agentRules, callerReply, quotedLines } from '../../sim/anthropic-roleplay';

const PERSONA_PROMPT = [
  'You are role-playing a person on a phone call.',
  'A busy parent. Asks “Do you have anything on Saturday?” and then says "Great, book it."',
].join('\n');

const callerBody = (messages: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    model: 'claude-haiku-4-5',
    max_tokens: 200,
    system: PERSONA_PROMPT,
    tools: [{ name: 'hang_up', description: 'Hang up.', input_schema: { type: 'object', properties: {} } }],
    messages,
    ...extra,
  });

const json = (r: ReturnType<typeof callerReply>): Record<string, unknown> => (r?.json ?? {}) as Record<string, unknown>;

describe('the simulated caller', () => {
  it('takes its lines from the quoted passages of its system prompt, straight or curly quotes, in order', () => {
    expect(quotedLines(PERSONA_PROMPT)).toEqual(['Do you have anything on Saturday?', 'Great, book it.']);
  });

  it('says the first line it has not said yet, one per assistant message in the request', () => {
    const first = json(callerReply(callerBody([{ role: 'user', content: 'Hello, Bright Dental.' }]), {}));
    expect(first).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Do you have anything on Saturday?' }],
      stop_reason: 'end_turn',
      usage: { cache_read_input_tokens: 0 },
    });
    const second = json(
      callerReply(
        callerBody([
          { role: 'user', content: 'Hello, Bright Dental.' },
          { role: 'assistant', content: 'Do you have anything on Saturday?' },
          { role: 'user', content: 'I have Saturday at ten.' },
        ]),
        {},
      ),
    );
    expect(second.content).toEqual([{ type: 'text', text: 'Great, book it.', citations: null }]);
  });

  it('says goodbye and calls hang_up once every line is said, and only says goodbye when no hang_up is offered', () => {
    const done = [
      { role: 'user', content: 'Hello.' },
      { role: 'assistant', content: 'Do you have anything on Saturday?' },
      { role: 'user', content: 'Yes.' },
      { role: 'assistant', content: 'Great, book it.' },
      { role: 'user', content: 'Anything else?' },
    ];
    expect(json(callerReply(callerBody(done), {}))).toMatchObject({
      content: [
        { type: 'text', text: 'Goodbye.' },
        { type: 'tool_use', name: 'hang_up', input: {} },
      ],
      stop_reason: 'tool_use',
    });
    expect(json(callerReply(callerBody(done, { tools: undefined }), {}))).toMatchObject({
      content: [{ type: 'text', text: 'Goodbye.' }],
      stop_reason: 'end_turn',
    });
  });

  it('refuses a request the Messages API refuses, as the API does', () => {
    const refused = callerReply(callerBody([{ role: 'assistant', content: 'I speak first.' }]), {});
    expect(refused).toMatchObject({ status: 400, json: { type: 'error', error: { type: 'invalid_request_error' } } });
  });

  it('leaves other requests alone: no system prompt, a stream, or a forced tool', () => {
    expect(callerReply(JSON.stringify({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }), {})).toBeUndefined();
    expect(callerReply(callerBody([{ role: 'user', content: 'Hi' }], { stream: true }), {})).toBeUndefined();
    expect(
      callerReply(callerBody([{ role: 'user', content: 'Hi' }], { tool_choice: { type: 'tool', name: 'hang_up' } }), {}),
    ).toBeUndefined();
  });
});

const AGENT_PROMPT = [
  'You are Ava at Bright Dental.',
  'When the caller says "saturday", say "Let me look." and call check_slots with {"day": "saturday", "note": "a {brace} inside"}.',
  'When check_slots answers, say "I have {slot} free, {missing} stays."',
  '- When the caller says “book it”, say "Booked, and I will call you the day before. Goodbye!" and end the call as interested.',
  'Otherwise, say "Which day suits you?"',
].join('\n');

describe('the simulated agent', () => {
  it('reads its rule lines: conditions, sayings, tool calls with their JSON, and endings', () => {
    expect(agentRules(AGENT_PROMPT)).toEqual([
      {
        when: { kind: 'says', words: ' saturday ' },
        say: 'Let me look.',
        call: { name: 'check_slots', input: { day: 'saturday', note: 'a {brace} inside' } },
        endAs: null,
      },
      { when: { kind: 'answers', tool: 'check_slots' }, say: 'I have {slot} free, {missing} stays.', call: null, endAs: null },
      // "I will call you" inside the quote and "end the call as" are not tool calls.
      {
        when: { kind: 'says', words: ' book it ' },
        say: 'Booked, and I will call you the day before. Goodbye!',
        call: null,
        endAs: 'interested',
      },
      { when: { kind: 'otherwise' }, say: 'Which day suits you?', call: null, endAs: null },
    ]);
  });

  it('answers the caller’s last words by the first line they match, whole words, case and punctuation aside', () => {
    const said = (text: string) => agentRuleReply(AGENT_PROMPT, [{ role: 'user', content: text }]);
    expect(said('Anything on SATURDAY?')).toEqual({
      text: 'Let me look.',
      toolUses: [{ name: 'check_slots', input: { day: 'saturday', note: 'a {brace} inside' } }],
    });
    expect(said('Great, book it!')).toEqual({
      text: 'Booked, and I will call you the day before. Goodbye!',
      endCall: { outcome: 'interested', reason: 'The conversation reached its end.' },
    });
    expect(said('Saturdays are hard.')).toEqual({ text: 'Which day suits you?' });
  });

  it('answers a tool’s result by its line, filling the fields the answer has', () => {
    const reply = agentRuleReply(AGENT_PROMPT, [
      { role: 'user', content: 'Saturday?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'check_slots', input: { day: 'saturday' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"slot":"Saturday 10:00"}' }] },
    ]);
    expect(reply).toEqual({ text: 'I have Saturday 10:00 free, {missing} stays.' });
  });

  it('leaves a prompt without rule lines to the script', () => {
    expect(agentRuleReply('You are Ava. Be brief.', [{ role: 'user', content: 'Saturday?' }])).toBeUndefined();
    expect(agentRuleReply('When the caller says "price", say "Eighty dollars."', [{ role: 'user', content: 'Saturday?' }])).toBeUndefined();
  });
});
