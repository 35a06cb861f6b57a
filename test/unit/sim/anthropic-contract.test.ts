import { describe, expect, it } from 'vitest';
import { cachesAt, messagesRefusal } from '../../sim/anthropic-contract';

const ok = {
  model: 'claude-haiku-4-5',
  max_tokens: 300,
  stream: true,
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [{ role: 'user', content: '[The call connected.]' }],
  tools: [{ name: 'end_call', input_schema: { type: 'object', properties: {} } }],
};

describe('the Anthropic simulator refuses what the Messages API refuses', () => {
  it('takes a well-formed request', () => {
    expect(messagesRefusal(ok)).toBeNull();
  });
  it('refuses a field MessageCreateParams does not have', () => {
    expect(messagesRefusal({ ...ok, cache: true })).toBe('cache: Extra inputs are not permitted');
  });
  it('refuses a request without model or max_tokens', () => {
    expect(messagesRefusal({ ...ok, model: undefined })).toBe('model: Field required');
    expect(messagesRefusal({ ...ok, max_tokens: 0 })).toMatch(/^max_tokens/);
  });
  it('refuses roles that do not alternate from user', () => {
    expect(messagesRefusal({ ...ok, messages: [{ role: 'assistant', content: 'Hi' }] })).toMatch(/roles must alternate/);
    expect(
      messagesRefusal({
        ...ok,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      }),
    ).toMatch(/roles must alternate/);
  });
  it('refuses empty content, as a string or a text block', () => {
    expect(messagesRefusal({ ...ok, messages: [{ role: 'user', content: '' }] })).toMatch(/non-empty content/);
    expect(messagesRefusal({ ...ok, messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] })).toMatch(/must be non-empty/);
    expect(messagesRefusal({ ...ok, messages: [] })).toMatch(/at least one message/);
  });
  it('refuses a tool_result that answers no tool_use of the message before it', () => {
    const use = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'end_call', input: {} }] };
    const result = (id: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'done' }] });
    expect(messagesRefusal({ ...ok, messages: [ok.messages[0], use, result('toolu_1')] })).toBeNull();
    expect(messagesRefusal({ ...ok, messages: [ok.messages[0], use, result('toolu_2')] })).toMatch(/tool_result/);
    expect(messagesRefusal({ ...ok, messages: [result('toolu_1')] })).toMatch(/tool_result/);
  });
  it('refuses a tool_use left without its tool_result in the next message, and a tool_result after text', () => {
    const use = {
      role: 'assistant',
      content: [
        { type: 'text', text: 'One moment.' },
        { type: 'tool_use', id: 'toolu_1', name: 'order_status', input: {} },
      ],
    };
    expect(messagesRefusal({ ...ok, messages: [ok.messages[0], use, { role: 'user', content: 'Hello?' }] })).toMatch(/without tool_result/);
    expect(
      messagesRefusal({ ...ok, messages: [ok.messages[0], use, { role: 'user', content: [{ type: 'text', text: 'Hello?' }] }] }),
    ).toMatch(/without tool_result/);
    const late = {
      role: 'user',
      content: [
        { type: 'text', text: 'Hello?' },
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '{}' },
      ],
    };
    expect(messagesRefusal({ ...ok, messages: [ok.messages[0], use, late] })).toMatch(/must come first/);
  });
  it('refuses a cache_control that is not ephemeral, and a tool without an object schema', () => {
    expect(messagesRefusal({ ...ok, system: [{ type: 'text', text: 'x', cache_control: { type: 'persistent' } }] })).toMatch(
      /cache_control/,
    );
    expect(messagesRefusal({ ...ok, tools: [{ name: 'end call', input_schema: { type: 'object' } }] })).toMatch(/tools\.0\.name/);
    expect(messagesRefusal({ ...ok, tools: [{ name: 'end_call', input_schema: { type: 'string' } }] })).toMatch(/input_schema/);
  });
  it('refuses an input_schema that is not a JSON schema, and two tools of one name', () => {
    const tool = (properties: unknown) => ({ ...ok, tools: [{ name: 'record', input_schema: { type: 'object', properties } }] });
    expect(messagesRefusal(tool({ when: { type: 'string', format: 'date-time' }, n: { type: ['number', 'null'] } }))).toBeNull();
    expect(messagesRefusal(tool({ when: { type: 'strng' } }))).toMatch(/^tools\.0\.custom\.input_schema: JSON schema is invalid/);
    expect(messagesRefusal(tool({ level: { type: 'string', enum: [] } }))).toMatch(/JSON schema is invalid/);
    expect(messagesRefusal(tool(['when']))).toMatch(/JSON schema is invalid/);
    expect(messagesRefusal({ ...ok, tools: [{ name: 'r', input_schema: { type: 'object', required: 'when' } }] })).toMatch(
      /JSON schema is invalid/,
    );
    expect(messagesRefusal({ ...ok, tools: [ok.tools[0], ok.tools[0]] })).toBe('tools: Tool names must be unique.');
  });
  it('refuses a tool_choice naming a tool not given, one without tools, an unknown type, and a forced tool while thinking', () => {
    const forced = (name: string) => ({ ...ok, tool_choice: { type: 'tool', name } });
    expect(messagesRefusal(forced('end_call'))).toBeNull();
    expect(messagesRefusal(forced('record_call_results'))).toBe(
      "tool_choice.tool.name: Tool 'record_call_results' not found in provided tools",
    );
    expect(messagesRefusal({ ...forced('end_call'), tools: undefined })).toBe('tool_choice may only be specified while providing tools.');
    expect(messagesRefusal({ ...ok, tool_choice: { type: 'required' } })).toMatch(/^tool_choice\.type: Input should be/);
    expect(messagesRefusal({ ...ok, tool_choice: { type: 'auto', name: 'end_call' } })).toBe(
      'tool_choice.auto.name: Extra inputs are not permitted',
    );
    expect(messagesRefusal({ ...forced('end_call'), thinking: { type: 'enabled', budget_tokens: 1024 } })).toBe(
      'Thinking may not be enabled when tool_choice forces tool use.',
    );
    expect(messagesRefusal({ ...ok, tool_choice: { type: 'auto' }, thinking: { type: 'enabled', budget_tokens: 1024 } })).toBeNull();
  });
  it('caches only at or above the model’s minimum', () => {
    expect(cachesAt('claude-haiku-4-5', 4095)).toBe(false);
    expect(cachesAt('claude-haiku-4-5', 4096)).toBe(true);
    expect(cachesAt('claude-sonnet-4-6', 2048)).toBe(true);
    expect(cachesAt('claude-sim-1', 4000)).toBe(false);
  });
});
