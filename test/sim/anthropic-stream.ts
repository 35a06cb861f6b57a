/**
 * The streaming side of the Anthropic simulator: `POST /v1/messages` with `stream: true` answers with
 * real server-sent events (message_start with usage, text blocks as text_delta, tool_use blocks (the
 * agent's tools, then end_call) as input_json_delta pieces with stop_reason tool_use, message_delta with output usage, message_stop), from a reply
 * script each test queues. Time to first token and per-token delay are switchable; a reply can drop
 * the connection part-way. The system prompt's cache_control is honoured: the second request with the
 * same cached system text reads it from the cache.
 *
 * The script is a queue, one reply per request, with one exception that keeps it a script of the
 * conversation rather than of the requests: a request whose last user message strictly extends,
 * word for word, the last user message of an earlier request with the same history before it gets
 * that request's reply again. That earlier request was a reply prepared on the caller's early turn
 * ("Yes, I") that the caller then went on from ("Yes, I would like to book"); the script's reply
 * was written for the turn, not for the guess.
 *
 * Before the queue, a system prompt written as rules answers by them (anthropic-roleplay.ts), so an
 * agent under a simulated-caller test speaks from its own prompt.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { cachesAt, messagesRefusal, simTokens } from './anthropic-contract';
import { agentRuleReply } from './anthropic-roleplay';
import { answerForced, forcedToolName, type ForcedToolState } from './anthropic-tools';
import type { SimResponse } from './server';

/** One scripted reply. */
export interface ScriptedReply {
  readonly text: string;
  /** Ends the reply with an end_call tool call. */
  readonly endCall?: { readonly outcome: string; readonly reason: string };
  /**
   * Calls these tools after the text (one tool_use block each, stop_reason tool_use); the request
   * must offer each by name, as the real model calls only tools it was given.
   */
  readonly toolUses?: readonly { readonly name: string; readonly input: Readonly<Record<string, unknown>> }[];
  /** Destroys the connection after this many text tokens. */
  readonly dropAfterTokens?: number;
}

/** What the streaming route does; part of the Anthropic sim's state. */
export interface AnthropicStreamState {
  readonly replies: ScriptedReply[];
  firstTokenMs: number;
  tokenMs: number;
  /** System texts seen with cache_control, to answer cache reads. */
  readonly cached: Set<string>;
  /** Why each refused request was refused (anthropic-contract.ts), in order. */
  readonly refused: string[];
  /** Streams whose client went away before message_stop (barge-in aborts). */
  cut: number;
  /** tool_use ids handed out so far (each is unique, as the API's are). */
  toolIds: number;
  /** The latest requests' history and last user words, with the reply each got (see above). */
  readonly recent: { readonly history: string; readonly words: string; readonly reply: ScriptedReply }[];
  /** Picks a request's reply before the queue does, by its system text and last user words (a bench whose calls each have an agent of their own). */
  pick?: (system: string, lastUser: string) => ScriptedReply | undefined;
  /** Told of every text token as it is written (performance.now()), for a bench timing the provider's emission. */
  onToken?: (request: StreamRequest, token: string, at: number) => void;
}

/** One streamed request, as onToken names it. */
export interface StreamRequest {
  /** Counts requests from 1 in this process. */
  readonly id: number;
  readonly system: string;
  /** The text of the last user message. */
  readonly lastUser: string;
}

let requests = 0;

/** A fresh streaming state: fast tokens, empty script. */
export function newStreamState(): AnthropicStreamState {
  return { replies: [], firstTokenMs: 0, tokenMs: 0, cached: new Set(), refused: [], cut: 0, toolIds: 0, recent: [] };
}

const Body = z.object({
  stream: z.literal(true),
  model: z.string(),
  system: z
    .union([
      z.string(),
      z.array(z.object({ type: z.literal('text'), text: z.string(), cache_control: z.object({ type: z.string() }).optional() })),
    ])
    .optional(),
  messages: z.array(z.unknown()),
  tools: z.array(z.unknown()).optional(),
});

