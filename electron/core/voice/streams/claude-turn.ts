/**
 * One streamed Claude reply inside a call: text deltas go to TTS as they arrive, and the model hangs
 * up by calling the `end_call` tool after its goodbye. The system prompt is one block, marked for
 * caching only when it is long enough to cache (prompt-cache.ts), max_tokens stays small (output limits are
 * reserved from it), and retries are off: a retried turn would arrive too late to speak anyway.
 * The agent's HTTP tools are offered beside end_call; their results go back as tool_result blocks.
 */
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { LlmHandlers, LlmReply, LlmTools, ToolExchange, ToolResult, Turn } from '../types';
import { promptCaching } from './prompt-cache';

/** What one reply needs. */
export interface ClaudeReplyOptions {
  readonly apiKey: string;
  /** providerOrigin('anthropic', …). */
  readonly origin: string;
  readonly model: string;
  readonly system: string;
  readonly history: readonly Turn[];
  readonly maxTokens?: number;
  /** The agent's outcomes; the end_call tool accepts only these. */
  readonly outcomes: readonly string[];
  /** Milliseconds before a silent request gives up (default 10 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The agent's HTTP tools for this call (tools/toolbox.ts), offered beside end_call. */
  readonly tools?: LlmTools;
}

/** The name of the hang-up tool. */
export const END_CALL_TOOL = 'end_call';

/** The tool_use and tool_result messages of one exchange. */
function exchangeMessages(exchange: ToolExchange): [Anthropic.MessageParam, Anthropic.MessageParam] {
  return [
    { role: 'assistant', content: exchange.uses.map((u) => ({ type: 'tool_use' as const, id: u.id, name: u.name, input: u.input })) },
    { role: 'user', content: exchange.uses.map((u, i) => toolResultBlock(u.id, exchange.results[i])) },
  ];
}

/** A tool's result as the API takes it. */
function toolResultBlock(id: string, result: ToolResult | undefined): Anthropic.ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: id, content: result?.content ?? '', ...(result?.isError ? { is_error: true } : {}) };
}

/** A message's content as blocks, for merging two messages of one role. */
const blocks = (content: Anthropic.MessageParam['content']): Anthropic.ContentBlockParam[] =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content;

/**
 * The conversation as Messages: roles alternate and start with the user (a connected call opens it).
 * An assistant turn that ran tools goes as its tool_use and tool_result messages, then what it said.
 */
export function toMessages(history: readonly Turn[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  const add = (message: Anthropic.MessageParam): void => {
    const last = out.at(-1);
    if (last?.role !== message.role) return void out.push(message);
    // Two messages of one role in a row are one: plain text joins by a line, blocks keep results first.
    if (typeof last.content === 'string' && typeof message.content === 'string') last.content = `${last.content}\n${message.content}`;
    else last.content = [...blocks(last.content), ...blocks(message.content)];
  };
  // The agent usually speaks first; the API wants a user turn first, so the pickup stands in for it.
  if (history[0]?.role !== 'user') out.push({ role: 'user', content: '[The call connected.]' });
  for (const turn of history) {
    for (const exchange of turn.tools ?? []) for (const message of exchangeMessages(exchange)) add(message);
    if (turn.text.trim() !== '') add({ role: turn.role, content: turn.text });
  }
  return out;
}

/** The end_call tool, its outcome limited to the agent's list. */
export function endCallTool(outcomes: readonly string[]): Anthropic.Tool {
  return {
    name: END_CALL_TOOL,
    description:
      'Hang up the phone call. Call this only after you have said your goodbye in the same reply. Pick the outcome that best describes how the call went.',
    input_schema: {
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: [...outcomes], description: 'How the call ended.' },
        reason: { type: 'string', description: 'One short sentence on why, for the call log.' },
      },
      required: ['outcome', 'reason'],
    },
  };
}

const EndCallInput = z.object({ outcome: z.string(), reason: z.string().default('') });

/** One sentence for an SDK failure, never holding the key. */
export function claudeError(err: unknown): AppError {
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return new AppError('PROVIDER_UNREACHABLE', 'Anthropic did not answer in time for the call.');
  if (err instanceof Anthropic.APIConnectionError)
    return new AppError('PROVIDER_UNREACHABLE', 'Anthropic could not be reached during the call.');
  if (err instanceof Anthropic.APIError) {
    const type = (err.error as { error?: { type?: string } } | undefined)?.error?.type;
    if (err.status === 401 || err.status === 403) return new AppError('PROVIDER_AUTH', 'Anthropic rejected the API key during the call.');
    if (err.status === 429) return new AppError('RATE_LIMITED', 'Anthropic is rate-limiting this key, so the agent could not reply.');
    if (err.status === 529 || type === 'overloaded_error')
      return new AppError('RATE_LIMITED', 'Anthropic is overloaded right now, so the agent could not reply.');
    if (err.status === 400 || err.status === 404)
      return new AppError('INVALID_INPUT', `Anthropic refused the reply request (HTTP ${err.status}); check the agent's model.`);
    if (err.status !== undefined) return new AppError('PROVIDER_UNREACHABLE', `Anthropic failed the reply (HTTP ${err.status}).`);
  }
  return new AppError('PROVIDER_UNREACHABLE', 'The Anthropic stream dropped mid-reply.');
}

