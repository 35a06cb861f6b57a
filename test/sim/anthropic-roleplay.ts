/**
 * Role-play for the Anthropic simulator: both sides of a simulated call, each derived from its own
 * request alone by a written rule, so a test reads as a conversation, the same prompts always give
 * the same words, and a change of prompt changes what is said. Nothing here is told the product's
 * prompts: the rules read the system prompt and the messages as the API receives them.
 *
 * The caller — a non-streaming request with a system prompt that forces no tool. Its lines are the
 * passages in double quotes ("…" or “…”) of its system prompt, in order. Its reply to a request is
 * the first line it has not said yet (one line per assistant message already in the request); once
 * every line is said, it says "Goodbye." and calls the hang_up tool when the request offers one.
 * The persona "A busy parent. Asks “Do you have Saturday?” then says “Saturday only, please.”" says
 * those two sentences, then hangs up.
 *
 * The agent — a streaming request (anthropic-stream.ts asks here before its script queue). Lines of
 * its system prompt of these forms, the first that matches answering:
 *   When the caller says "WORDS", ACTIONS.   the last caller message holds WORDS (case and punctuation aside)
 *   When TOOL answers, ACTIONS.              the last message is the result of TOOL's call
 *   Otherwise, ACTIONS.                      anything else
 * ACTIONS joins, with "and", any of: say "TEXT" · call TOOL with {JSON} · end the call as OUTCOME.
 * In TEXT, {field} is the field of that name in the tool's JSON answer (left as written when the
 * answer has none). The reply streams TEXT, then the tool call, then end_call, as the script's
 * replies do. A request that no line answers goes on to the script.
 */
import { z } from 'zod';
import { messagesRefusal, simTokens } from './anthropic-contract';
import type { ScriptedReply } from './anthropic-stream';
import type { SimResponse } from './server';

/** Straight or curly double-quoted passages. */
const QUOTED = /"([^"]+)"|“([^”]+)”/g;

/** The quoted passages of a text, in order. */
export function quotedLines(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter((l) => l !== '');
}

type Message = { readonly role?: unknown; readonly content?: unknown };
type Block = {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly name?: unknown;
  readonly id?: unknown;
  readonly tool_use_id?: unknown;
  readonly content?: unknown;
};

const blocksOf = (m: Message | undefined): Block[] => (Array.isArray(m?.content) ? (m.content as Block[]) : []);
const textOf = (m: Message | undefined): string =>
  typeof m?.content === 'string'
    ? m.content
    : blocksOf(m)
        .filter((b) => b.type === 'text')
        .map((b) => String(b.text ?? ''))
        .join(' ');
const wordsOf = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;

/** One line of an agent's rules. */
interface Rule {
  readonly when:
    | { readonly kind: 'says'; readonly words: string }
    | { readonly kind: 'answers'; readonly tool: string }
    | { readonly kind: 'otherwise' };
  readonly say: string;
  readonly call: { readonly name: string; readonly input: Record<string, unknown> } | null;
  readonly endAs: string | null;
}

/** The JSON object that starts at `from` in `text` and the index after it, by brace counting (strings respected), or null. */
function jsonAt(text: string, from: number): { value: Record<string, unknown>; end: number } | null {
  if (text[from] !== '{') return null;
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}' && --depth === 0) {
      try {
        const value = JSON.parse(text.slice(from, i + 1)) as unknown;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
        return { value: value as Record<string, unknown>, end: i + 1 };
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** `text` with [from, to) blanked, so a quoted sentence or a JSON input is not read as an action. */
const blank = (text: string, from: number, to: number): string => text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);

/** The actions of a rule line after its condition. */
function actionsOf(rest: string): Pick<Rule, 'say' | 'call' | 'endAs'> {
  const say = /\bsay\s+(?:"([^"]*)"|“([^”]*)”)/i.exec(rest);
  let bare = say ? blank(rest, say.index, say.index + say[0].length) : rest;
  // "end the call as" is not a call of a tool named "as".
  const call = /\bcall\s+(?!as\b)([a-zA-Z0-9_-]+)(\s+with\s+)?/i.exec(bare);
  const input = call?.[2] ? jsonAt(bare, call.index + call[0].length) : null;
  if (call && input) bare = blank(bare, call.index, input.end);
  const end = /\bend the call as\s+([a-z_]+)/i.exec(bare);
  return {
    say: (say?.[1] ?? say?.[2] ?? '').trim(),
    call: call?.[1] ? { name: call[1], input: input?.value ?? {} } : null,
    endAs: end?.[1] ?? null,
  };
}

