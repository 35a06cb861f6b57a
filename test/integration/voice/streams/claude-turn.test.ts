import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../../shared/errors';
import { claudeReply, toMessages, type ClaudeReplyOptions } from '../../../../electron/core/voice/streams/claude-turn';
import type { CallClose, LlmHandlers, LlmResult, LlmTools, ToolResult } from '../../../../electron/core/voice/types';
import { startAnthropicSim } from '../../../sim/ai';
import type { ProviderSim } from '../../../sim/server';
import type { AnthropicState } from '../../../sim/ai';
import { until } from './wait';

function recorder() {
  const r = { text: [] as string[], closes: [] as CallClose[], errors: [] as AppError[], done: [] as LlmResult[] };
  const handlers: LlmHandlers = {
    onText: (d) => r.text.push(d),
    onClose: (c) => r.closes.push(c),
    onError: (e) => r.errors.push(e),
    onDone: (d) => r.done.push(d),
  };
  return { ...r, handlers };
}

const SYSTEM = 'You are Asha, calling from Sunrise Dental to confirm an appointment. Be brief and warm.';

describe('Claude in-call replies against the streaming simulator', () => {
  let sim: ProviderSim<AnthropicState>;
  beforeEach(async () => {
    sim = await startAnthropicSim();
  });
  afterEach(() => sim.close());
  const options = (over: Partial<ClaudeReplyOptions> = {}): ClaudeReplyOptions => ({
    apiKey: sim.state.apiKey,
    origin: sim.url,
    model: 'claude-sim-1',
    system: SYSTEM,
    history: [
      { role: 'assistant', text: 'Hi, this is Asha from Sunrise Dental.' },
      { role: 'user', text: 'Oh hi, yes?' },
    ],
    outcomes: ['interested', 'callback', 'not_interested'],
    ...over,
  });

  it('streams text deltas, sends the system block (uncached: it is below the caching minimum), the history and the end_call tool', async () => {
    sim.state.stream.replies.push({ text: 'Just confirming Thursday at 4. Does that still work?' });
    const r = recorder();
    claudeReply(options(), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.text.join('')).toBe('Just confirming Thursday at 4. Does that still work?');
    expect(r.text.length).toBeGreaterThan(3);
    expect(r.errors).toEqual([]);
    expect(r.done[0]).toMatchObject({ aborted: false, cacheReadTokens: 0 });
    expect(r.done[0]?.inputTokens).toBeGreaterThan(0);
    expect(r.done[0]?.outputTokens).toBe(r.text.length);
    const body = JSON.parse(sim.requests.at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      stream: true,
      max_tokens: 300,
      system: [{ type: 'text', text: SYSTEM }],
      messages: [
        { role: 'user', content: '[The call connected.]' },
        { role: 'assistant', content: 'Hi, this is Asha from Sunrise Dental.' },
        { role: 'user', content: 'Oh hi, yes?' },
      ],
      tools: [
        {
          name: 'end_call',
          input_schema: {
            properties: { outcome: { enum: ['interested', 'callback', 'not_interested'] } },
            required: ['outcome', 'reason'],
          },
        },
      ],
    });
    expect(sim.requests.at(-1)?.body).not.toContain('"temperature"');

    expect(sim.requests.at(-1)?.body).not.toContain('cache_control');
  });

  it('marks a prompt long enough for the model’s minimum for caching, and the second turn reads it from the cache', async () => {
    const long = `${SYSTEM} ${'Here is what you know about the practice, its hours and its dentists. '.repeat(260)}`;
    sim.state.stream.replies.push({ text: 'Hello.' }, { text: 'Hello again.' });
    const first = recorder();
    claudeReply(options({ model: 'claude-haiku-4-5', system: long }), first.handlers);
    await until(() => first.done.length === 1, undefined, 'onDone');
    expect(JSON.parse(sim.requests.at(-1)?.body ?? '{}')).toMatchObject({
      system: [{ type: 'text', text: long, cache_control: { type: 'ephemeral' } }],
    });
    expect(first.done[0]?.cacheReadTokens).toBe(0);
    const again = recorder();
    claudeReply(options({ model: 'claude-haiku-4-5', system: long }), again.handlers);
    await until(() => again.done.length === 1, undefined, 'second onDone');
    expect(again.done[0]?.cacheReadTokens).toBeGreaterThan(4096);
  });

  it('calls onClose with the outcome once the end_call tool input is complete, after the goodbye text', async () => {
    sim.state.stream.replies.push({
      text: 'No problem, I will call back next week. Bye!',
      endCall: { outcome: 'callback', reason: 'Busy this week.' },
    });
    const r = recorder();
    const order: string[] = [];
    claudeReply(options(), {
      ...r.handlers,
      onText: (d) => (r.handlers.onText(d), order.push('text')),
      onClose: (c) => (r.handlers.onClose(c), order.push('close')),
    });
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.closes).toEqual([{ outcome: 'callback', reason: 'Busy this week.' }]);
    expect(order.at(-1)).toBe('close');
    expect(r.text.join('')).toBe('No problem, I will call back next week. Bye!');
  });

  it('an outcome outside the agent list closes as failed', async () => {
    sim.state.stream.replies.push({ text: 'Bye.', endCall: { outcome: 'sold_a_car', reason: 'x' } });
    const r = recorder();
    claudeReply(options(), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.closes[0]?.outcome).toBe('failed');
  });

  it('abort (barge-in) stops the stream, reports aborted with the tokens so far, and no text after it', async () => {
    sim.state.stream.tokenMs = 40;
    sim.state.stream.replies.push({ text: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen' });
    const r = recorder();
    const reply = claudeReply(options(), r.handlers);
    await until(() => r.text.length >= 2, undefined, 'two deltas');
    reply.abort();
    const atAbort = r.text.length;
    await until(() => r.done.length === 1, undefined, 'onDone');
    await until(() => sim.state.stream.cut === 1, undefined, 'server saw the cut');
    await new Promise((res) => setTimeout(res, 100));
    expect(r.text.length).toBe(atAbort);
    expect(r.done).toHaveLength(1);
    expect(r.done[0]?.aborted).toBe(true);
    expect(r.done[0]?.inputTokens).toBeGreaterThan(0);
    expect(r.errors).toEqual([]);
    reply.abort(); // a second abort is harmless
    expect(r.done).toHaveLength(1);
  });

  it('an outside AbortSignal aborts too', async () => {
    sim.state.stream.firstTokenMs = 200;
    sim.state.stream.replies.push({ text: 'Hello there.' });
    const r = recorder();
    const ac = new AbortController();
    claudeReply(options({ signal: ac.signal }), r.handlers);
    setTimeout(() => ac.abort(), 50);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.done[0]?.aborted).toBe(true);
    expect(r.text).toEqual([]);
  });

  it.each([
    [{ kind: 'unauthorized' } as const, 'PROVIDER_AUTH'],
    [{ kind: 'rate-limited' } as const, 'RATE_LIMITED'],
    [{ kind: 'server-error', status: 529 } as const, 'RATE_LIMITED'],
    [{ kind: 'server-error', status: 500 } as const, 'PROVIDER_UNREACHABLE'],
  ])('maps %o to %s in one sentence without the key, then onDone', async (fault, code) => {
    sim.setFault(fault);
    const r = recorder();
    claudeReply(options(), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.errors.map((e) => e.code)).toEqual([code]);
    expect(r.errors[0]?.message).not.toContain(sim.state.apiKey);
    expect(r.errors[0]?.message).toMatch(/^[^\n]+\.$/);
    expect(sim.requests).toHaveLength(1); // no retries inside a call
  });

  it('a connection dropped mid-stream is PROVIDER_UNREACHABLE after the text that arrived', async () => {
    sim.state.stream.replies.push({ text: 'alpha beta gamma delta epsilon', dropAfterTokens: 2 });
    const r = recorder();
    claudeReply(options(), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.text.join('')).toBe('alpha beta');
    expect(r.errors.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    expect(r.done[0]?.aborted).toBe(false);
  });

  it('a dead host is PROVIDER_UNREACHABLE', async () => {
    const url = sim.url;
    await sim.close();
    const r = recorder();
    claudeReply(options({ origin: url }), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(r.errors.map((e) => e.code)).toEqual(['PROVIDER_UNREACHABLE']);
    sim = await startAnthropicSim();
  });
});

describe('Claude in-call replies with the agent’s tools', () => {
  let sim: ProviderSim<AnthropicState>;
  beforeEach(async () => {
    sim = await startAnthropicSim();
  });
  afterEach(() => sim.close());
  const PARAMS = { type: 'object' as const, properties: { order: { type: 'string' } }, required: ['order'] };
  /** Tools that record each run and answer as told. */
  const tools = (answer: ToolResult): LlmTools & { runs: { name: string; input: unknown }[] } => {
    const runs: { name: string; input: unknown }[] = [];
    return {
      runs,
      definitions: [{ name: 'order_status', description: 'Look up an order.', input_schema: PARAMS }],
      run: (name, input) => (runs.push({ name, input }), Promise.resolve(answer)),
    };
  };
  const options = (t: LlmTools): ClaudeReplyOptions => ({
    apiKey: sim.state.apiKey,
    origin: sim.url,
    model: 'claude-sim-1',
    system: SYSTEM,
    history: [{ role: 'user', text: 'Where is order A-1?' }],
    outcomes: ['interested'],
    tools: t,
  });

  it('runs the tool once beforeTools lets it, sends its result back as the tool_result, and goes on in the same reply, tokens summed', async () => {
    sim.state.stream.replies.push(
      { text: 'One moment.', toolUses: [{ name: 'order_status', input: { order: 'A-1' } }] },
      { text: 'It ships Tuesday.' },
    );
    const t = tools({ content: '{"ships":"Tuesday"}', isError: false });
    const r = recorder();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    claudeReply(options(t), { ...r.handlers, beforeTools: () => ((asked += 1), gate) });
    await until(() => asked === 1, undefined, 'beforeTools');
    // Held at the gate: the turn is not confirmed, so nothing ran.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.runs).toEqual([]);
    release();
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(t.runs).toEqual([{ name: 'order_status', input: { order: 'A-1' } }]);
    expect(r.text.join('')).toBe('One moment.It ships Tuesday.');
    expect(sim.state.stream.refused).toEqual([]);
    const second = JSON.parse(sim.requests.at(-1)?.body ?? '{}') as { messages: { role: string; content: unknown }[] };
    expect(second.messages.at(-2)).toMatchObject({
      role: 'assistant',
      content: [
        { type: 'text', text: 'One moment.' },
        { type: 'tool_use', name: 'order_status', input: { order: 'A-1' } },
      ],
    });
    expect(second.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', content: '{"ships":"Tuesday"}' }] });
    expect(r.done[0]?.aborted).toBe(false);
    expect(r.done[0]?.outputTokens).toBeGreaterThan(r.text.length);
  });

  it('never runs the tool of a reply aborted while it waited for its turn to be confirmed', async () => {
    sim.state.stream.replies.push({ text: 'One moment.', toolUses: [{ name: 'order_status', input: { order: 'A-1' } }] });
    const t = tools({ content: '{}', isError: false });
    const r = recorder();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reply = claudeReply(options(t), { ...r.handlers, beforeTools: () => gate });
    await until(() => sim.requests.length === 1 && r.text.length > 0, undefined, 'the first round');
    await new Promise((resolve) => setTimeout(resolve, 50));
    reply.abort();
    release();
    await until(() => r.done.length === 1, undefined, 'onDone');
    expect(t.runs).toEqual([]);
    expect(r.done[0]?.aborted).toBe(true);
    expect(sim.requests.filter((q) => q.path === '/v1/messages')).toHaveLength(1);
  });

  it('writes a turn that ran tools as its tool_use and tool_result messages, then its words; a caller turn after a cut-off tool turn joins the results', () => {
    const tools = [
      {
        uses: [{ id: 'toolu_1', name: 'order_status', input: { order: 'A-1' } }],
        results: [{ content: '{"ships":"Tuesday"}', isError: false }],
      },
    ];
    expect(
      toMessages([
        { role: 'user', text: 'Where is A-1?' },
        { role: 'assistant', text: 'It ships Tuesday.', tools },
        { role: 'user', text: 'Thanks.' },
      ]),
    ).toEqual([
      { role: 'user', content: 'Where is A-1?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'order_status', input: { order: 'A-1' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"ships":"Tuesday"}' }] },
      { role: 'assistant', content: 'It ships Tuesday.' },
      { role: 'user', content: 'Thanks.' },
    ]);
    const cut = toMessages([
      { role: 'user', text: 'Where is A-1?' },
      { role: 'assistant', text: '', tools },
      { role: 'user', text: 'Hello?' },
    ]);
    expect(cut.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"ships":"Tuesday"}' },
        { type: 'text', text: 'Hello?' },
      ],
    });
  });

  it('passes a failed tool back as an error result', async () => {
    sim.state.stream.replies.push(
      { text: 'Checking.', toolUses: [{ name: 'order_status', input: { order: 'A-1' } }] },
      { text: 'Sorry, I cannot check that now.' },
    );
    const r = recorder();
    claudeReply(options(tools({ content: 'The tool order_status did not answer within 500 ms.', isError: true })), r.handlers);
    await until(() => r.done.length === 1, undefined, 'onDone');
    const second = JSON.parse(sim.requests.at(-1)?.body ?? '{}') as { messages: { content: unknown }[] };
    expect(second.messages.at(-1)?.content).toMatchObject([
      { type: 'tool_result', is_error: true, content: 'The tool order_status did not answer within 500 ms.' },
    ]);
    expect(r.text.join('')).toContain('Sorry, I cannot check that now.');
  });
});
