/**
 * What the Anthropic simulator's model does when a request forces a tool (`tool_choice` of type
 * `tool`; the request has already passed anthropic-contract.ts): it calls that tool once, with no
 * text before it, stop_reason `tool_use` — streamed or not — and fills the tool's input from the
 * conversation by one documented rule, so a test can say what a conversation yields:
 *
 * 1. A property the conversation names — its name's words followed by "is", "was", ":" or "=", as
 *    in "my appointment time is 2026-12-12T10:00:00Z" — takes what follows, up to the end of the
 *    sentence (". ", "!", "?"), a comma, a semicolon or the line's end; the last mention wins. The
 *    text becomes the property's type: a number (the first number in it), a boolean (yes/true or
 *    no/false), an enum (the first listed value it holds as a word, as listed), or a string as is
 *    (`format` strings included). Text that does not fit the type leaves the property out.
 * 2. A required plain string (no enum, no format) the conversation does not name stands for the
 *    model's own prose (a summary, a drafted prompt): `<property>: ` and the last user message, its
 *    markup tags dropped and its lines joined, cut at a word to 300 characters.
 * 3. Anything else is left out, as a model leaves out what it cannot find; a required property left
 *    out is the caller's to notice, since a tool's input is not checked against its schema.
 *
 * `declineNext` answers that many forced-tool requests with stop_reason `refusal` and no content,
 * the shape of Claude declining (Message.stop_details, a RefusalStopDetails).
 */

/** What forced tool calls do; part of the Anthropic sim's state. */
export interface ForcedToolState {
  /** Forced-tool requests still to be declined (stop_reason refusal). */
  declineNext: number;
  /** Forced-tool requests answered, declined ones included. */
  answered: number;
}

/** A fresh state: nothing declined. */
export function newForcedToolState(): ForcedToolState {
  return { declineNext: 0, answered: 0 };
}

type Json = Record<string, unknown>;

/** What a forced request gets: the tool's call, or a refusal. */
export type ForcedAnswer = { readonly kind: 'tool_use'; readonly name: string; readonly input: Json } | { readonly kind: 'refusal' };

/** The tool a (valid) request forces, or null when it forces none. */
export function forcedToolName(body: unknown): string | null {
  const choice = (body as { tool_choice?: { type?: unknown; name?: unknown } } | null)?.tool_choice;
  return choice?.type === 'tool' && typeof choice.name === 'string' ? choice.name : null;
}

/** Answers a request that forces a tool, by the rule above. */
export function answerForced(body: Json, name: string, state: ForcedToolState): ForcedAnswer {
  state.answered += 1;
  if (state.declineNext > 0) {
    state.declineNext -= 1;
    return { kind: 'refusal' };
  }
  const tool = (body.tools as Json[]).find((t) => t.name === name) as Json;
  const schema = tool.input_schema as Json;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const messages = body.messages as Json[];
  const conversation = messages.map(textOf).join('\n');
  const lastUser = textOf(messages.filter((m) => m.role === 'user').at(-1) ?? {});
  const input: Json = {};
  for (const [key, prop] of Object.entries(properties)) {
    const said = namedValue(conversation, key);
    const value = said === null ? undefined : asType(said, prop);
    if (value !== undefined) input[key] = value;
    else if (required.has(key) && prop.type === 'string' && prop.enum === undefined && prop.format === undefined)
      input[key] = `${key}: ${prose(lastUser)}`;
  }
  return { kind: 'tool_use', name, input };
}

/** The text of a message: a string, or its text blocks. */
function textOf(message: Json): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[]).map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('\n');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the conversation says a property is (its last mention), or null. */
function namedValue(conversation: string, key: string): string | null {
  const words = key.split(/_+/).filter(Boolean).map(escape).join('[\\s_-]+');
  const mention = new RegExp(`\\b${words}\\s*(?:is|was|:|=)\\s*(.+?)(?=[.!?](?:\\s|$)|[,;\\n]|$)`, 'gim');
  let last: string | null = null;
  for (const m of conversation.matchAll(mention)) last = (m[1] ?? '').trim() || last;
  return last;
}

/** Text as a property's type, or undefined when it does not fit. */
function asType(text: string, prop: Json): unknown {
  if (Array.isArray(prop.enum)) {
    const lower = text.toLowerCase();
    return (prop.enum as unknown[]).find((v) => typeof v === 'string' && new RegExp(`\\b${escape(v.toLowerCase())}\\b`).test(lower));
  }
  switch (prop.type) {
    case 'number':
    case 'integer': {
      const n = /-?\d+(?:\.\d+)?/.exec(text);
      if (!n) return undefined;
      return prop.type === 'integer' ? Math.round(Number(n[0])) : Number(n[0]);
    }
    case 'boolean':
      return /^(yes|true|y)\b/i.test(text) ? true : /^(no|false|n)\b/i.test(text) ? false : undefined;
    case 'string':
      return text;
    default:
      return undefined;
  }
}

/** A message as one line of prose: markup tags dropped, lines joined, cut at a word to 300 characters. */
function prose(text: string): string {
  const flat = text
    .replace(/<\/?[a-z_][\w-]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= 300) return flat;
  const cut = flat.slice(0, 300);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 200))}…`;
}
