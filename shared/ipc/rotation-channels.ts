/** Channels of key rotation: ages, what depends on a key, the rotation itself and the confirmation that destroys the old key. */
import { z } from 'zod';
import { DependentsSchema, KeyAgeSchema, RotationResultSchema } from '../rotation';
import { FieldsSchema, Id, ProviderIdSchema } from './schemas';

/** Every rotation channel with its input and output schemas. */
export const rotationChannels = {
  /** Each live key of a workspace: its age, whether it is due, and any standby key it replaced. */
  'rotation:ages': { input: z.object({ workspaceId: Id }).strict(), output: z.array(KeyAgeSchema) },
  /** Workspaces, campaigns, workflow rules and voice agents that would use the key now. */
  'rotation:dependents': { input: z.object({ id: Id }).strict(), output: DependentsSchema },
  /** Checks the new key live (lines pushed as `event:checkLine` under the old key's id), then switches in one step. */
  'rotation:rotate': {
    input: z.object({ id: Id, fields: FieldsSchema, nickname: z.string().max(60).optional() }).strict(),
    output: RotationResultSchema,
  },
  /** The operator revoked the old key at the provider: destroy it. */
  'rotation:confirmRevoked': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ destroyed: z.string(), nickname: z.string(), provider: ProviderIdSchema }),
  },
} as const;
