/**
 * Channels of what an agent can do during a call besides talking: its HTTP tools (the secret header's
 * value goes in once, sealed in main, and never comes back) and the people it may transfer a call to.
 */
import { z } from 'zod';
import { AgentToolCreateSchema } from '../agent-tools';
import { TransferTargetCreateSchema } from '../transfer-target-schemas';
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
const Removed = z.object({ removed: z.literal(true) });

/** Every agent-extras channel with its input and output schemas. */
export const agentExtrasChannels = {
  'agentTools:list': { input: z.object(Agent).strict(), output: z.array(AgentToolViewSchema) },
  'agentTools:add': {
    input: z
      .object({
        ...Agent,
        tool: AgentToolCreateSchema.strict(),
        // Checked in main (SecretHeaderValueSchema) so its sentence never echoes it; bounded here.
        secretValue: z.string().max(4096).nullable(),
      })
      .strict(),
    output: AgentToolViewSchema,
  },
  'agentTools:remove': { input: z.object({ ...Agent, toolId: Id }).strict(), output: Removed },
  'transfers:list': { input: z.object(Agent).strict(), output: z.array(TransferTargetViewSchema) },
  'transfers:add': {
    input: z.object({ ...Agent, target: TransferTargetCreateSchema.strict() }).strict(),
    output: TransferTargetViewSchema,
  },
  'transfers:remove': { input: z.object({ ...Agent, targetId: Id }).strict(), output: Removed },
} as const;
