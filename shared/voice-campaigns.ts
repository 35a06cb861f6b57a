/**
 * Voice campaigns as the console, the CLI and the core see them: the options a campaign is created
 * with, each lead's call row (who, state, length, outcome), the calls live now, outcome counts,
 * minutes and cost by provider and key owner, the estimate before anything is dialled, and the
 * concurrency ceiling with the reason it is what it is. The core produces these shapes.
 */
import { z } from 'zod';
import { CALL_OUTCOMES, LIVE_CALL_STATES } from './calls';
import { CAMPAIGN_STATES } from './campaigns';
import { ImportSummarySchema, RowIssueSchema } from './ipc/schemas';
import { PROVIDER_IDS } from './providers/types';

/** A voice campaign's life: the same states as a messaging campaign. */
export const VOICE_CAMPAIGN_STATES = CAMPAIGN_STATES;

/** What to do when answering-machine detection hears a machine: hang up, or leave the agent's voicemail after the beep. */
export const MACHINE_CHOICES = ['hangup', 'voicemail'] as const;
/** One of MACHINE_CHOICES. */
export type MachineChoice = (typeof MACHINE_CHOICES)[number];

/**
 * A lead's row in the call outbox: `queued` (waiting for its window, a slot or a retry), `dialing`
 * (marked in flight before the carrier is asked), `in-call` (the carrier accepted it), `done` (the
 * call ended with an outcome), `in-doubt` (a carrier that cannot be asked may have placed it: the
 * operator checks), `skipped` (do-not-call since the import), `cancelled`, `failed` (refused
 * before any call was placed).
 */
export const LEAD_STATES = ['queued', 'dialing', 'in-call', 'done', 'in-doubt', 'skipped', 'cancelled', 'failed'] as const;
/** One of LEAD_STATES. */
export type LeadState = (typeof LEAD_STATES)[number];

/** Which part of a call a provider plays. */
export const CALL_ROLES = ['carrier', 'stt', 'llm', 'tts'] as const;

/** The defaults of a voice campaign. */
export const VOICE_DEFAULTS = {
  window: '09:00-20:00',
  retries: 2,
  retryGapMinutes: 60,
  maxConcurrent: 25,
  machine: 'hangup',
  cps: 1,
} as const;

const Window = z.string().regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/);

/** The options of a new voice campaign (the console's New Campaign dialog, `campaign create --channel voice`). */
export const VoiceCampaignOptionsSchema = z.object({
  /** The agent that speaks (id or name). */
  agent: z.string().min(1).max(200),
  name: z.string().max(120).optional(),
  /** `HH:MM-HH:MM` in each callee's local time (default 09:00-20:00). */
  window: Window.optional(),
  /** Further attempts after no_answer or busy, each inside the window (default 2). */
  retries: z.number().int().min(0).max(5).optional(),
  /** Minutes between attempts (default 60). */
  retryGapMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /** This campaign's own cap on calls at once (default 25); the key's ceiling may be lower. */
  maxConcurrent: z.number().int().min(1).max(100).optional(),
  /** Answering machine: hang up (default) or leave the agent's voicemail after the beep. */
  machine: z.enum(MACHINE_CHOICES).optional(),
  /** What the agent says to a machine after the beep (default: the agent's greeting). */
  voicemailText: z.string().min(1).max(1000).optional(),
  /** Twilio dial requests per second for this account (default 1, Twilio's standard CPS). */
  cps: z.number().positive().max(100).optional(),
  /** Country for numbers without a country code (default: the workspace's). */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .nullable()
    .optional(),
});
/** The options of a new voice campaign. */
export type VoiceCampaignOptions = z.infer<typeof VoiceCampaignOptionsSchema>;

/** Leads per outbox state. */
export const LeadCountsSchema = z.object({
  total: z.number(),
  queued: z.number(),
  dialing: z.number(),
  inCall: z.number(),
  done: z.number(),
  inDoubt: z.number(),
  skipped: z.number(),
  cancelled: z.number(),
  failed: z.number(),
});
/** Leads per outbox state. */
export type LeadCounts = z.infer<typeof LeadCountsSchema>;

