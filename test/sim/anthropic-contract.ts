/**
 * What Anthropic's Messages API refuses, for the simulator: a request is checked against the SDK's
 * `MessageCreateParams` (node_modules/@anthropic-ai/sdk/resources/messages/messages.d.ts: its
 * top-level fields, required `model`, `max_tokens`, `messages`) and the rules the API enforces on
 * top of the types (Messages API docs): roles alternate starting with `user`, no content is empty,
 * a `tool_result` answers a `tool_use` of the message just before it, every `tool_use` is answered
 * by a `tool_result` in the next message (results first), and a system or tool block's
 * `cache_control` is `{type: "ephemeral"}`, tool names are unique and each `input_schema` is a JSON
 * schema (draft 2020-12, its common keywords checked), and a `tool_choice` (`ToolChoice`: auto, any,
 * tool with a `name`, none) needs tools, names one of them when it is `tool`, and cannot force a
 * tool while thinking is on. The SDK ships types only, no runtime schema, so these are written here
 * from them. Caching: a prefix caches only above the model's minimum (Anthropic's
 * prompt-caching docs; docs/providers.md), with the simulator's own token count.
 */

/** The top-level fields of MessageCreateParamsBase in the installed SDK; anything else is an "Extra inputs are not permitted" 400. */
const PARAMS = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'tools',
  'tool_choice',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'metadata',
  'thinking',
  'service_tier',
  'container',
  'context_management',
  'mcp_servers',
  'output_format',
  'inference_geo',
]);

/** The smallest cacheable prefix per model (prompt-caching docs); an unknown model at the highest. */
const MINIMUMS: readonly (readonly [string, number])[] = [
  ['claude-haiku-4-5', 4096],
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-sonnet-4-6', 2048],
  ['claude-sonnet-4-5', 1024],
  ['claude-sonnet-4', 1024],
  ['claude-opus-4', 1024],
];

/** The simulator's token count: about four characters a token. */
export const simTokens = (s: string): number => Math.max(1, Math.ceil(s.length / 4));

/** Whether Anthropic would cache a prefix of `tokens` tokens for `model`. */
export function cachesAt(model: string, tokens: number): boolean {
  return tokens >= (MINIMUMS.find(([p]) => model.startsWith(p))?.[1] ?? 4096);
}

type Block = Record<string, unknown>;

/** Why Anthropic would refuse this request body with a 400 invalid_request_error, or null when it would take it. */
export function messagesRefusal(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body is not a JSON object.';
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).find((k) => !PARAMS.has(k));
  if (extra !== undefined) return `${extra}: Extra inputs are not permitted`;
  if (typeof b.model !== 'string' || b.model === '') return 'model: Field required';
  if (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1) return 'max_tokens: Field required (a positive integer)';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: at least one message is required';
  const system = checkSystem(b.system);
  if (system) return system;
  const tools = checkTools(b.tools);
  if (tools) return tools;
  const choice = checkToolChoice(b.tool_choice, b.tools, b.thinking);
  if (choice) return choice;
  let previousToolUses: Set<string> = new Set();
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    if (typeof m !== 'object' || m === null) return `messages.${i}: not an object`;
    const { role, content } = m as { role?: unknown; content?: unknown };
    const want = i % 2 === 0 ? 'user' : 'assistant';
    if (role !== want) return `messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user"`;
    if (typeof content === 'string') {
      if (content.trim() === '') return `messages.${i}: all messages must have non-empty content`;
      if (previousToolUses.size > 0) return unanswered(i);
      previousToolUses = new Set();
      continue;
    }
    if (!Array.isArray(content) || content.length === 0) return `messages.${i}: all messages must have non-empty content`;
    const uses = new Set<string>();
    const answered = new Set<string>();
    let sawOther = false;
    for (const [j, block] of (content as Block[]).entries()) {
      if (block.type === 'text' && (typeof block.text !== 'string' || block.text.trim() === ''))
        return `messages.${i}.content.${j}: text content blocks must be non-empty`;
      if (block.type === 'tool_use') {
        if (role !== 'assistant') return `messages.${i}.content.${j}: tool_use blocks belong to assistant messages`;
        uses.add(String(block.id));
      }
      if (block.type === 'tool_result') {
        if (role !== 'user' || !previousToolUses.has(String(block.tool_use_id)))
          return `messages.${i}.content.${j}: unexpected tool_use_id found in tool_result blocks; each tool_result must answer a tool_use in the previous message`;
        if (sawOther) return `messages.${i}.content.${j}: tool_result blocks must come first in the user message`;
        answered.add(String(block.tool_use_id));
      } else sawOther = true;
    }
    if ([...previousToolUses].some((id) => !answered.has(id))) return unanswered(i);
    previousToolUses = uses;
  }
  return null;
}

/** The API's refusal of a message that leaves a tool_use of the one before it unanswered. */
const unanswered = (i: number): string =>
  `messages.${i}: tool_use ids were found without tool_result blocks immediately after; each tool_use must have a corresponding tool_result in the next message`;