/** A block of Claude's answer as it is sent back with the tool results (empty text dropped: the API refuses it). */
function asParam(block: Anthropic.ContentBlock): Anthropic.ContentBlockParam | null {
  if (block.type === 'text') return block.text.trim() === '' ? null : { type: 'text', text: block.text };
  if (block.type === 'tool_use') return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  return null;
}

/**
 * Starts one streamed reply; every outcome ends in exactly one onDone. When the model calls one of
 * the agent's tools, the text it said so far is spoken (beforeTools), the tools run once the turn is
 * confirmed, their results go back as tool_result blocks and the model goes on in the same reply.
 */
export function claudeReply(opts: ClaudeReplyOptions, handlers: LlmHandlers): LlmReply {
  // apiKey and baseURL explicit: otherwise the SDK walks an env/profile chain.
  const client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.origin, maxRetries: 0, timeout: opts.timeoutMs ?? 10_000 });
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
  let aborted = false;
  let done = false;
  let closed = false;
  let current: ReturnType<typeof client.messages.stream> | null = null;
  const toolRuns = new AbortController();
  const tools: Anthropic.Tool[] = [
    endCallTool(opts.outcomes),
    ...(opts.tools?.definitions ?? []).map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.input_schema })),
  ];
  // cache_control only when the prefix can be cached (prompt-cache.ts): below the model's minimum it does nothing.
  const caches = promptCaching(opts.model, [JSON.stringify(tools), opts.system]).caches;

  /** One request; resolves with the whole message, or null when it failed or was aborted. */
  const round = (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message | null> =>
    new Promise((resolve) => {
      const stream = client.messages.stream(
        {
          model: opts.model,
          max_tokens: opts.maxTokens ?? 300,
          system: [{ type: 'text', text: opts.system, ...(caches ? { cache_control: { type: 'ephemeral' as const } } : {}) }],
          messages,
          tools,
        },
        { signal: opts.signal },
      );
      current = stream;
      let final: Anthropic.Message | null = null;
      let output = 0;
      stream.on('streamEvent', (event) => {
        if (event.type === 'message_start') {
          const tokens = event.message.usage;
          // Cache reads and writes are billed apart from input_tokens; count writes as input.
          usage.inputTokens += tokens.input_tokens + (tokens.cache_creation_input_tokens ?? 0);
          usage.cacheReadTokens += tokens.cache_read_input_tokens ?? 0;
          output = tokens.output_tokens;
        } else if (event.type === 'message_delta') output = event.usage.output_tokens;
      });
      stream.on('text', (delta) => {
        if (!aborted) handlers.onText(delta);
      });
      stream.on('contentBlock', (block) => {
        if (aborted || block.type !== 'tool_use' || block.name !== END_CALL_TOOL) return;
        closed = true;
        const input = EndCallInput.safeParse(block.input);
        const outcome = input.success && opts.outcomes.includes(input.data.outcome) ? input.data.outcome : 'failed';
        handlers.onClose({ outcome, reason: input.success ? input.data.reason : 'The agent ended the call without a valid outcome.' });
      });
      stream.on('finalMessage', (message) => {
        final = message;
      });
      stream.on('abort', () => {
        aborted = true;
      });
      stream.on('error', (err) => {
        final = null;
        if (!aborted) handlers.onError(claudeError(err));
      });
      stream.on('end', () => {
        usage.outputTokens += output;
        resolve(final);
      });
    });

  const converse = async (): Promise<void> => {
    let messages = toMessages(opts.history);
    for (;;) {
      const message = await round(messages);
      if (!message || aborted || closed || message.stop_reason !== 'tool_use') return;
      const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (uses.length === 0) return;
      // Never on a guess: a reply prepared on an early turn waits here until the turn is confirmed.
      await handlers.beforeTools?.(uses.map((u) => u.name));
      if (aborted) return;
      const results = await Promise.all(
        uses.map((use) =>
          opts.tools
            ? opts.tools.run(use.name, use.input, toolRuns.signal)
            : Promise.resolve({ content: `There is no tool called ${use.name.slice(0, 64)}.`, isError: true }),
        ),
      );
      if (aborted) return;
      const said = message.content.map(asParam).filter((b): b is Anthropic.ContentBlockParam => b !== null);
      messages = [
        ...messages,
        { role: 'assistant', content: said },
        { role: 'user', content: uses.map((u, i) => toolResultBlock(u.id, results[i])) },
      ];
      handlers.onToolResults?.({ uses: uses.map((u) => ({ id: u.id, name: u.name, input: u.input })), results });
    }
  };
  void converse().finally(() => {
    if (done) return;
    done = true;
    handlers.onDone({ ...usage, aborted });
  });
  return {
    abort: () => {
      if (done || aborted) return;
      aborted = true;
      toolRuns.abort();
      current?.abort();
    },
  };
}