/** Ended calls per outcome (every outcome present, zero when none). */
export const OutcomeCountsSchema = z.object(
  Object.fromEntries(CALL_OUTCOMES.map((o) => [o, z.number()])) as Record<(typeof CALL_OUTCOMES)[number], z.ZodNumber>,
);
/** Ended calls per outcome. */
export type OutcomeCounts = z.infer<typeof OutcomeCountsSchema>;

/** What one provider's key metered (or is estimated to meter) for the campaign, with its cost at catalog prices. */
export const ProviderCostSchema = z.object({
  provider: z.enum(PROVIDER_IDS),
  role: z.enum(CALL_ROLES),
  /** Whose key paid; null in an estimate made before a key was resolved. */
  owner: z.enum(['own', 'agency']).nullable(),
  unit: z.enum(['requests', 'minutes', 'characters', 'tokens']),
  amount: z.number(),
  costUsd: z.number(),
});
/** One provider's share of a campaign's cost. */
export type ProviderCost = z.infer<typeof ProviderCostSchema>;

/** The estimate shown before anything is dialled, with the assumptions it rests on. */
export const VoiceEstimateSchema = z.object({
  leads: z.number(),
  /** Calls expected, counting retries of unanswered ones at the assumed answer rate. */
  calls: z.number(),
  /** Assumptions: share of calls answered, minutes per answered call. */
  answerRate: z.number(),
  minutesPerCall: z.number(),
  /** Carrier minutes billed (each answered call rounded up to whole minutes). */
  minutes: z.number(),
  byProvider: z.array(ProviderCostSchema),
  costUsd: z.number(),
  /** The agent's prompt as each turn resends it: about how many tokens, the model's caching minimum, and whether it caches (null: not known). */
  prompt: z.object({ model: z.string(), tokens: z.number(), minimum: z.number(), caches: z.boolean() }).nullable().optional(),
});
/** The estimate before anything is dialled. */
export type VoiceEstimate = z.infer<typeof VoiceEstimateSchema>;

/** Calls at once, and why that number: the smallest of the Anthropic key's ceiling, the runner's and the campaign's cap. */
export const CeilingViewSchema = z.object({
  /** Calls at once this campaign may hold now. */
  ceiling: z.number().int().min(0),
  /** What set it. */
  limitedBy: z.enum(['anthropic', 'campaign', 'runner']),
  /** From the Anthropic key's last check (rate-limit headers); null before one. */
  anthropic: z.object({ concurrency: z.number().int(), tier: z.string().nullable(), owner: z.enum(['own', 'agency']) }).nullable(),
  /** The campaign's own cap. */
  campaignCap: z.number().int(),
  /** The runner's own maximum. */
  runnerMax: z.number().int(),
  /** Dial requests per second the carrier is paced at (Twilio CPS). */
  carrierCps: z.number(),
  /** Calls of this workspace running now (every campaign of the workspace shares the key's ceiling). */
  workspaceCallsNow: z.number().int(),
  /** Other running campaigns of the workspace sharing the ceiling. */
  sharedWith: z.number().int(),
  /** One sentence: "Tier 1 Anthropic key (the client's): about 5 calls at once." */
  reason: z.string(),
});
/** The ceiling with its reason. */
export type CeilingView = z.infer<typeof CeilingViewSchema>;

/** One lead and its call: who, state, how long, outcome. */
export const VoiceLeadSchema = z.object({
  id: z.number(),
  /** The CSV line the lead came from. */
  line: z.number().nullable(),
  to: z.string(),
  name: z.string(),
  state: z.enum(LEAD_STATES),
  /** Calls placed to this lead so far. */
  attempts: z.number(),
  /** The latest call's id in the calls store (its transcript: `calls:get`), once placed. */
  callId: z.string().nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  reason: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  /** When the latest call was dialled; when it may next be dialled (window or retry gap). */
  dialledAt: z.string().nullable(),
  notBefore: z.string(),
  /** The callback time the lead agreed on a call (the agent's schedule_callback), if any. */
  callbackAt: z.string().nullable(),
});
/** One lead and its call. */
export type VoiceLeadView = z.infer<typeof VoiceLeadSchema>;

