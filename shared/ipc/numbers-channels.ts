/** Channels of inbound numbers: list, attach to an agent, detach (restoring the number's setup). */
import { z } from 'zod';
import { InboundNumberAttachSchema, InboundNumberViewSchema } from '../voice-numbers';
import { Id } from './schemas';

/** Every inbound-number channel with its input and output schemas. */
export const numbersChannels = {
  'numbers:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(InboundNumberViewSchema) },
  'numbers:attach': { input: InboundNumberAttachSchema.strict(), output: InboundNumberViewSchema },
  'numbers:detach': {
    input: z.object({ workspaceId: Id, number: z.string().trim().min(1).max(40) }).strict(),
    output: InboundNumberViewSchema,
  },
} as const;
