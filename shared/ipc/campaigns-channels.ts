/** Channels of messaging: campaigns, do-not-contact lists and post-call workflows. */
import { z } from 'zod';
import { CAMPAIGN_STATES, MESSAGE_STATES } from '../campaigns';
import { Id, ImportSummarySchema, IssuePageSchema, Page, ProviderIdSchema, RowIssueSchema } from './schemas';

const ChannelSchema = z.enum(['sms', 'email']);
const StateSchema = z.enum(CAMPAIGN_STATES);
const StatusSchema = z.enum(MESSAGE_STATES);
const Window = z.string().regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/);

/** Messages per state. */
export const MessageCountsSchema = z.object({
  total: z.number(),
  queued: z.number(),
  sending: z.number(),
  sent: z.number(),
  failed: z.number(),
  skipped: z.number(),
  cancelled: z.number(),
});

/** A campaign as the console shows it. */
export const CampaignViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  kind: z.enum(['campaign', 'workflow']),
  name: z.string(),
  channel: ChannelSchema,
  state: StateSchema,
  pauseReason: z.string().nullable(),
  interrupted: z.boolean(),
  window: z.string(),
  rate: z.number().nullable(),
  provider: ProviderIdSchema.nullable(),
  keyOwner: z.enum(['own', 'agency']).nullable(),
  counts: MessageCountsSchema,
  unconfirmed: z.number(),
  waiting: z.number(),
  nextOpeningAt: z.string().nullable(),
  imported: ImportSummarySchema,
  estimate: z.object({
    provider: ProviderIdSchema,
    units: z.number(),
    unitPrice: z.number(),
    costUsd: z.number(),
    gsm7: z.number(),
    ucs2: z.number(),
    maxSegments: z.number(),
  }),
  template: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/** One message as it will be sent. */
export const MessagePreviewSchema = z.object({
  index: z.number(),
  recipient: z.string(),
  name: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  segments: z.number(),
  encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
  nonGsm: z.array(z.string()),
});

/** The `event:campaignProgress` push (the renderer parses it with this). */
export const CampaignProgressSchema = z.object({
  campaignId: z.string(),
  workspaceId: z.string(),
  state: StateSchema,
  pauseReason: z.string().nullable(),
  counts: MessageCountsSchema,
  waiting: z.number(),
  nextOpeningAt: z.string().nullable(),
  perSecond: z.number(),
  note: z.string().nullable(),
  at: z.string(),
});

/** A post-call workflow rule. */
export const WorkflowRuleSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  outcome: z.string(),
  channel: ChannelSchema,
  template: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

/** Which do-not-contact list: a workspace's, the agency's, or India's NCPR. */
export const DncScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workspace'), workspaceId: Id }).strict(),
  z.object({ kind: z.literal('agency') }).strict(),
  z.object({ kind: z.literal('ncpr') }).strict(),
]);
const Addresses = z.array(z.string().min(1).max(320)).min(1).max(1000);

/** Every messaging channel with its input and output schemas. */
export const campaignsChannels = {
  'campaigns:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(CampaignViewSchema) },
  'campaigns:get': { input: z.object({ id: Id }).strict(), output: CampaignViewSchema },
  'campaigns:create': {
    input: z
      .object({
        workspaceId: Id,
        name: z.string().max(120).optional(),
        channel: ChannelSchema,
        // The file's text, read in the renderer from the file the operator picked.
        csv: z
          .string()
          .min(1)
          .max(64 * 1024 * 1024),
        template: z
          .string()
          .min(1)
          .max(64 * 1024),
        window: Window.optional(),
        rate: z.number().positive().max(1000).nullable().optional(),
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .nullable()
          .optional(),
      })
      .strict(),
    output: z.object({
      campaign: CampaignViewSchema,
      issues: z.array(RowIssueSchema),
      preview: z.array(MessagePreviewSchema),
      warnings: z.array(z.string()),
    }),
  },
  'campaigns:start': { input: z.object({ id: Id }).strict(), output: CampaignViewSchema },
  'campaigns:pause': { input: z.object({ id: Id }).strict(), output: CampaignViewSchema },
  'campaigns:cancel': { input: z.object({ id: Id }).strict(), output: CampaignViewSchema },
  // May send some recipients a second copy: the console shows how many and asks; the count must still hold.
  'campaigns:sendAgain': {
    input: z.object({ id: Id, expected: z.number().int().min(1).max(10_000_000), confirm: z.literal(true) }).strict(),
    output: CampaignViewSchema,
  },
  'campaigns:messages': {
    input: z.object({ id: Id, status: StatusSchema.optional(), ...Page }).strict(),
    output: z.object({
      total: z.number(),
      rows: z.array(
        z.object({
          id: z.number(),
          recipient: z.string(),
          name: z.string(),
          status: StatusSchema,
          providerId: z.string().nullable(),
          error: z.string().nullable(),
          attempts: z.number(),
          sentAt: z.string().nullable(),
          notBefore: z.string(),
        }),
      ),
    }),
  },
  'campaigns:issues': { input: z.object({ id: Id, ...Page }).strict(), output: IssuePageSchema },
  'campaigns:preview': {
    input: z.object({ id: Id, index: z.number().int().min(0).max(10_000_000) }).strict(),
    output: MessagePreviewSchema,
  },

  'dnc:list': {
    input: z.object({ scope: DncScopeSchema, prefix: z.string().max(320).optional(), ...Page }).strict(),
    output: z.object({
      total: z.number(),
      entries: z.array(
        z.object({
          address: z.string(),
          source: z.enum(['import', 'operator', 'opt-out', 'provider']),
          note: z.string().nullable(),
          addedAt: z.string(),
        }),
      ),
    }),
  },
  'dnc:add': {
    input: z.object({ scope: DncScopeSchema, values: Addresses, optOut: z.boolean().optional() }).strict(),
    output: z.object({ added: z.number(), invalid: z.array(z.object({ value: z.string(), reason: z.string() })) }),
  },
  'dnc:remove': { input: z.object({ scope: DncScopeSchema, values: Addresses }).strict(), output: z.object({ removed: z.number() }) },
  'dnc:import': {
    input: z
      .object({
        scope: DncScopeSchema,
        content: z
          .string()
          .min(1)
          .max(64 * 1024 * 1024),
        replace: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      added: z.number(),
      total: z.number(),
      lines: z.number(),
      valid: z.number(),
      invalid: z.number(),
      samples: z.array(z.object({ line: z.number(), reason: z.string() })),
    }),
  },

  'workflows:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(WorkflowRuleSchema) },
  'workflows:add': {
    input: z
      .object({
        workspaceId: Id,
        outcome: z.string().min(1).max(40),
        channel: ChannelSchema,
        template: z
          .string()
          .min(1)
          .max(64 * 1024),
      })
      .strict(),
    output: WorkflowRuleSchema,
  },
  'workflows:setEnabled': { input: z.object({ id: Id, enabled: z.boolean() }).strict(), output: WorkflowRuleSchema },
  'workflows:remove': { input: z.object({ id: Id }).strict(), output: z.object({ removed: z.literal(true) }) },
} as const;