function checkSystem(system: unknown): string | null {
  if (system === undefined || typeof system === 'string') return null;
  if (!Array.isArray(system)) return 'system: must be a string or a list of text blocks';
  for (const [i, s] of (system as Block[]).entries()) {
    if (s.type !== 'text' || typeof s.text !== 'string' || s.text === '') return `system.${i}: text content blocks must be non-empty`;
    const cc = checkCacheControl(s.cache_control);
    if (cc) return `system.${i}.${cc}`;
  }
  return null;
}

function checkTools(tools: unknown): string | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return 'tools: must be a list';
  const names = new Set<string>();
  for (const [i, t] of (tools as Block[]).entries()) {
    if (typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name))
      return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (names.has(t.name)) return 'tools: Tool names must be unique.';
    names.add(t.name);
    const schema = t.input_schema as Block | undefined;
    if (typeof schema !== 'object' || schema === null || schema.type !== 'object') return `tools.${i}.input_schema: type must be "object"`;
    if (!validJsonSchema(schema))
      return `tools.${i}.custom.input_schema: JSON schema is invalid - please consult https://json-schema.org or our documentation at https://docs.anthropic.com/en/docs/tool-use`;
    const cc = checkCacheControl(t.cache_control);
    if (cc) return `tools.${i}.${cc}`;
  }
  return null;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/**
 * Whether a value is a JSON schema as draft 2020-12 writes one, for the keywords tools use: `type`
 * (a type name or a list of them), `properties` (schemas), `required` (distinct names), `enum` (a
 * list), `items` and `additionalProperties` (schemas), `description` and `format` (text), and the
 * numeric bounds. A boolean is a schema too.
 */
function validJsonSchema(schema: unknown): boolean {
  if (typeof schema === 'boolean') return true;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  const s = schema as Block;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.length === 0 || types.some((t) => typeof t !== 'string' || !JSON_TYPES.has(t)) || new Set(types).size !== types.length)
      return false;
  }
  if (s.properties !== undefined) {
    if (typeof s.properties !== 'object' || s.properties === null || Array.isArray(s.properties)) return false;
    if (!Object.values(s.properties).every(validJsonSchema)) return false;
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string') || new Set(s.required).size !== s.required.length)
      return false;
  }
  if (s.enum !== undefined && (!Array.isArray(s.enum) || s.enum.length === 0)) return false;
  if (s.items !== undefined && !validJsonSchema(s.items)) return false;
  if (s.additionalProperties !== undefined && !validJsonSchema(s.additionalProperties)) return false;
  if ((s.description !== undefined && typeof s.description !== 'string') || (s.format !== undefined && typeof s.format !== 'string'))
    return false;
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'])
    if (s[k] !== undefined && typeof s[k] !== 'number') return false;
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems']) if (s[k] !== undefined && !isCount(s[k])) return false;
  return true;
}

const CHOICE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  auto: ['type', 'disable_parallel_tool_use'],
  any: ['type', 'disable_parallel_tool_use'],
  tool: ['type', 'name', 'disable_parallel_tool_use'],
  none: ['type'],
};

/** ToolChoice (auto | any | tool | none): its own fields only, tools to choose from, a named tool that exists, no forced tool while thinking. */
function checkToolChoice(choice: unknown, tools: unknown, thinking: unknown): string | null {
  if (choice === undefined) return null;
  if (typeof choice !== 'object' || choice === null || Array.isArray(choice)) return 'tool_choice: Input should be an object';
  const c = choice as Block;
  const allowed = typeof c.type === 'string' ? CHOICE_FIELDS[c.type] : undefined;
  if (!allowed) return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
  const extra = Object.keys(c).find((k) => !allowed.includes(k));
  if (extra !== undefined) return `tool_choice.${c.type}.${extra}: Extra inputs are not permitted`;
  if (c.disable_parallel_tool_use !== undefined && typeof c.disable_parallel_tool_use !== 'boolean')
    return `tool_choice.${c.type}.disable_parallel_tool_use: Input should be a valid boolean`;
  if (c.type === 'none') return null;
  const offered = Array.isArray(tools) ? (tools as Block[]).map((t) => t.name) : [];
  if (offered.length === 0) return 'tool_choice may only be specified while providing tools.';
  if (c.type === 'tool') {
    if (typeof c.name !== 'string' || c.name === '') return 'tool_choice.tool.name: Field required';
    if (!offered.includes(c.name)) return `tool_choice.tool.name: Tool '${c.name}' not found in provided tools`;
  }
  const thinks = typeof thinking === 'object' && thinking !== null && (thinking as Block).type !== 'disabled';
  if (thinks && (c.type === 'tool' || c.type === 'any')) return 'Thinking may not be enabled when tool_choice forces tool use.';
  return null;
}

function checkCacheControl(cc: unknown): string | null {
  if (cc === undefined || cc === null) return null;
  const c = cc as Block;
  if (typeof cc !== 'object' || c.type !== 'ephemeral' || Object.keys(c).some((k) => k !== 'type' && k !== 'ttl'))
    return 'cache_control: must be {"type": "ephemeral"} (with an optional ttl)';
  return null;
}
