/**
 * Channels of offline preparation: .env import (preview, then store), bundles (the agency's age
 * recipient, export, preview and import) and client key intake. Values typed or read from a file
 * come in; only masked hints, ciphertext and public recipients go out.
 */
import { z } from 'zod';
import { CredentialViewSchema, Empty, EnvironmentSchema, Id, ProviderIdSchema } from './schemas';

/** A .env file's text (the core also bounds its size in bytes). */
const EnvText = z
  .string()
  .min(1)
  .max(256 * 1024);
/** A bundle file, base64 (binary or armored age; 16 MB at most once decoded). */
const FileData = z
  .string()
  .min(1)
  .max(Math.ceil((16 * 1024 * 1024) / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');
const Passphrase = z.string().min(1).max(1024);
/** An age X25519 recipient (the core checks its exact form). */
const Recipient = z.string().trim().min(1).max(100);

const EnvFieldSchema = z.object({
  field: z.string(),
  label: z.string(),
  variable: z.string(),
  line: z.number(),
  secret: z.boolean(),
  hint: z.string(),
  problem: z.string().nullable(),
  public: z.boolean(),
});

/** What importing a .env file would do: per provider the fields (masked), verdict and what is missing; every line not stored. */
export const EnvPreviewSchema = z.object({
  credentials: z.array(
    z.object({
      provider: ProviderIdSchema,
      providerName: z.string(),
      environment: EnvironmentSchema,
      fields: z.array(EnvFieldSchema),
      missing: z.array(z.string()),
      verdict: z.enum(['ready', 'incomplete', 'invalid']),
      warnings: z.array(z.string()),
    }),
  ),
  skipped: z.array(
    z.object({
      line: z.number(),
      name: z.string().nullable(),
      reason: z.enum(['unknown', 'not-used', 'duplicate', 'empty', 'not-a-variable']),
      note: z.string(),
    }),
  ),
  lineCount: z.number(),
});

/** What a bundle import would add or replace, without any value. */
export const ImportPreviewSchema = z.object({
  via: z.enum(['passphrase', 'agency', 'intake']),
  workspaces: z.array(
    z.object({
      name: z.string(),
      action: z.enum(['create', 'update', 'keep']),
      changes: z.array(z.string()),
      keys: z.array(
        z.object({
          provider: ProviderIdSchema,
          providerName: z.string(),
          environment: EnvironmentSchema,
          nickname: z.string(),
          action: z.enum(['add', 'replace']),
          hints: z.record(z.string(), z.string()),
          // Every field that changes where the key's traffic goes, and the host to confirm when it is not the provider's.
          endpoint: z.string().nullable(),
          region: z.string().nullable(),
          foreignHost: z.string().nullable(),
        }),
      ),
    }),
  ),
  env: EnvPreviewSchema.nullable(),
});

/** A public age recipient Switchboard holds. */
const IdentitySchema = z.object({ id: z.string(), recipient: z.string(), createdAt: z.string() });

/** Every offline-preparation channel with its input and output schemas. */
export const offlineChannels = {
  'env:preview': { input: z.object({ text: EnvText }).strict(), output: EnvPreviewSchema },
  'env:import': {
    input: z.object({ workspaceId: Id, text: EnvText, providers: z.array(ProviderIdSchema).min(1).max(32) }).strict(),
    output: z.object({ stored: z.array(CredentialViewSchema) }),
  },
  'bundles:identity': { input: Empty, output: IdentitySchema.nullable() },
  'bundles:createIdentity': { input: Empty, output: IdentitySchema },
  'bundles:export': {
    input: z
      .object({
        workspaceIds: z.array(Id).min(1).max(200),
        recipients: z.array(Recipient).min(1).max(20).optional(),
        passphrase: Passphrase.optional(),
        confirmation: Passphrase.optional(),
      })
      .strict(),
    output: z.object({ filename: z.string(), content: z.string(), workspaces: z.number(), keys: z.number() }),
  },
  'bundles:preview': {
    input: z.object({ data: FileData, passphrase: Passphrase.optional() }).strict(),
    output: z.object({ needsPassphrase: z.boolean(), preview: ImportPreviewSchema.nullable(), digest: z.string().nullable() }),
  },
  'bundles:import': {
    // trustedHosts: the foreign endpoint hosts the operator confirmed one by one (bundle.ts applyImport).
    input: z
      .object({
        data: FileData,
        passphrase: Passphrase.optional(),
        digest: z.string().regex(/^[0-9a-f]{64}$/),
        trustedHosts: z.array(z.string().max(260)).max(64).optional(),
      })
      .strict(),
    output: z.object({ workspaces: z.number(), keys: z.number(), intakeClosed: z.boolean() }),
  },
  'intake:create': {
    input: z
      .object({
        workspaceId: Id,
        providers: z.array(ProviderIdSchema).max(32).optional(),
        agencyName: z.string().trim().max(80).optional(),
      })
      .strict(),
    output: z.object({
      id: z.string(),
      recipient: z.string(),
      workspaceName: z.string(),
      providers: z.array(ProviderIdSchema),
      sheet: z.string(),
      html: z.string(),
      createdAt: z.string(),
    }),
  },
  'intake:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(IdentitySchema) },
  'intake:close': { input: z.object({ workspaceId: Id, id: Id }).strict(), output: z.object({ closed: z.literal(true) }) },
} as const;
