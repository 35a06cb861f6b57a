/** zod schema of a new test scenario: the core validates every add with it, and IPC parses with it. */
import { z } from 'zod';
import { SCENARIO_LIMITS } from './agent-scenarios';
import { normalName } from './names';
import { AGENT_OUTCOMES } from './voice-agents';

const L = SCENARIO_LIMITS;

const ToolName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'A tool name is 1 to 64 letters, digits, underscores or hyphens.');

const list = <T extends z.ZodTypeAny>(item: T, what: string) =>
  z.array(item).max(L.list, `A scenario lists at most ${L.list} ${what}.`).default([]);

/** The JSON a stub answers with: any JSON value, bounded like an HTTP tool's answer. */
const StubAnswer = z
  .unknown()
  .refine((v) => v !== undefined, 'A stubbed answer must be a JSON value.')
  .refine(
    (v) => v === undefined || new TextEncoder().encode(JSON.stringify(v)).length <= L.stubBytes,
    `A stubbed answer is at most ${L.stubBytes / 1024} KiB of JSON, like a tool's real answer.`,
  );

/** A field the call must yield. */
const FieldExpectationSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'A field name is a letter then up to 63 letters, digits or underscores, like appointment_time.'),
  equals: z.string().trim().min(1).max(L.phrase, `An expected value is at most ${L.phrase} characters.`).nullable().default(null),
});

/** What must happen; at least one expectation. */
export const ScenarioExpectationsSchema = z
  .object({
    outcome: z
      .enum(AGENT_OUTCOMES, { message: `An outcome is one of ${AGENT_OUTCOMES.join(', ')}.` })
      .nullable()
      .default(null),
    toolsCalled: list(ToolName, 'tools'),
    neverSay: list(
      z
        .string()
        .trim()
        .min(1, 'A phrase the agent must never say cannot be empty.')
        .max(L.phrase, `A phrase is at most ${L.phrase} characters.`),
      'phrases',
    ),
    fields: list(FieldExpectationSchema, 'fields'),
  })
  .refine(
    (e) => e.outcome !== null || e.toolsCalled.length + e.neverSay.length + e.fields.length > 0,
    'Say what must happen: an outcome, a tool the agent must call, a phrase it must never say, or a field it must yield.',
  );

/** A new scenario. */
export const ScenarioCreateSchema = z.object({
  name: z
    .string()
    .max(L.name, `A scenario's name is at most ${L.name} characters.`)
    .transform(normalName)
    .pipe(z.string().min(1, 'A scenario needs a name.')),
  persona: z
    .string()
    .trim()
    .min(10, 'Describe the caller in a sentence at least: who they are and what they want.')
    .max(L.persona, `The persona is longer than ${L.persona.toLocaleString('en-US')} characters.`),
  stubs: z.record(ToolName, StubAnswer).default({}),
  expectations: ScenarioExpectationsSchema,
  maxTurns: z
    .number()
    .int('The turn limit is a whole number.')
    .min(L.turns.min, `A scenario takes at least ${L.turns.min} turn.`)
    .max(L.turns.max, `A scenario takes at most ${L.turns.max} turns.`)
    .default(L.turns.default),
});
/** Input to add a scenario. */
export type ScenarioCreate = z.input<typeof ScenarioCreateSchema>;
/** A scenario as validated. */
export type ScenarioParsed = z.output<typeof ScenarioCreateSchema>;
