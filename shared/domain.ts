/** Domain types shared by the core, the IPC contract, the CLI and the renderer. */
import type { ProviderId } from './providers/types';

/** A workspace: the agency itself, or one of its clients. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly kind: 'agency' | 'client';
  /** byok: the client's own keys are used; bundled: the agency's keys (own keys stay, dormant). */
  readonly mode: 'byok' | 'bundled';
  /** When false, a campaign stops rather than fall back to the agency's key. */
  readonly allowAgencyFallback: boolean;
  readonly defaultCountry: string | null;
  readonly onboardingCompletedAt: string | null;
  readonly archivedAt: string | null;
  readonly createdAt: string;
}

/** Key environments. */
export type Environment = 'production' | 'test';

/** Whether a key was proven to work. `unverified` covers never checked and could-not-reach. */
export type CredentialStatus = 'unverified' | 'valid' | 'warning' | 'invalid';

/** A stored key as the console may see it: hints only, never a secret. */
export interface CredentialView {
  readonly id: string;
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly environment: Environment;
  readonly nickname: string;
  /** Non-secret fields in full (phone number, from-address, account SID…). */
  readonly publicFields: Readonly<Record<string, string>>;
  /** Masked hints of secret fields, e.g. `sk-ant-…9xQa`. */
  readonly hints: Readonly<Record<string, string>>;
  readonly active: boolean;
  readonly status: CredentialStatus;
  readonly endpoint: string | null;
  readonly lastTestedAt: string | null;
  readonly lastCheckStatus: CheckStatus | null;
  readonly lastCheckSummary: string | null;
  readonly usageCount: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Outcome of one live check. */
export type CheckStatus = 'valid' | 'warning' | 'invalid' | 'unreachable';

/** One line of a check, e.g. "Account: active, Full". */
export interface CheckLineView {
  readonly label: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
}

/** A stored check result. */
export interface CheckResultView {
  readonly credentialId: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly lines: readonly CheckLineView[];
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly durationMs: number;
  readonly checkedAt: string;
}
