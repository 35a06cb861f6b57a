/**
 * Channels of Talk: the console's microphone and speakers as the caller of an agent. The window
 * starts a call, sends its microphone's frames and the marks it played, and ends it; the agent's
 * side comes back as `event:talk` pushes (shared/talk.ts).
 */
import { z } from 'zod';
import { TALK_MAX_FRAME_CHARS, TALK_SAMPLE_RATE } from '../talk';
import { Id } from './schemas';

/** Every Talk channel with its input and output schemas. */
export const talkChannels = {
  'talk:start': {
    input: z.object({ workspaceId: Id, agentId: Id }).strict(),
    output: z.object({ callId: z.string(), sampleRate: z.literal(TALK_SAMPLE_RATE) }),
  },
  'talk:audio': {
    input: z.object({ callId: Id, audio: z.string().min(1).max(TALK_MAX_FRAME_CHARS) }).strict(),
    output: z.object({ heard: z.literal(true) }),
  },
  'talk:played': {
    input: z.object({ callId: Id, mark: z.string().min(1).max(200) }).strict(),
    output: z.object({ played: z.literal(true) }),
  },
  'talk:end': { input: z.object({ callId: Id }).strict(), output: z.object({ ended: z.literal(true) }) },
} as const;
