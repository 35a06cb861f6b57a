/** The contract between the provider checks and the credential service. */
import type { ProviderId } from '../../../shared/providers/types';

/** Overall outcome of a check; `unreachable` never marks a key invalid, it stays unverified. */
export type CheckStatus = 'valid' | 'warning' | 'invalid' | 'unreachable';

/** One line of a check, shown under the status (e.g. "Phone number · pass · owned, SMS and voice"). */
export interface CheckLine {
  readonly label: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
}

/** What a provider check returns; no string in it ever holds a secret. */
export interface CheckResult {
  readonly status: CheckStatus;
  /** One sentence. */
  readonly summary: string;
  readonly lines: readonly CheckLine[];
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /** When the provider asked to wait longer than a check should: try again after this long. */
  readonly retryAfterMs?: number;
  readonly durationMs: number;
}

/** Everything a check needs: the decrypted fields (in memory only) and where to send them. */
export interface CheckContext {
  readonly fields: Readonly<Record<string, string>>;
  readonly environment: 'production' | 'test';
  /** Per-credential API origin override. */
  readonly endpoint?: string;
  /** Time limit of the whole check, shared by every request and wait it makes; default 10000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The check's one deadline, started by the wrapper (defineCheck) from timeoutMs. */
  readonly deadline?: Deadline;
  /** Defaults to process.env, for SWITCHBOARD_<ID>_URL. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Hears each line as soon as it is known, so a console can show a check's lines one by one.
   * A body reports its lines in the order of its result, each once; whatever it does not report,
   * the wrapper reports when the check ends, so every line is heard before the result returns.
   */
  readonly onLine?: (line: CheckLine) => void;
}

/** When a check must be over: one timer for all its requests and waits. */
export interface Deadline {
  /** Aborts when the time is up. */
  readonly signal: AbortSignal;
  /** When the time is up, on performance.now()'s clock. */
  readonly at: number;
}

/** A provider's live check. */
export type ProviderCheck = (ctx: CheckContext) => Promise<CheckResult>;

/** A check's result before its duration is known. */
export type CheckDraft = Omit<CheckResult, 'durationMs'>;

/** A provider's check body: returns a draft, may throw (the wrapper turns that into a result). */
export type CheckBody = (ctx: CheckContext, id: ProviderId) => Promise<CheckDraft>;