/** A call of the campaign live now. */
export const LiveLeadSchema = z.object({
  leadId: z.number(),
  callId: z.string().nullable(),
  to: z.string(),
  name: z.string(),
  state: z.enum(LIVE_CALL_STATES),
  startedAt: z.string(),
});
/** A call of the campaign live now. */
export type LiveLead = z.infer<typeof LiveLeadSchema>;

/** A voice campaign as the console and the CLI show it. */
export const VoiceCampaignViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string(),
  state: z.enum(VOICE_CAMPAIGN_STATES),
  /** Why it is paused (a revoked key names whose, and what the carrier answered). */
  pauseReason: z.string().nullable(),
  /** Another process was running it and stopped without finishing (a crash): `campaign run` resumes it. */
  interrupted: z.boolean(),
  window: z.string(),
  retries: z.number(),
  retryGapMinutes: z.number(),
  maxConcurrent: z.number(),
  machine: z.enum(MACHINE_CHOICES),
  cps: z.number(),
  carrier: z.enum(['twilio', 'exotel']).nullable(),
  keyOwner: z.enum(['own', 'agency']).nullable(),
  counts: LeadCountsSchema,
  outcomes: OutcomeCountsSchema,
  /** Queued leads waiting for their window or a retry. */
  waiting: z.number(),
  nextOpeningAt: z.string().nullable(),
  imported: ImportSummarySchema,
  estimate: VoiceEstimateSchema,
  /** What the calls so far metered, by provider and key owner. */
  usage: z.array(ProviderCostSchema),
  /** Carrier minutes so far, and the cost so far split by whose key paid. */
  minutes: z.number(),
  cost: z.object({ totalUsd: z.number(), ownUsd: z.number(), agencyUsd: z.number() }),
  live: z.array(LiveLeadSchema),
  /** Calls over so far, as in the progress push: the usage and cost above are as of this many. */
  settled: z.number().int().min(0),
  /** The concurrency ceiling and why (from the Anthropic key's last check); null while no Anthropic key would pay. */
  ceiling: CeilingViewSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
/** A voice campaign as the console and the CLI show it. */
export type VoiceCampaignView = z.infer<typeof VoiceCampaignViewSchema>;

/** What creating a voice campaign returns: the campaign (with its estimate), the first row issues, notes. */
export const CreatedVoiceCampaignSchema = z.object({
  campaign: VoiceCampaignViewSchema,
  issues: z.array(RowIssueSchema),
  warnings: z.array(z.string()),
});
/** What creating a voice campaign returns. */
export type CreatedVoiceCampaign = z.infer<typeof CreatedVoiceCampaignSchema>;

/**
 * The `event:voiceCampaignProgress` push, at most twice a second while a campaign runs (and on
 * each start, pause, resume and cancel): everything of the detail view that moves while calls go
 * on — state, counts, outcomes, the calls live now (at most the campaign's cap), the ceiling, who
 * waits — so the console need not read the campaign again on each push. Usage and cost are not in
 * it: they only move when a call ends, which `settled` says, and the console reads them then.
 */
export const VoiceCampaignProgressSchema = z.object({
  campaignId: z.string(),
  workspaceId: z.string(),
  state: z.enum(VOICE_CAMPAIGN_STATES),
  pauseReason: z.string().nullable(),
  counts: LeadCountsSchema,
  outcomes: OutcomeCountsSchema,
  callsNow: z.number(),
  live: z.array(LiveLeadSchema),
  /** Calls of the campaign over so far (ended or left in doubt, retries included): when it moves, so have usage and cost. */
  settled: z.number().int().min(0),
  /** Queued leads waiting for their window or a retry, and when the next may be dialled. */
  waiting: z.number().int().min(0),
  nextOpeningAt: z.string().nullable(),
  ceiling: CeilingViewSchema.nullable(),
  /** Why nothing is dialled just now (waiting for windows, the ceiling is full), or null. */
  note: z.string().nullable(),
  at: z.string(),
});
/** The `event:voiceCampaignProgress` push. */
export type VoiceCampaignProgress = z.infer<typeof VoiceCampaignProgressSchema>;