/** The rule lines of an agent's system prompt, in order. */
export function agentRules(system: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of system.split('\n')) {
    const line = raw.trim().replace(/^[-*•]\s*/, '');
    const says = /^when the caller says\s+(?:"([^"]+)"|“([^”]+)”)\s*,\s*(.*)$/i.exec(line);
    const answers = /^when\s+([a-zA-Z0-9_-]+)\s+answers\s*,\s*(.*)$/i.exec(line);
    const otherwise = /^otherwise\s*,\s*(.*)$/i.exec(line);
    if (says) rules.push({ when: { kind: 'says', words: wordsOf(says[1] ?? says[2] ?? '') }, ...actionsOf(says[3] ?? '') });
    else if (answers) rules.push({ when: { kind: 'answers', tool: answers[1] ?? '' }, ...actionsOf(answers[2] ?? '') });
    else if (otherwise) rules.push({ when: { kind: 'otherwise' }, ...actionsOf(otherwise[1] ?? '') });
  }
  return rules;
}

/** The tool whose result the last message carries, with that result, or null when the caller spoke last. */
function toolAnswered(messages: readonly Message[]): { tool: string; answer: string } | null {
  const last = messages.at(-1);
  const result = blocksOf(last).find((b) => b.type === 'tool_result');
  if (!result) return null;
  const use = blocksOf(messages.at(-2)).find((b) => b.type === 'tool_use' && b.id === result.tool_use_id);
  const content = typeof result.content === 'string' ? result.content : textOf({ content: result.content });
  return { tool: String(use?.name ?? ''), answer: content };
}

/** TEXT with {field} filled from a tool's JSON answer. */
function fill(text: string, answer: string | null): string {
  if (answer === null) return text;
  let fields: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(answer) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
  } catch {
    return text;
  }
  return text.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(fields, name) ? (typeof fields[name] === 'string' ? (fields[name] as string) : JSON.stringify(fields[name])) : whole,
  );
}

/** The agent's reply by its rules, or undefined when no line answers this request. */
export function agentRuleReply(system: string, messages: readonly unknown[]): ScriptedReply | undefined {
  const rules = agentRules(system);
  if (rules.length === 0) return undefined;
  const list = messages as readonly Message[];
  const answered = toolAnswered(list);
  const callerWords = answered ? null : wordsOf(textOf(list.filter((m) => m.role === 'user').at(-1)));
  const rule = rules.find((r) =>
    r.when.kind === 'otherwise'
      ? true
      : r.when.kind === 'answers'
        ? answered?.tool === r.when.tool
        : callerWords !== null && callerWords.includes(r.when.words),
  );
  if (!rule) return undefined;
  return {
    text: fill(rule.say, answered?.answer ?? null),
    ...(rule.call ? { toolUses: [rule.call] } : {}),
    ...(rule.endAs ? { endCall: { outcome: rule.endAs, reason: 'The conversation reached its end.' } } : {}),
  };
}

const CallerRequest = z.object({
  model: z.string(),
  system: z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }))]),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']) })),
  tools: z.array(z.object({ name: z.string() })).optional(),
  tool_choice: z.object({ type: z.string() }).optional(),
  stream: z.literal(false).optional(),
});

/**
 * A non-streaming request answered as the caller, as the API answers (a Message with usage), or
 * undefined when the request is not the caller's: no system prompt, a stream, or a forced tool.
 */
export function callerReply(body: string, headers: Record<string, string>): SimResponse | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const req = CallerRequest.safeParse(json);
  if (!req.success || req.data.tool_choice?.type === 'tool' || req.data.tool_choice?.type === 'any') return undefined;
  const refusal = messagesRefusal(json);
  if (refusal !== null) return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: refusal } } };
  const system = typeof req.data.system === 'string' ? req.data.system : req.data.system.map((b) => b.text).join('\n');
  const messages = (json as { messages: unknown[] }).messages;
  const said = req.data.messages.filter((m) => m.role === 'assistant').length;
  const line = quotedLines(system)[said];
  const hangUp = line === undefined && (req.data.tools ?? []).some((t) => t.name === 'hang_up');
  const text = line ?? 'Goodbye.';
  const content: Record<string, unknown>[] = [{ type: 'text', text, citations: null }];
  if (hangUp) content.push({ type: 'tool_use', id: `toolu_sim_caller_${said}`, name: 'hang_up', input: {} });
  return {
    status: 200,
    headers: { ...headers, 'request-id': 'req_sim_caller' },
    json: {
      id: `msg_sim_caller_${said}`,
      type: 'message',
      role: 'assistant',
      model: req.data.model,
      content,
      stop_reason: hangUp ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      container: null,
      usage: {
        input_tokens: simTokens(system) + simTokens(JSON.stringify(messages)) + simTokens(JSON.stringify(req.data.tools ?? [])),
        output_tokens: simTokens(text) + (hangUp ? 8 : 0),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: null,
        server_tool_use: null,
        service_tier: 'standard',
      },
    },
  };
}