/** Whether a request body asks for a stream. */
export function wantsStream(body: string): boolean {
  try {
    return (JSON.parse(body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

const wordsOf = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The text of a message's content (a string, or its text blocks). */
function textOf(message: unknown): string {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => ((block as { type?: unknown }).type === 'text' ? String((block as { text?: unknown }).text ?? '') : ''))
    .join(' ');
}

/** The next scripted reply, or the one an earlier guess at this turn got (see the file's comment). */
function scriptedReply(messages: readonly unknown[], state: AnthropicStreamState, system: string): ScriptedReply {
  const picked = state.pick?.(system, lastUserOf(messages)) ?? agentRuleReply(system, messages);
  if (picked) return picked;
  const last = messages.at(-1);
  const lastIsUser = (last as { role?: unknown } | undefined)?.role === 'user';
  const history = JSON.stringify(lastIsUser ? messages.slice(0, -1) : messages);
  const words = lastIsUser ? wordsOf(textOf(last)) : '';
  const guess = state.recent.find((r) => r.history === history && r.words !== '' && words.startsWith(`${r.words} `));
  const reply = guess?.reply ?? state.replies.shift() ?? { text: '…' };
  state.recent.push({ history, words, reply });
  if (state.recent.length > 32) state.recent.shift();
  return reply;
}

const lastUserOf = (messages: readonly unknown[]): string =>
  textOf(messages.filter((m) => (m as { role?: unknown }).role === 'user').at(-1) ?? {});
const tokensOf = (text: string): string[] => text.match(/\s*\S+/g) ?? [];
const estimate = simTokens;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Answers a streaming Messages request from the script (a reply of "…" when the script is empty);
 * a request that forces a tool gets that tool's call instead, filled by anthropic-tools.ts.
 */
export function streamReply(
  body: string,
  state: AnthropicStreamState,
  headers: Record<string, string>,
  forcing: ForcedToolState,
): SimResponse {
  const json = JSON.parse(body) as unknown;
  const refusal = messagesRefusal(json);
  const parsed = Body.safeParse(json);
  if (refusal !== null || !parsed.success) {
    const message = refusal ?? 'stream request malformed';
    state.refused.push(message);
    return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message } } };
  }
  const req = parsed.data;
  const system = typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text).join('');
  const forcedName = forcedToolName(json);
  const forced = forcedName === null ? null : answerForced(json as Record<string, unknown>, forcedName, forcing);
  // A forced tool is the model's whole answer: no text, and the script is left for the conversation's own turns.
  const reply: ScriptedReply = forced
    ? { text: '', toolUses: forced.kind === 'tool_use' ? [{ name: forced.name, input: forced.input }] : [] }
    : scriptedReply(req.messages, state, system);
  const traced: StreamRequest = { id: ++requests, system, lastUser: lastUserOf(req.messages) };
  const systemTokens = estimate(system);
  // The prefix (tools, then system) caches only at or above the model's minimum; below it, nothing is cached and nothing said.
  const marked = Array.isArray(req.system) && req.system.some((b) => b.cache_control);
  const cacheable = marked && cachesAt(req.model, estimate(JSON.stringify(req.tools ?? [])) + systemTokens);
  const cacheRead = cacheable && state.cached.has(system) ? systemTokens : 0;
  const cacheWrite = cacheable && !cacheRead ? systemTokens : 0;
  if (cacheable) state.cached.add(system);
  const input = estimate(JSON.stringify(req.messages)) + (cacheable ? 0 : systemTokens);
  const tokens = tokensOf(reply.text);
  const offered = new Set((req.tools ?? []).map((t) => String((t as { name?: unknown }).name)));
  const unoffered = (reply.toolUses ?? []).find((u) => !offered.has(u.name));
  if (unoffered) state.refused.push(`the script calls ${unoffered.name}, which the request did not offer`);
  const uses = (reply.toolUses ?? []).filter((u) => offered.has(u.name)).map((u, i) => ({ ...u, id: `toolu_sim_${state.toolIds + i}` }));
  state.toolIds += uses.length;
  return {
    status: 200,
    headers: {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'request-id': 'req_sim_stream',
    },
    stream: async (res: ServerResponse) => {
      let finished = false;
      res.on('close', () => {
        if (!finished) state.cut += 1;
      });
      const send = (event: string, data: object): boolean =>
        !res.destroyed && res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('message_start', {
        type: 'message_start',
        message: {
          id: `msg_sim_${Date.now()}`,
          type: 'message',
          role: 'assistant',
          model: req.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: input, cache_creation_input_tokens: cacheWrite, cache_read_input_tokens: cacheRead, output_tokens: 1 },
        },
      });
      await sleep(state.firstTokenMs);
      let index = 0;
      let out = 0;
      if (tokens.length > 0) {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        send('ping', { type: 'ping' });
        for (const [i, token] of tokens.entries()) {
          if (reply.dropAfterTokens !== undefined && i >= reply.dropAfterTokens) {
            await sleep(30); // let what was written reach the client, then cut the connection
            res.destroy();
            return;
          }
          if (i > 0) await sleep(state.tokenMs);
          if (
            !send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: token } }) &&
            res.destroyed
          )
            return;
          state.onToken?.(traced, token, performance.now());
          out += 1;
        }
        send('content_block_stop', { type: 'content_block_stop', index });
        index += 1;
      }
      const toolBlock = (id: string, name: string, input: object): void => {
        const json = JSON.stringify(input);
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } });
        // Real streams cut tool input at arbitrary points, mid-string included.
        for (let i = 0; i < json.length; i += 7) {
          send('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 7) },
          });
          out += 1;
        }
        send('content_block_stop', { type: 'content_block_stop', index });
        index += 1;
      };
      for (const u of uses) toolBlock(u.id, u.name, u.input);
      if (reply.endCall) toolBlock('toolu_sim_end', 'end_call', reply.endCall);
      if (res.destroyed) return;
      send('message_delta', {
        type: 'message_delta',
        delta: {
          stop_reason: forced?.kind === 'refusal' ? 'refusal' : reply.endCall || uses.length > 0 ? 'tool_use' : 'end_turn',
          stop_sequence: null,
          stop_details: forced?.kind === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null,
        },
        usage: { output_tokens: out },
      });
      send('message_stop', { type: 'message_stop' });
      finished = true;
      res.end();
    },
  };
}
