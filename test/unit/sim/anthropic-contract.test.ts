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
  it('caches only at or above the model’s minimum', () => {
    expect(cachesAt('claude-haiku-4-5', 4095)).toBe(false);
    expect(cachesAt('claude-haiku-4-5', 4096)).toBe(true);
    expect(cachesAt('claude-sonnet-4-6', 2048)).toBe(true);
    expect(cachesAt('claude-sim-1', 4000)).toBe(false);
  });
});
