/** Channels of the calls store: a workspace's calls, one call with its transcript, its extraction run again, its recording, and delete. */
import { z } from 'zod';
import { PlayableRecordingSchema } from '../call-recordings';
import { CallSummarySchema, CallViewSchema } from '../calls';
import { CallExtractionViewSchema } from '../extraction-schemas';
import { Id } from './schemas';

/** A call's id (the runner's, a UUID). */
const CallId = z.string().uuid();

/** Every calls channel with its input and output schemas. */
export const callsChannels = {
  'calls:list': {
    input: z
      .object({ workspaceId: Id, campaignId: z.string().min(1).max(64).optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    output: z.array(CallSummarySchema),
  },
  'calls:get': { input: z.object({ workspaceId: Id, callId: CallId }).strict(), output: CallViewSchema },
  // Fills the call's agent's current schema again with the workspace's Anthropic key (tokens are metered).
  'calls:extract': { input: z.object({ workspaceId: Id, callId: CallId }).strict(), output: CallExtractionViewSchema },
  'calls:delete': { input: z.object({ workspaceId: Id, callId: CallId }).strict(), output: z.object({ deleted: z.literal(true) }) },
  /** A call's recording opened for the player (the WAV as base64, of at most MAX_RECORDING_WAV_BYTES), or null when it was not recorded. */
  'calls:recording': { input: z.object({ workspaceId: Id, callId: CallId }).strict(), output: PlayableRecordingSchema.nullable() },
} as const;
