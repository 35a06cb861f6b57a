/**
 * Key rotation as the console, the CLI and the IPC edge see it: each key's age and what depends
 * on it, and the outcome of a rotation. The core produces these shapes; no secret is in them.
 */
import { z } from 'zod';
import { type Capability, PROVIDER_IDS } from './providers/types';

/** A key older than this many days is due for rotation (seed 000's advice: rotate every 90 days). */
export const ROTATE_AFTER_DAYS = 90;

const CAPABILITY_NAMES = [
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
] as const satisfies readonly Capability[];
// Compile-time proof that the list names every capability, so no dependent fails the output schema.
const everyCapability: [Exclude<Capability, (typeof CAPABILITY_NAMES)[number]>] extends [never] ? true : false = true;
void everyCapability;

/** The rotated-out key waiting for the operator to confirm it was revoked at the provider. */
export const StandbySchema = z.object({
  /** The old key (still stored, never used). */
  credentialId: z.string(),
  nickname: z.string(),
  hints: z.record(z.string(), z.string()),
  /** The key that replaced it. */
  replacedBy: z.string(),
  switchedAt: z.string(),
});
/** A standby key. */
export type StandbyView = z.infer<typeof StandbySchema>;

/** One key's age and rotation state. */
export const KeyAgeSchema = z.object({
  credentialId: z.string(),
  /** Whole days since the key was stored (a rotated-in key counts from its rotation). */
  ageDays: z.number().int().min(0),
  /** Past ROTATE_AFTER_DAYS and in use (active): the reminder shows. */
  rotationDue: z.boolean(),
  /** This key is itself on standby after a rotation (waiting for "revoked at the provider"). */
  standby: z.boolean(),
  /** The key this one replaced, still on standby; null when none waits. */
  replaces: StandbySchema.nullable(),
});
/** A key's age. */
export type KeyAgeView = z.infer<typeof KeyAgeSchema>;

/** A workspace whose sends or calls resolve to the key, and for what. */
export const DependentWorkspaceSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  /** own: its own key; bundled: the agency's key by mode; fallback: BYOK with no own key for it. */
  via: z.enum(['own', 'bundled', 'fallback']),
  capabilities: z.array(z.enum(CAPABILITY_NAMES)),
});

/** Everything that would use a key now, found through the resolver. */
export const DependentsSchema = z.object({
  credentialId: z.string(),
  workspaceId: z.string(),
  provider: z.enum(PROVIDER_IDS),
  environment: z.enum(['production', 'test']),
  nickname: z.string(),
  age: KeyAgeSchema,
  workspaces: z.array(DependentWorkspaceSchema),
  /** Campaigns still to send (ready, running, paused) whose messages resolve to this key. */
  campaigns: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      workspaceId: z.string(),
      workspaceName: z.string(),
      channel: z.string(),
      state: z.string(),
    }),
  ),
  /** Enabled post-call workflow rules whose messages resolve to this key. */
  workflows: z.array(
    z.object({ id: z.string(), workspaceId: z.string(), workspaceName: z.string(), outcome: z.string(), channel: z.string() }),
  ),
  /** Voice agents whose calls resolve to this key (carrier, speech-to-text, LLM or text-to-speech). */
  agents: z.array(z.object({ id: z.string(), name: z.string(), workspaceId: z.string(), workspaceName: z.string() })),
});
/** What depends on a key. */
export type DependentsView = z.infer<typeof DependentsSchema>;

/** A live check's outcome, for a key not stored yet. */
export const RotationCheckSchema = z.object({
  status: z.enum(['valid', 'warning', 'invalid', 'unreachable']),
  summary: z.string(),
  lines: z.array(z.object({ label: z.string(), status: z.enum(['pass', 'warn', 'fail', 'skip']), detail: z.string() })),
});

/** What a rotation came to: switched (the new key in use, the old on standby), or nothing changed and why. */
export const RotationResultSchema = z.object({
  switched: z.boolean(),
  /** Why nothing was switched; null when it was. */
  reason: z.string().nullable(),
  check: RotationCheckSchema,
  /** The new key, when switched. */
  newCredentialId: z.string().nullable(),
  /** The old key, now on standby, when switched. */
  standby: StandbySchema.nullable(),
  /** What moved to the new key (as it depended on the old one just before the switch). */
  moved: z.object({ workspaces: z.number(), campaigns: z.number(), workflows: z.number(), agents: z.number() }),
});
/** A rotation's outcome. */
export type RotationResultView = z.infer<typeof RotationResultSchema>;
