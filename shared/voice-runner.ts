/**
 * The voice runner as the console sees it: its reachability and load, the calls now live, and the
 * events of a live call (state changes, transcript lines, the end). The runner produces these
 * shapes; the console only renders them.
 */
import { z } from 'zod';
import { CALL_STATES } from './calls';

/** A live call's state: one of the calls' states. */
export const LiveCallStateSchema = z.enum(CALL_STATES);

/** One call the runner holds now. */
export const LiveCallSchema = z.object({
  callId: z.string(),
  workspaceId: z.string(),
  agentName: z.string(),
  to: z.string(),
  state: LiveCallStateSchema,
  startedAt: z.string(),
});
/** One call the runner holds now. */
export type LiveCall = z.infer<typeof LiveCallSchema>;

/** The runner's state: how carriers reach it, and how many calls run against the ceiling. */
export const RunnerStateSchema = z.object({
  /** False when this build or process has no runner; `note` says why. */
  available: z.boolean(),
  note: z.string().nullable(),
  /** How carriers reach the media server: the operator's public URL, a tunnel Switchboard opened, or nothing yet. */
  reach: z.object({ kind: z.enum(['none', 'public-url', 'tunnel']), url: z.string().nullable(), up: z.boolean() }),
  callsNow: z.number().int().min(0),
  /** Calls at once the Anthropic key's rate limits allow; null until a key has been checked. */
  ceiling: z.number().int().min(0).nullable(),
  calls: z.array(LiveCallSchema),
});
/** The runner's state. */
export type RunnerState = z.infer<typeof RunnerStateSchema>;

/** One event of a live call, pushed as `event:call`. */
export const CallEventViewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), callId: z.string(), at: z.string(), state: LiveCallStateSchema }),
  z.object({
    type: z.literal('transcript'),
    callId: z.string(),
    at: z.string(),
    speaker: z.enum(['agent', 'caller']),
    text: z.string(),
    final: z.boolean(),
  }),
  z.object({ type: z.literal('ended'), callId: z.string(), at: z.string(), outcome: z.string().nullable(), reason: z.string().nullable() }),
]);
/** One event of a live call. */
export type CallEventView = z.infer<typeof CallEventViewSchema>;

/** The state shown when no runner is present. */
export const NO_RUNNER: RunnerState = {
  available: false,
  note: 'The voice runner is not running in this window.',
  reach: { kind: 'none', url: null, up: false },
  callsNow: 0,
  ceiling: null,
  calls: [],
};
