/** zod schemas of a voice agent's fields: the core validates every create and edit with them, and IPC parses with them. */
import { normalName } from './names';
import { z } from 'zod';
import { AGENT_LANGUAGES, AGENT_MODELS, AGENT_OUTCOMES } from './voice-agents';

const text = (what: string, max: number) =>
  z.string().trim().min(1, `${what} cannot be empty.`).max(max, `${what} is longer than ${max} characters.`);

/** A voice id as Cartesia writes them (a UUID); pasted ids are checked against the key later. */
export const VoiceIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'A Cartesia voice id looks like 8-4-4-4-12 hexadecimal digits.');

/** Every field of an agent, validated. */
export const AgentFieldsSchema = z.object({
  // Normalised before the uniqueness check: look-alike names are one name (names.ts).
  name: z.string().max(80, 'The name is longer than 80 characters.').transform(normalName).pipe(text('The name', 80)),
  language: z.enum(AGENT_LANGUAGES, { message: 'The language must be en (English) or hi (Hindi).' }),
  voiceId: VoiceIdSchema,
  greeting: text('The greeting', 500),
  systemPrompt: text('The system prompt', 20_000),
  outcomes: z
    .array(z.enum(AGENT_OUTCOMES, { message: `An agent classifies calls only into ${AGENT_OUTCOMES.join(', ')}.` }))
    .min(1, 'An agent needs at least one outcome.')
    // More than there are outcomes means a repeat: capped before the refine walks them all.
    .max(AGENT_OUTCOMES.length, 'An outcome is listed twice.')
    .refine((a) => new Set(a).size === a.length, 'An outcome is listed twice.'),
  model: z.enum(AGENT_MODELS.map((m) => m.id) as [string, ...string[]], {
    message: `The model must be one of ${AGENT_MODELS.map((m) => m.id).join(', ')}.`,
  }),
  /** How sure Flux must be that the caller finished before the agent answers (Deepgram's eot_threshold). */
  eotThreshold: z
    .number({ message: 'The end-of-turn confidence is a number from 0.5 to 1.' })
    .min(0.5, 'The end-of-turn confidence is from 0.5 to 1.')
    .max(1, 'The end-of-turn confidence is from 0.5 to 1.'),
  /** How sure Flux must be to start preparing the reply early (eager_eot_threshold); null prepares nothing early. */
  eagerEotThreshold: z
    .number({ message: 'The early-reply confidence is a number from 0.3 to 0.9, or off.' })
    .min(0.3, 'The early-reply confidence is from 0.3 to 0.9, or off.')
    .max(0.9, 'The early-reply confidence is from 0.3 to 0.9, or off.')
    .nullable(),
  /** The built-in send_sms tool: the agent may text the number on the line. */
  smsTool: z.boolean({ message: 'The SMS tool is on or off.' }),
  /** Whether the agent's calls are recorded (both sides, sealed); off unless the client wants it. */
  record: z.boolean({ message: 'Recording is on or off.' }),
  /** What the agent says first, before its greeting, whenever it records. */
  consentLine: text('The consent line', 300),
});
/** A new agent: name and prompt required; the rest default (persona of the language, Haiku, the four outcomes, Deepgram's turn-taking, no SMS tool). */
export const AgentCreateSchema = AgentFieldsSchema.partial({
  language: true,
  voiceId: true,
  greeting: true,
  outcomes: true,
  model: true,
  eotThreshold: true,
  eagerEotThreshold: true,
  smsTool: true,
  record: true,
  consentLine: true,
});

/** What an agent that records says first unless the operator words it otherwise. */
export const DEFAULT_CONSENT_LINE = 'This call is recorded.';

/** Flux's defaults: Deepgram's end-of-turn confidence, and early replies at its suggested 0.5. */
export const DEFAULT_TURN_TAKING = { eotThreshold: 0.7, eagerEotThreshold: 0.5 } as const;

/** Why an agent's turn-taking cannot be used, or null: an early reply must not need more confidence than the answer. */
export function turnTakingProblem(t: { readonly eotThreshold: number; readonly eagerEotThreshold: number | null }): string | null {
  return t.eagerEotThreshold !== null && t.eagerEotThreshold > t.eotThreshold
    ? 'The early-reply confidence cannot exceed the end-of-turn confidence.'
    : null;
}
/** A change to an agent: any subset of its fields. */
export const AgentPatchSchema = AgentFieldsSchema.partial();
/** Input to create an agent. */
export type AgentCreate = z.input<typeof AgentCreateSchema>;
/** Input to change an agent. */
export type AgentPatch = z.input<typeof AgentPatchSchema>;
