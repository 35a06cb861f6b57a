/** zod schemas for values that cross the bridge. */
import { z } from 'zod';
import { PROVIDER_IDS } from '../providers/types';

/** Workspace and credential ids are UUIDs. */
export const Id = z.string().uuid();
/** Provider id. */
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
/** Key environment. */
export const EnvironmentSchema = z.enum(['production', 'test']);
/** Workspace mode. */
export const ModeSchema = z.enum(['byok', 'bundled']);
/** Field values typed by the operator: bounded, string-only. */
export const FieldsSchema = z
  .record(z.string().min(1).max(64), z.string().max(4096))
  .refine((r) => Object.keys(r).length <= 16, 'too many fields');
/** A nothing input. */
export const Empty = z.object({}).strict();

/** Where a page of a table starts and how long it is (campaign results, leads, import reports). */
export const Page = { offset: z.number().int().min(0).max(10_000_000).optional(), limit: z.number().int().min(1).max(1000).optional() };

/** A CSV row that did not become a message or a lead: the import report of both campaign channels. */
export const RowIssueSchema = z.object({ line: z.number(), kind: z.enum(['rejected', 'excluded', 'merged']), reason: z.string() });

/** A page of an import report. */
export const IssuePageSchema = z.object({ total: z.number(), rows: z.array(RowIssueSchema) });

/** What a contact import came to, both campaign channels alike. */
export const ImportSummarySchema = z.object({
  rows: z.number(),
  recipients: z.number(),
  rejected: z.number(),
  excluded: z.number(),
  merged: z.number(),
});

/** Workspace as the renderer sees it. */
export const WorkspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['agency', 'client']),
  mode: ModeSchema,
  allowAgencyFallback: z.boolean(),
  defaultCountry: z.string().nullable(),
  onboardingCompletedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
});

const CheckStatusSchema = z.enum(['valid', 'warning', 'invalid', 'unreachable']);

/** Credential view: hints only. */
export const CredentialViewSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  provider: ProviderIdSchema,
  environment: EnvironmentSchema,
  nickname: z.string(),
  publicFields: z.record(z.string(), z.string()),
  hints: z.record(z.string(), z.string()),
  active: z.boolean(),
  status: z.enum(['unverified', 'valid', 'warning', 'invalid']),
  endpoint: z.string().nullable(),
  lastTestedAt: z.string().nullable(),
  lastCheckStatus: CheckStatusSchema.nullable(),
  lastCheckSummary: z.string().nullable(),
  usageCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One line of a check. */
export const CheckLineSchema = z.object({ label: z.string(), status: z.enum(['pass', 'warn', 'fail', 'skip']), detail: z.string() });

/** A stored check result. */
export const CheckResultSchema = z.object({
  credentialId: z.string(),
  status: CheckStatusSchema,
  summary: z.string(),
  lines: z.array(CheckLineSchema),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  durationMs: z.number(),
  checkedAt: z.string(),
});

/** Vault status. */
export const VaultStatusSchema = z.object({
  initialized: z.boolean(),
  mode: z.enum(['keychain', 'passphrase']).nullable(),
  locked: z.boolean(),
  generation: z.number(),
  autoLockMs: z.number(),
});

/** One audit row. */
export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  workspaceId: z.string().nullable(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

/** An audit action or a group of them: `credential`, `credential.reveal`, `campaign.send-again`. */
export const AUDIT_ACTION = /^[a-z]+(?:[.-][a-z]+)*$/;

/** The audit filters' action, as the IPC edge takes it. */
export const AuditActionSchema = z.string().max(64).regex(AUDIT_ACTION);
