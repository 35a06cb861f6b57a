/** Channels of onboarding, credential resolution and usage & cost. */
import { z } from 'zod';
import type { Capability } from '../providers/types';
import { Id, ModeSchema, ProviderIdSchema } from './schemas';

const CAPABILITY_LIST = [
  'sms',
  'voice-carrier',
  'email',
  'llm',
  'stt',
  'tts',
  'payments',
  'analytics',
  'storage',
  'error-tracking',
  'source-control',
  'media',
  'tunnel',
] as const;
// Compile-time proof that the list names every capability and nothing else.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const capabilitiesMatch: Same<Capability, (typeof CAPABILITY_LIST)[number]> = true;
void capabilitiesMatch;

/** A capability a key gives (sms, voice-carrier, llm…). */
export const CapabilitySchema = z.enum(CAPABILITY_LIST);
const Owner = z.enum(['own', 'agency']);
const Usd = z.number();

/** One line of the onboarding checklist. */
export const OnboardingLineSchema = z.object({
  requirement: z.string(),
  capability: CapabilitySchema,
  providers: z.array(ProviderIdSchema),
  state: z.enum(['validated', 'warning', 'unverified', 'invalid', 'missing']),
  ready: z.boolean(),
  provider: ProviderIdSchema.nullable(),
  credentialId: z.string().nullable(),
  keyOwner: Owner.nullable(),
  fix: z.string(),
});

/** The onboarding screen of a workspace. */
export const OnboardingViewSchema = z.object({
  workspaceId: z.string(),
  mode: ModeSchema,
  completedAt: z.string().nullable(),
  canComplete: z.boolean(),
  blockers: z.array(z.string()),
  channels: z.array(
    z.object({
      channel: z.enum(['voice', 'sms', 'email']),
      ready: z.boolean(),
      required: z.boolean(),
      lines: z.array(OnboardingLineSchema),
    }),
  ),
});

/** One provider's usage and cost this month. */
export const ProviderUsageSchema = z.object({
  provider: ProviderIdSchema,
  name: z.string(),
  connected: z.boolean(),
  requests: z.number(),
  messages: z.number(),
  minutes: z.number(),
  characters: z.number(),
  tokens: z.number(),
  apiCalls: z.number(),
  ownCost: Usd,
  agencyCost: Usd,
  estimatedMonthlyCost: Usd,
  alertUsd: Usd.nullable(),
  alertExceeded: z.boolean(),
});

/** The API Keys dashboard's stat cards. */
export const UsageSummarySchema = z.object({
  month: z.string(),
  workspaceId: z.string().nullable(),
  connected: z.number(),
  totalProviders: z.number(),
  apiCalls: z.number(),
  estimatedMonthlyCost: Usd,
  byProvider: z.array(ProviderUsageSchema),
});

/** A spend threshold the projected cost exceeds. */
export const SpendAlertSchema = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  provider: ProviderIdSchema,
  monthlyUsd: Usd,
  projectedUsd: Usd,
});

export const onboardingChannels = {
  'onboarding:get': { input: z.object({ workspaceId: Id }).strict(), output: OnboardingViewSchema },
  'onboarding:complete': { input: z.object({ workspaceId: Id }).strict(), output: OnboardingViewSchema },
  // Destructive: the console names what will be deleted and asks once; the bridge insists on the answer.
  'onboarding:revertToPlatform': {
    input: z.object({ workspaceId: Id, confirm: z.literal(true) }).strict(),
    output: z.object({ deleted: z.number() }),
  },
  'usage:summary': { input: z.object({ workspaceId: Id.optional() }).strict(), output: UsageSummarySchema },
  'usage:setAlert': {
    input: z.object({ workspaceId: Id, provider: ProviderIdSchema, monthlyUsd: z.number().positive().max(1e9).nullable() }).strict(),
    output: z.object({ workspaceId: z.string(), provider: ProviderIdSchema, monthlyUsd: Usd.nullable() }),
  },
  'usage:alerts': { input: z.object({ workspaceId: Id.optional() }).strict(), output: z.array(SpendAlertSchema) },
  // A month's usage per workspace, provider and key owner, as CSV, for billing clients.
  'usage:billingCsv': {
    input: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), workspaceId: Id.optional() }).strict(),
    output: z.object({ filename: z.string(), content: z.string() }),
  },
  'resolve:describe': {
    input: z.object({ workspaceId: Id, capability: CapabilitySchema }).strict(),
    output: z.object({ provider: ProviderIdSchema, owner: Owner, credentialId: z.string() }).nullable(),
  },
} as const;
