/**
 * Inbound numbers: one of a workspace's own carrier numbers answered by one of its agents while this
 * computer's runner is up, and what a caller hears when it is not. The core produces these shapes;
 * the console and the CLI show them.
 */
import { z } from 'zod';

/** The longest away message (Twilio's <Say> takes far more; a caller should not wait through more). */
export const MAX_AWAY_MESSAGE = 300;

/** What a caller hears when nobody can answer, unless the operator words it. */
export const DEFAULT_AWAY_MESSAGE = 'Sorry, nobody can take your call right now. Please call again later.';

/** What a caller over the workspace's ceiling hears (their call is recorded as busy). */
export const BUSY_MESSAGE = 'Thanks for calling. All our lines are busy right now; please call again in a few minutes.';

const E164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'A number must be in international form, like +14155550100.');

/** An attached number as every surface shows it. */
export const InboundNumberViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  carrier: z.enum(['twilio', 'exotel']),
  number: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  /** A person's number callers are put through to when the runner cannot take them. */
  forwardTo: z.string().nullable(),
  /** Said to a caller when the runner cannot take them. */
  awayMessage: z.string(),
  /** One sentence on what a caller hears when this computer's runner is not running. */
  whenAway: z.string(),
  attachedAt: z.string(),
});
/** An attached number. */
export type InboundNumberView = z.infer<typeof InboundNumberViewSchema>;

/** What attaching a number takes. */
export const InboundNumberAttachSchema = z.object({
  workspaceId: z.string().min(1).max(200),
  number: z.string().min(1).max(40),
  agent: z.string().min(1).max(200),
  forwardTo: E164.nullable().optional(),
  awayMessage: z.string().trim().min(1).max(MAX_AWAY_MESSAGE).nullable().optional(),
});
/** What attaching a number takes. */
export type InboundNumberAttach = z.infer<typeof InboundNumberAttachSchema>;

/** What a caller hears when the runner is not running, in one sentence. */
export function whenAwaySentence(awayMessage: string, forwardTo: string | null): string {
  return forwardTo
    ? `When this computer is not running, callers hear “${awayMessage}” and are put through to ${forwardTo}.`
    : `When this computer is not running, callers hear “${awayMessage}” and the call ends.`;
}
