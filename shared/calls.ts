/**
 * Calls as the console, the CLI and exports see them: the call, its transcript once opened, and
 * what each key metered for it with the catalog cost. The core produces these shapes.
 */
import { z } from 'zod';
import { CALL_DIRECTIONS, CALL_EVENT_KINDS, CALL_LINES, CALL_OUTCOMES, CALL_STATES } from './call-lists';
import type { CallExtractionView } from './extraction';
import { CallExtractionViewSchema } from './extraction-schemas';
import { PROVIDER_IDS } from './providers/types';

export {
  CALL_DIRECTIONS,
  CALL_EVENT_KINDS,
  CALL_LINES,
  CALL_OUTCOMES,
  CALL_STATES,
  LIVE_CALL_STATES,
  type CallDirection,
  type CallEventKind,
  type CallLine,
  type CallOutcome,
  type CallState,
} from './call-lists';

/** Metered units a call can use (the usage tables' columns). */
const UNIT_NAMES = ['requests', 'messages', 'minutes', 'characters', 'tokens'] as const;

/** Twilio's AnsweredBy values (Answering Machine Detection docs). */
export const ANSWERED_BY_NAMES = [
  'human',
  'machine_start',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
  'fax',
  'unknown',
] as const;

/** A call without its transcript: what lists show. */
export const CallSummarySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  /** Null once the agent's row is gone; agentName stays. */
  agentId: z.string().nullable(),
  agentName: z.string(),
  campaignId: z.string().nullable(),
  /** What carried the call: a carrier, or the console's microphone and speakers (Talk; always a test, with no numbers). */
  carrier: z.enum(CALL_LINES),
  carrierCallId: z.string().nullable(),
  /** Placed by the runner, or answered on an attached number (then `to` is the number, `from` the caller). */
  direction: z.enum(CALL_DIRECTIONS),
  to: z.string(),
  from: z.string(),
  test: z.boolean(),
  state: z.enum(CALL_STATES),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  /** One sentence on why the outcome was chosen. */
  reason: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  /** Answering-machine detection's verdict (Twilio AnsweredBy), when it ran. */
  answeredBy: z.enum(ANSWERED_BY_NAMES).nullable(),
  /** How long detection listened before its verdict, in milliseconds. */
  machineDetectionMs: z.number().nullable(),
});
/** A call without its transcript. */
export type CallSummary = z.infer<typeof CallSummarySchema>;

/** One opened line of a transcript. */
export const TranscriptLineSchema = z.object({
  seq: z.number().int(),
  speaker: z.enum(['agent', 'caller']),
  at: z.string(),
  text: z.string(),
  /** An agent line the caller cut off by speaking over it. */
  interrupted: z.boolean(),
});
/** One opened line of a transcript. */
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

/** What one key metered for a call, with its cost at catalog prices. */
export const CallUsageLineSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  credentialId: z.string(),
  owner: z.enum(['own', 'agency']),
  unit: z.enum(UNIT_NAMES),
  amount: z.number(),
  costUsd: z.number(),
});
/** What one key metered for a call. */
export type CallUsageLine = z.infer<typeof CallUsageLineSchema>;

/** One thing the agent did during a call (a tool run, a transfer, …), its detail opened. */
export const CallEventLineSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.enum(CALL_EVENT_KINDS),
  /** The tool's name, or the transfer target's. */
  name: z.string(),
  ok: z.boolean(),
  durationMs: z.number(),
  /** What went in and came back (a transfer: its mode, result and summary); sealed on disk. */
  detail: z.record(z.string(), z.unknown()),
});
/** One thing the agent did during a call. */
export type CallEventLine = z.infer<typeof CallEventLineSchema>;

/** A call's estimated cost, split by whose key paid. */
export const CallCostSchema = z.object({ totalUsd: z.number(), ownUsd: z.number(), agencyUsd: z.number() });
/** A call's estimated cost. */
export type CallCost = z.infer<typeof CallCostSchema>;

/** A call with its transcript and record of what the agent did opened, and its usage. */
export const CallViewSchema = CallSummarySchema.extend({
  transcript: z.array(TranscriptLineSchema),
  events: z.array(CallEventLineSchema),
  usage: z.array(CallUsageLineSchema),
  cost: CallCostSchema,
  /** The fields and summary Claude extracted (sealed with the call), why none were, or null when the agent extracts nothing. */
  extraction: CallExtractionViewSchema.nullable(),
});
/** A call with its transcript opened and its usage. */
export type CallView = z.infer<typeof CallViewSchema>;

/** The export format's name and version, so a later shape can be told apart (2 added what the agent did, `events`). */
export const CALL_EXPORT_FORMAT = 'switchboard.call/2';

/** One call as a JSON document: the call, its transcript, what the agent did, its usage and cost. */
export interface CallExport {
  readonly format: typeof CALL_EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly call: CallSummary;
  readonly transcript: readonly TranscriptLine[];
  /** What the agent did during the call, in order (from format 2). */
  readonly events: readonly CallEventLine[];
  readonly usage: readonly CallUsageLine[];
  readonly cost: CallCost;
  readonly extraction: CallExtractionView | null;
}
