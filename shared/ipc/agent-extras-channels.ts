/**
 * Channels of what an agent can do during a call besides talking: its HTTP tools (the secret header's
 * value goes in once, sealed in main, and never comes back) and the people it may transfer a call to.
 */
import { z } from 'zod';
import { MAX_TOOL_SCHEMA_CHARS } from '../agent-tools';
import { TRANSFER_MODES } from '../transfer-targets';
import { Id } from './schemas';

/** An HTTP tool as the console sees it: whether a secret header is sealed, never its value. */
export const AgentToolViewSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  url: z.string(),
  secretHeader: z.string().nullable(),
  timeoutMs: z.number(),
  createdAt: z.string(),
});

/** A transfer target as the console sees it. */
export const TransferTargetViewSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  name: z.string(),
  number: z.string(),
  whenToUse: z.string(),
  mode: z.enum(TRANSFER_MODES),
  createdAt: z.string(),
});

const Agent = { workspaceId: Id, agentId: Id };
const text = (max: number) => z.string().max(max);

/**
 * A new tool or target as it crosses: shapes and bounds only. The core validates every field with
 * the shared schemas (agent-tools.ts, transfer-target-schemas.ts), so a refusal reads as their one
 * sentence ("Write the number with its country code…") rather than a generic one.
 */
const ToolInput = z
  .object({
    name: text(128),
    description: text(2000),
    /** The parameters' JSON schema as text: it crosses bounded, and main reads it (a record of unknowns would not be). */
    parametersJson: text(MAX_TOOL_SCHEMA_CHARS),
    url: text(2100),
    secretHeader: text(128).optional(),
    timeoutMs: z.number().int().optional(),
  })
  .strict();
const TargetInput = z.object({ name: text(100), number: text(40), whenToUse: text(1000), mode: z.enum(TRANSFER_MODES) }).strict();
const Removed = z.object({ removed: z.literal(true) });

/** Every agent-extras channel with its input and output schemas. */
export const agentExtrasChannels = {
  'agentTools:list': { input: z.object(Agent).strict(), output: z.array(AgentToolViewSchema) },
  'agentTools:add': {
    input: z
      .object({
        ...Agent,
        tool: ToolInput,
        // Checked in main (SecretHeaderValueSchema) so its sentence never echoes it; bounded here.
        secretValue: z.string().max(4096).nullable(),
      })
      .strict(),
    output: AgentToolViewSchema,
  },
  'agentTools:remove': { input: z.object({ ...Agent, toolId: Id }).strict(), output: Removed },
  'transfers:list': { input: z.object(Agent).strict(), output: z.array(TransferTargetViewSchema) },
  'transfers:add': {
    input: z.object({ ...Agent, target: TargetInput }).strict(),
    output: TransferTargetViewSchema,
  },
  'transfers:remove': { input: z.object({ ...Agent, targetId: Id }).strict(), output: Removed },
} as const;
