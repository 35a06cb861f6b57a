/** Channels of voice: agents (create, edit, voice check, drafts, extraction schema) and the runner (state, test call, hang-up). */
import { z } from 'zod';
import { ExtractionSchemaViewSchema } from '../extraction-schemas';
import { AgentCreateSchema, AgentPatchSchema } from '../voice-agent-schemas';
import { AGENT_LANGUAGES, AGENT_OUTCOMES } from '../voice-agents';
import { RunnerStateSchema } from '../voice-runner';
import { Empty, Id } from './schemas';

/** An agent as the console shows it. */
export const AgentViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  language: z.enum(AGENT_LANGUAGES),
  voiceId: z.string(),
  greeting: z.string(),
  systemPrompt: z.string(),
  outcomes: z.array(z.enum(AGENT_OUTCOMES)),
  model: z.string(),
  eotThreshold: z.number(),
  eagerEotThreshold: z.number().nullable(),
  smsTool: z.boolean(),
  record: z.boolean(),
  consentLine: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A phone number as typed: E.164 after trimming spaces. */
const Phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'Write the number with its country code, like +919812345678.');

/**
 * An extraction schema as the console sends it: its shape and sizes only, so the core's own check
 * (extraction-schemas.ts) answers a bad field with the sentence that names it.
 */
const ExtractionPayload = z
  .object({
    fields: z
      .array(
        z
          .object({
            name: z.string().max(100),
            type: z.string().max(20),
            description: z.string().max(1_000),
            required: z.boolean().optional(),
            values: z.array(z.string().max(200)).max(50).optional(),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();

/** Every voice channel with its input and output schemas. */
export const voiceChannels = {
  'agents:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(AgentViewSchema) },
  'agents:create': { input: z.object({ workspaceId: Id, agent: AgentCreateSchema.strict() }).strict(), output: AgentViewSchema },
  'agents:update': {
    input: z.object({ workspaceId: Id, agentId: Id, patch: AgentPatchSchema.strict() }).strict(),
    output: AgentViewSchema,
  },
  'agents:delete': { input: z.object({ workspaceId: Id, agentId: Id }).strict(), output: z.object({ deleted: z.literal(true) }) },
  'agents:draft': {
    input: z.object({ workspaceId: Id, brief: z.string().max(10_000), language: z.enum(AGENT_LANGUAGES).optional() }).strict(),
    output: z.object({ systemPrompt: z.string(), greeting: z.string(), model: z.string() }),
  },
  'agents:checkVoice': {
    input: z.object({ workspaceId: Id, agentId: Id }).strict(),
    output: z.object({ voiceId: z.string(), fellBack: z.boolean(), persona: z.string().nullable(), reason: z.string().nullable() }),
  },
  'agents:getExtraction': {
    input: z.object({ workspaceId: Id, agentId: Id }).strict(),
    output: ExtractionSchemaViewSchema.nullable(),
  },
  'agents:setExtraction': {
    input: z.object({ workspaceId: Id, agentId: Id, schema: ExtractionPayload }).strict(),
    output: ExtractionSchemaViewSchema,
  },
  'agents:clearExtraction': {
    input: z.object({ workspaceId: Id, agentId: Id }).strict(),
    output: z.object({ cleared: z.literal(true) }),
  },
  'voice:state': { input: Empty, output: RunnerStateSchema },
  'voice:testCall': { input: z.object({ workspaceId: Id, agentId: Id, to: Phone }).strict(), output: z.object({ callId: z.string() }) },
  'voice:start': {
    input: z.union([z.object({ publicUrl: z.string().trim().min(1).max(2048) }).strict(), z.object({ tunnel: z.literal(true) }).strict()]),
    output: RunnerStateSchema,
  },
  'voice:stop': { input: Empty, output: RunnerStateSchema },
  'voice:hangup': { input: z.object({ callId: z.string().min(1).max(64) }).strict(), output: z.object({ hungUp: z.literal(true) }) },
} as const;
