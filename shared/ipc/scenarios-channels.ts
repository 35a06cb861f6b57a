/**
 * Channels of an agent's simulated-caller tests: its scenarios (list, add, remove), the estimate
 * said before a run, the run, and the history of runs per prompt version. A new scenario is parsed
 * here for its shape and bounds only (a stub's answer as the JSON text the operator wrote); the core checks it (shared/agent-scenario-schemas.ts and the
 * agent's own outcomes and tools) and says in one sentence what is wrong.
 */
import { z } from 'zod';
import { SCENARIO_ENDINGS, SCENARIO_LIMITS, VERDICT_KINDS } from '../agent-scenarios';
import { AGENT_OUTCOMES } from '../voice-agents';
import { Id } from './schemas';

const ScenarioRef = z.string().trim().min(1).max(200);
const Text = (max: number) => z.string().max(max);

const ExpectationsSchema = z.object({
  outcome: z.enum(AGENT_OUTCOMES).nullable(),
  toolsCalled: z.array(z.string()),
  neverSay: z.array(z.string()),
  fields: z.array(z.object({ name: z.string(), equals: z.string().nullable() })),
});

/** A scenario as the console shows it. */
export const ScenarioViewSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  name: z.string(),
  persona: z.string(),
  stubs: z.record(z.string(), z.unknown()),
  expectations: ExpectationsSchema,
  maxTurns: z.number(),
  createdAt: z.string(),
});

/** A new scenario, bounded; its meaning is the core's to check. */
const ScenarioInputSchema = z
  .object({
    name: Text(200),
    persona: Text(SCENARIO_LIMITS.persona + 1_000),
    // Each answer as the JSON text the operator wrote; the handler reads it.
    stubs: z
      .record(Text(200), Text(SCENARIO_LIMITS.stubBytes + 1_000))
      .refine((r) => Object.keys(r).length <= 20, 'too many stubs')
      .optional(),
    expectations: z
      .object({
        outcome: Text(64).nullable().optional(),
        toolsCalled: z.array(Text(200)).max(100).optional(),
        neverSay: z.array(Text(1_000)).max(100).optional(),
        fields: z
          .array(z.object({ name: Text(200), equals: Text(1_000).nullable().optional() }).strict())
          .max(100)
          .optional(),
      })
      .strict(),
    maxTurns: z.number().optional(),
  })
  .strict();

const TokensSchema = z.object({ input: z.number(), output: z.number() });

const TranscriptEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('line'), speaker: z.enum(['agent', 'caller']), text: z.string() }),
  z.object({ kind: z.literal('tool'), name: z.string(), input: z.string(), answer: z.string(), isError: z.boolean() }),
  z.object({ kind: z.literal('end'), by: z.enum(SCENARIO_ENDINGS), outcome: z.string().nullable(), reason: z.string() }),
]);

const ResultSchema = z.object({
  scenarioId: z.string(),
  name: z.string(),
  passed: z.boolean(),
  ended: z.enum(SCENARIO_ENDINGS),
  outcome: z.string().nullable(),
  verdicts: z.array(z.object({ kind: z.enum(VERDICT_KINDS), subject: z.string(), passed: z.boolean(), reason: z.string() })),
  transcript: z.array(TranscriptEntrySchema),
  tokens: TokensSchema,
});

const RunSummarySchema = z.object({
  id: z.string(),
  agentId: z.string(),
  promptVersion: z.string(),
  model: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  planned: z.number(),
  passed: z.number(),
  failed: z.number(),
  tokens: TokensSchema,
  costUsd: z.number(),
  owner: z.enum(['own', 'agency']),
  scenarios: z.array(z.object({ name: z.string(), passed: z.boolean() })),
});

/** A run with its results opened. */
export const TestRunViewSchema = RunSummarySchema.extend({ results: z.array(ResultSchema) });

const EstimateSchema = z.object({
  scenarios: z.number(),
  promptVersion: z.string(),
  model: z.string(),
  callerModel: z.string(),
  tokens: z.object({ likely: z.number(), ceiling: z.number() }),
  costUsd: z.object({ likely: z.number(), ceiling: z.number() }),
  owner: z.enum(['own', 'agency']),
});

const Which = { workspaceId: Id, agentId: Id };
/** Scenarios by id or name; none means all of the agent's. */
const Scenarios = z.array(ScenarioRef).max(SCENARIO_LIMITS.perAgent).optional();

/** Every scenario channel with its input and output schemas. */
export const scenariosChannels = {
  'scenarios:list': {
    input: z.object(Which).strict(),
    output: z.object({
      scenarios: z.array(ScenarioViewSchema),
      /** The agent's HTTP tools a scenario may stub or expect. */
      tools: z.array(z.object({ name: z.string(), description: z.string() })),
      promptVersion: z.string(),
    }),
  },
  'scenarios:add': { input: z.object({ ...Which, scenario: ScenarioInputSchema }).strict(), output: ScenarioViewSchema },
  'scenarios:remove': {
    input: z.object({ ...Which, scenarioId: Id }).strict(),
    output: z.object({ removed: z.literal(true) }),
  },
  'scenarios:estimate': { input: z.object({ ...Which, scenarios: Scenarios }).strict(), output: EstimateSchema },
  'scenarios:run': { input: z.object({ ...Which, scenarios: Scenarios }).strict(), output: TestRunViewSchema },
  'scenarios:history': {
    input: z.object(Which).strict(),
    output: z.array(
      z.object({
        promptVersion: z.string(),
        current: z.boolean(),
        runs: z.array(RunSummarySchema),
        broke: z.array(z.string()),
        fixed: z.array(z.string()),
      }),
    ),
  },
  'scenarios:openRun': { input: z.object({ ...Which, runId: Id }).strict(), output: TestRunViewSchema },
} as const;
