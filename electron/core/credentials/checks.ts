/**
 * Runs live checks on stored keys and records the outcome. A provider that cannot be reached
 * never makes a key invalid: its status stays as it was, and it is re-checked with backoff.
 * A key that cannot be opened (the vault is locked) is not checked at all: nothing is recorded.
 */
import type { CheckResultView, CredentialStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import { checkMany } from '../providers/checker';
import type { CheckLine, CheckResult } from '../providers/types';
import { type Db, tx } from '../store/db';
import type { Vault } from '../vault/vault';
import type { Credentials } from './credentials';
import type { CredentialRow } from './repo';

// The provider modules pull in every SDK; loading them on the first check keeps start-up lean.
let providers: Promise<typeof import('../providers')> | null = null;
const checkCredential: (typeof import('../providers'))['checkCredential'] = async (id, ctx) =>
  (await (providers ??= import('../providers'))).checkCredential(id, ctx);

/** First re-check of an unreachable key after this long; doubles per failure, capped. */
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** Progress of a batch of checks. */
export interface CheckProgress {
  readonly credentialId: string;
  readonly result: CheckResultView;
  readonly done: number;
  readonly total: number;
}

/** Options for running checks. */
export interface CheckOptions {
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a batch of checks came to: the results recorded, and why some keys could not be checked. */
interface Batch {
  readonly views: CheckResultView[];
  /** The first failure to open a key (a locked vault…); those keys were not checked. */
  readonly notRun: unknown;
}

/** Checks keys against their providers and stores the results. */
export class CredentialChecks {
  /** Keys being checked right now: the background re-check leaves them to the check under way. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly credentials: Credentials,
    private readonly audit: AuditLog,
    private readonly opts: CheckOptions & { vault: Pick<Vault, 'isUnlocked'>; now?: () => Date },
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Checks one stored key; `onLine` hears each line of the check as it finishes, all before the result. */
  async test(id: string, actor: Actor, onLine?: (line: CheckLine) => void): Promise<CheckResultView> {
    const row = this.credentials.live(id);
    this.inFlight.add(id);
    try {
      const result = await this.run(row, onLine);
      return this.record(row, result, actor);
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Checks fields that are not stored yet (the "Add & Test" preview, a rotation's new key); records nothing. */
  async preview(
    provider: CredentialRow['provider'],
    fields: Record<string, string>,
    environment: CredentialRow['environment'],
    endpoint: string | null,
    onLine?: (line: CheckLine) => void,
  ): Promise<CheckResult> {
    return checkCredential(provider, {
      fields,
      environment,
      endpoint: endpoint ?? undefined,
      timeoutMs: this.opts.timeoutMs,
      env: this.opts.env,
      onLine,
    });
  }

  /** Checks every live key of a workspace in parallel (bounded), reporting each as it completes. */
  async testWorkspace(
    workspaceId: string,
    actor: Actor,
    onProgress?: (p: CheckProgress) => void,
    concurrency = 16,
  ): Promise<CheckResultView[]> {
    return settled(await this.testRows(this.credentials.repo.list(workspaceId), actor, onProgress, concurrency));
  }

  /**
   * Checks every live key of many workspaces under one concurrency limit (rather than a limit per
   * workspace), recording each result and its audit row as testWorkspace does. Keys that could not
   * be opened (a locked vault) are reported as VAULT_LOCKED after the others are recorded.
   */
  async testMany(
    workspaceIds: readonly string[],
    actor: Actor,
    onProgress?: (p: CheckProgress) => void,
    concurrency = 64,
  ): Promise<CheckResultView[]> {
    const rows = workspaceIds.flatMap((id) => this.credentials.repo.list(id));
    return settled(await this.testRows(rows, actor, onProgress, concurrency));
  }

  /**
   * Re-checks, in the background, keys that are still unverified (stored offline or never tested)
   * and keys whose last check could not reach the provider once their backoff has passed.
   * While the vault is locked it does nothing: a key it cannot open is not a key that failed.
   */
  async recheckDue(actor: Actor = 'system', concurrency = 8): Promise<CheckResultView[]> {
    if (!this.opts.vault.isUnlocked()) return [];
    const now = this.now().toISOString();
    const due = this.credentials.repo.listAll().filter((r) => !this.inFlight.has(r.id) && isDue(r, now));
    return (await this.testRows(due, actor, undefined, concurrency, { background: true })).views;
  }

  /** A key's check history, newest first. */
  history(id: string, limit = 20): CheckResultView[] {
    return this.credentials.repo.checks(id, limit);
  }

  private async testRows(
    rows: readonly CredentialRow[],
    actor: Actor,
    onProgress: ((p: CheckProgress) => void) | undefined,
    concurrency: number,
    o: { background?: boolean } = {},
  ): Promise<Batch> {
    let done = 0;
    let notRun: unknown;
    const views: CheckResultView[] = [];
    await checkMany(
      rows,
      async (row) => {
        this.inFlight.add(row.id);
        try {
          const view = this.record(row, await this.run(row, undefined, o.background), actor);
          views.push(view);
          done++;
          onProgress?.({ credentialId: row.id, result: view, done, total: rows.length });
        } catch (err) {
          // Deleted meanwhile: nothing to check. Anything else (a locked vault) is reported after the batch.
          if (!(err instanceof AppError && err.code === 'NOT_FOUND')) notRun ??= err;
        } finally {
          this.inFlight.delete(row.id);
        }
      },
      { concurrency },
    );
    return { views, notRun };
  }

  private async run(row: CredentialRow, onLine?: (line: CheckLine) => void, background = false): Promise<CheckResult> {
    let fields: Record<string, string>;
    try {
      fields = this.credentials.fieldsFor(row.id, { activity: !background });
    } catch (err) {
      // Only a ciphertext altered on disk is a finding about the key (enter it again). Any other failure
      // to open it (a locked vault, a missing keychain entry) says nothing about it: the check did not run.
      if (!(err instanceof AppError && err.code === 'TAMPERED')) throw err;
      const stored: CheckLine = { label: 'Stored key', status: 'fail', detail: err.message };
      onLine?.(stored);
      return { status: 'invalid', summary: err.message, lines: [stored], details: {}, durationMs: 0 };
    }
    return checkCredential(row.provider, {
      fields,
      environment: row.environment,
      endpoint: row.endpoint ?? undefined,
      timeoutMs: this.opts.timeoutMs,
      env: this.opts.env,
      onLine,
    });
  }

  private record(row: CredentialRow, result: CheckResult, actor: Actor): CheckResultView {
    const at = this.now();
    const view: CheckResultView = {
      credentialId: row.id,
      status: result.status,
      summary: result.summary,
      lines: result.lines,
      details: result.details,
      durationMs: result.durationMs,
      checkedAt: at.toISOString(),
    };
    tx(this.db, () => {
      const current = this.credentials.repo.get(row.id);
      if (!current || current.deleted_at || current.version !== row.version) return; // changed meanwhile: this result is stale
      const failures = result.status === 'unreachable' ? current.check_failures + 1 : 0;
      const wait = Math.max(result.retryAfterMs ?? 0, Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1)));
      this.credentials.repo.insertCheck(view);
      this.credentials.repo.patch(row.id, {
        status: nextStatus(current.status, result.status),
        last_tested_at: view.checkedAt,
        last_check_status: result.status,
        last_check_summary: result.summary,
        check_failures: failures,
        next_check_at: result.status === 'unreachable' ? new Date(at.getTime() + wait).toISOString() : null,
      });
      this.audit.append({
        actor,
        action: 'credential.test',
        workspaceId: row.workspace_id,
        target: row.id,
        detail: { provider: row.provider, result: result.status },
      });
    });
    return view;
  }
}

/** The results of a batch, or the reason some of its keys could not be checked (after the others were recorded). */
function settled(batch: Batch): CheckResultView[] {
  if (batch.notRun !== undefined) throw batch.notRun;
  return batch.views;
}

/**
 * Whether the background re-check should check a key now: one whose provider could not be reached,
 * once its backoff has passed, or one still unverified that no check has reached since it was saved.
 */
function isDue(row: CredentialRow, now: string): boolean {
  if (row.last_check_status === 'unreachable') return (row.next_check_at ?? '') <= now;
  return row.status === 'unverified';
}

/** Unreachable leaves the status alone (an unchecked key stays unverified, never invalid). */
export function nextStatus(current: CredentialStatus, outcome: CheckResult['status']): CredentialStatus {
  return outcome === 'unreachable' ? current : outcome;
}
