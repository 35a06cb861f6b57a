/**
 * The pushes from main (`event:*`) with the zod schema of each payload. Main parses every push
 * with these before it crosses (electron/main/ipc/push.ts), so the console takes a push as typed
 * and needs no parser of its own, the way it takes a channel's output.
 */
import { z } from 'zod';
import { VoiceCampaignProgressSchema } from '../voice-campaigns';
import { TalkPushSchema } from '../talk';
import { CallEventViewSchema } from '../voice-runner';
import { CampaignProgressSchema } from './campaigns-channels';
import type { EventName } from './contract';
import { CheckLineSchema, CheckResultSchema, VaultStatusSchema } from './schemas';

/** Each push and the schema of its payload. */
export const pushes = {
  'event:vault': VaultStatusSchema,
  'event:checkProgress': z.object({ credentialId: z.string(), result: CheckResultSchema, done: z.number(), total: z.number() }),
  'event:checkLine': z.object({ credentialId: z.string(), line: CheckLineSchema }),
  'event:campaignProgress': CampaignProgressSchema,
  'event:call': CallEventViewSchema,
  'event:voiceCampaignProgress': VoiceCampaignProgressSchema,
  'event:talk': TalkPushSchema,
} as const;

/** The payload of a push, as the console receives it. */
export type Push<E extends EventName> = z.output<(typeof pushes)[E]>;

// Compile-time proof that names.ts lists exactly the pushes given a schema here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchPushes: Same<keyof typeof pushes, EventName> = true;
void namesMatchPushes;

/** The payload parsed with its push's schema, or null when it does not fit (it is then not sent). */
export function parsePush<E extends EventName>(event: E, payload: unknown): Push<E> | null {
  const parsed = (pushes[event] as unknown as z.ZodType<Push<E>>).safeParse(payload);
  return parsed.success ? parsed.data : null;
}
