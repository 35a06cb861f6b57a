/**
 * An agent's HTTP tools (issue 24, items 3 and 5): what the operator fixes for each (name, description,
 * parameters, https URL, optional secret header, timeout) and the view of one. The model only fills
 * the parameters; the URL, host and secret are the operator's and never reach the model.
 */
import { z } from 'zod';
import { BUILTIN_TOOL_NAMES } from './builtin-tools';
import { TRANSFER_TOOL_NAME } from './transfer-targets';

/** Tool names the agent's own tools take; an HTTP tool may not shadow them. */
export const RESERVED_TOOL_NAMES = ['end_call', TRANSFER_TOOL_NAME, ...BUILTIN_TOOL_NAMES] as const;
/** The most HTTP tools one agent holds. */
export const MAX_AGENT_TOOLS = 10;
/** A tool's timeout bounds, milliseconds: a caller waits on the line for it. */
export const TOOL_TIMEOUT_MS = { min: 500, max: 10_000, default: 5_000 } as const;
/** The largest parameters schema, in characters of JSON (it goes into every request's prompt). */
export const MAX_TOOL_SCHEMA_CHARS = 8_000;

const Name = z
  .string()
  .trim()
  // Anthropic's tool-name pattern is ^[a-zA-Z0-9_-]{1,128}$; 64 keeps names speakable in a log line.
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'A tool name is 1 to 64 letters, digits, underscores or hyphens.')
  .superRefine((n, ctx) => {
    if ((RESERVED_TOOL_NAMES as readonly string[]).includes(n))
      ctx.addIssue({
        code: 'custom',
        message:
          n === 'end_call' || n === TRANSFER_TOOL_NAME
            ? `${n} is the agent’s own ${n === 'end_call' ? 'hang-up' : 'transfer'} tool; pick another name.`
            : `${BUILTIN_TOOL_NAMES.join(', ')} are Switchboard’s own call tools; pick another name.`,
      });
  });

/** A JSON-schema object schema: `type: "object"`, properties an object when given, bounded in size. */
export const ToolParametersSchema = z
  .record(z.string(), z.unknown())
  .refine((s) => s.type === 'object', 'The parameters must be a JSON schema of type "object".')
  .refine(
    (s) => s.properties === undefined || (typeof s.properties === 'object' && s.properties !== null && !Array.isArray(s.properties)),
    'The parameters’ "properties" must be an object.',
  )
  .refine(
    (s) => s.required === undefined || (Array.isArray(s.required) && s.required.every((r) => typeof r === 'string')),
    'The parameters’ "required" must be a list of names.',
  )
  .refine(
    (s) => JSON.stringify(s).length <= MAX_TOOL_SCHEMA_CHARS,
    `The parameters schema is longer than ${MAX_TOOL_SCHEMA_CHARS} characters.`,
  );

const Url = z
  .string()
  .trim()
  .max(2000, 'The URL is longer than 2,000 characters.')
  .refine((u) => URL.canParse(u), 'The URL is not a URL.')
  .refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:', 'A tool’s URL must be https.')
  .refine(
    (u) => URL.canParse(u) && new URL(u).username === '' && new URL(u).password === '',
    'Put credentials in the secret header, not in the URL.',
  );

/** A header name (RFC 9110 token), e.g. Authorization or X-Api-Key. */
const HeaderName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'A header name is 1 to 64 letters, digits or hyphens.')
  .refine(
    (h) => !['host', 'content-length', 'content-type', 'transfer-encoding', 'connection'].includes(h.toLowerCase()),
    'That header is set by Switchboard itself.',
  );

/** A new HTTP tool, without its secret header's value (given apart, never with the rest). */
export const AgentToolCreateSchema = z.object({
  name: Name,
  description: z
    .string()
    .trim()
    .min(1, 'A tool needs a description: the model reads it to know when to call it.')
    .max(1000, 'The description is longer than 1,000 characters.'),
  parameters: ToolParametersSchema,
  url: Url,
  secretHeader: HeaderName.optional(),
  timeoutMs: z
    .number()
    .int()
    .min(TOOL_TIMEOUT_MS.min, `A timeout is at least ${TOOL_TIMEOUT_MS.min} ms.`)
    .max(TOOL_TIMEOUT_MS.max, `A timeout is at most ${TOOL_TIMEOUT_MS.max} ms: the caller waits on the line.`)
    .optional(),
});
/** Input to add a tool. */
export type AgentToolCreate = z.input<typeof AgentToolCreateSchema>;

/** A secret header's value: one line, printable, bounded. */
export const SecretHeaderValueSchema = z
  .string()
  .trim()
  .min(1, 'The secret header’s value is empty.')
  .max(4096, 'The secret header’s value is longer than 4,096 characters.')
  .regex(/^[\x20-\x7e]+$/, 'The secret header’s value must be one line of printable characters.');

/** An HTTP tool as the console and the CLI see it: no secret, only whether one is sealed. */
export interface AgentToolView {
  readonly id: string;
  readonly agentId: string;
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly url: string;
  /** The secret header's name, when the tool has one (its value is sealed, never shown). */
  readonly secretHeader: string | null;
  readonly timeoutMs: number;
  readonly createdAt: string;
}
