/** Channels of the secure core: vault, workspaces, credentials, audit. */
import { z } from 'zod';
import {
  AuditActionSchema,
  AuditEntrySchema,
  CheckResultSchema,
  CredentialViewSchema,
  Empty,
  EnvironmentSchema,
  FieldsSchema,
  Id,
  ModeSchema,
  ProviderIdSchema,
  VaultStatusSchema,
  WorkspaceSchema,
} from './schemas';

const Name = z.string().min(1).max(80);
const Nickname = z.string().max(60);
const Endpoint = z.string().max(2048).nullable();
const Passphrase = z.string().min(1).max(1024);

export const coreChannels = {
  'vault:status': { input: Empty, output: VaultStatusSchema },
  'vault:unlock': { input: z.object({ passphrase: Passphrase.optional() }).strict(), output: VaultStatusSchema },
  'vault:lock': { input: Empty, output: VaultStatusSchema },
  'vault:setup': { input: z.object({ passphrase: Passphrase, confirmation: Passphrase }).strict(), output: VaultStatusSchema },
  // The passphrases are needed in passphrase mode only; the rule for a new one is checked by the vault.
  'vault:rotate': {
    input: z
      .object({ currentPassphrase: Passphrase.optional(), newPassphrase: Passphrase.optional(), confirmation: Passphrase.optional() })
      .strict(),
    output: VaultStatusSchema,
  },

  'workspaces:list': { input: z.object({ includeArchived: z.boolean().optional() }).strict(), output: z.array(WorkspaceSchema) },
  'workspaces:create': { input: z.object({ name: Name, mode: ModeSchema.optional() }).strict(), output: WorkspaceSchema },
  'workspaces:rename': { input: z.object({ id: Id, name: Name }).strict(), output: WorkspaceSchema },
  'workspaces:archive': { input: z.object({ id: Id, archived: z.boolean() }).strict(), output: WorkspaceSchema },
  'workspaces:setMode': { input: z.object({ id: Id, mode: ModeSchema }).strict(), output: WorkspaceSchema },
  'workspaces:setFallback': { input: z.object({ id: Id, allow: z.boolean() }).strict(), output: WorkspaceSchema },
  // Null clears it; the code itself is checked by the core, against libphonenumber-js's list, for one clear sentence.
  'workspaces:setCountry': { input: z.object({ id: Id, country: z.string().max(16).nullable() }).strict(), output: WorkspaceSchema },

  'credentials:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(CredentialViewSchema) },
  'credentials:add': {
    input: z
      .object({
        workspaceId: Id,
        provider: ProviderIdSchema,
        fields: FieldsSchema,
        nickname: Nickname.optional(),
        environment: EnvironmentSchema.optional(),
        endpoint: Endpoint.optional(),
        activate: z.boolean().optional(),
      })
      .strict(),
    output: CredentialViewSchema,
  },
  'credentials:update': {
    input: z.object({ id: Id, nickname: Nickname.optional(), fields: FieldsSchema.optional(), endpoint: Endpoint.optional() }).strict(),
    output: CredentialViewSchema,
  },
  'credentials:activate': { input: z.object({ id: Id }).strict(), output: CredentialViewSchema },
  /** Puts a key on standby: kept, but nothing resolves to it until it is activated again. */
  'credentials:deactivate': { input: z.object({ id: Id }).strict(), output: CredentialViewSchema },
  'credentials:reveal': { input: z.object({ id: Id }).strict(), output: z.record(z.string(), z.string()) },
  'credentials:copy': {
    input: z.object({ id: Id, field: z.string().min(1).max(64) }).strict(),
    output: z.object({ clearsInMs: z.number() }),
  },
  'credentials:delete': { input: z.object({ id: Id }).strict(), output: z.object({ deleted: z.literal(true) }) },
  'credentials:test': { input: z.object({ id: Id }).strict(), output: CheckResultSchema },
  'credentials:testAll': { input: z.object({ workspaceId: Id }).strict(), output: z.array(CheckResultSchema) },
  'credentials:history': { input: z.object({ id: Id }).strict(), output: z.array(CheckResultSchema) },

  'audit:list': {
    input: z
      .object({ workspaceId: Id.optional(), action: AuditActionSchema.optional(), limit: z.number().int().min(1).max(5000).optional() })
      .strict(),
    output: z.array(AuditEntrySchema),
  },
  'audit:verify': {
    input: Empty,
    output: z.object({ ok: z.boolean(), rows: z.number(), message: z.string(), seq: z.number().nullable() }),
  },
  'audit:export': {
    input: z.object({ format: z.enum(['csv', 'json']), workspaceId: Id.optional(), action: AuditActionSchema.optional() }).strict(),
    output: z.object({ filename: z.string(), content: z.string() }),
  },
} as const;
