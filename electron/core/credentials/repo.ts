/** SQL for credentials and their check results (this file owns both tables); no policy lives here. */
import type { CheckResultView, CredentialView, CredentialStatus, Environment, CheckStatus } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import { type Db, stmt } from '../store/db';

/** A credentials row as stored. */
export interface CredentialRow {
  id: string;
  workspace_id: string;
  provider: ProviderId;
  environment: Environment;
  nickname: string;
  public_fields: string;
  hints: string;
  ciphertext: Buffer | null;
  version: number;
  active: number;
  status: CredentialStatus;
  endpoint: string | null;
  last_tested_at: string | null;
  last_check_status: CheckStatus | null;
  last_check_summary: string | null;
  next_check_at: string | null;
  check_failures: number;
  usage_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** The columns of a key a send may use, as resolution reads them. */
export type UsableKey = Pick<CredentialRow, 'id' | 'provider' | 'endpoint' | 'status' | 'public_fields' | 'nickname'>;

const parseRecord = (json: string): Record<string, string> => {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
};

/** The renderer-safe view of a row: hints and public fields only. */
export function toView(r: CredentialRow): CredentialView {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    provider: r.provider,
    environment: r.environment,
    nickname: r.nickname,
    publicFields: parseRecord(r.public_fields),
    hints: parseRecord(r.hints),
    active: r.active === 1,
    status: r.status,
    endpoint: r.endpoint,
    lastTestedAt: r.last_tested_at,
    lastCheckStatus: r.last_check_status,
    lastCheckSummary: r.last_check_summary,
    usageCount: r.usage_count,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Reads and writes credential rows. */
export class CredentialRepo {
  constructor(private readonly db: Db) {}

  /** One row, deleted or not. */
  get(id: string): CredentialRow | undefined {
    return stmt(this.db, 'SELECT * FROM credentials WHERE id = ?').get(id) as CredentialRow | undefined;
  }

  /** Live rows of a workspace (optionally one provider), newest first. */
  list(workspaceId: string, opts: { provider?: ProviderId; includeDeleted?: boolean } = {}): CredentialRow[] {
    const where = ['workspace_id = @ws'];
    if (opts.provider) where.push('provider = @provider');
    if (!opts.includeDeleted) where.push('deleted_at IS NULL');
    return stmt(this.db, `SELECT * FROM credentials WHERE ${where.join(' AND ')} ORDER BY provider, active DESC, created_at DESC`).all({
      ws: workspaceId,
      provider: opts.provider,
    }) as CredentialRow[];
  }

  /** Every live row across workspaces (for background re-checks). */
  listAll(): CredentialRow[] {
    return stmt(this.db, 'SELECT * FROM credentials WHERE deleted_at IS NULL').all() as CredentialRow[];
  }

  /** The active key for a workspace, provider and environment. */
  active(workspaceId: string, provider: ProviderId, environment: Environment): CredentialRow | undefined {
    return stmt(
      this.db,
      'SELECT * FROM credentials WHERE workspace_id = ? AND provider = ? AND environment = ? AND active = 1 AND deleted_at IS NULL',
    ).get(workspaceId, provider, environment) as CredentialRow | undefined;
  }

  /** Inserts a new row. */
  insert(r: CredentialRow): void {
    stmt(
      this.db,
      `INSERT INTO credentials (id, workspace_id, provider, environment, nickname, public_fields, hints, ciphertext, version, active, status, endpoint,
        last_tested_at, last_check_status, last_check_summary, next_check_at, check_failures, usage_count, created_at, updated_at, deleted_at)
        VALUES (@id, @workspace_id, @provider, @environment, @nickname, @public_fields, @hints, @ciphertext, @version, @active, @status, @endpoint,
        @last_tested_at, @last_check_status, @last_check_summary, @next_check_at, @check_failures, @usage_count, @created_at, @updated_at, @deleted_at)`,
    ).run(r);
  }

  /** Updates the given columns of a row. */
  patch(id: string, cols: Partial<Omit<CredentialRow, 'id'>>): void {
    const keys = Object.keys(cols);
    if (keys.length === 0) return;
    stmt(this.db, `UPDATE credentials SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...cols, id });
  }

  /** Makes every other key of the same workspace, provider and environment inactive. */
  deactivateSiblings(r: Pick<CredentialRow, 'id' | 'workspace_id' | 'provider' | 'environment'>): void {
    stmt(this.db, 'UPDATE credentials SET active = 0 WHERE workspace_id = ? AND provider = ? AND environment = ? AND id <> ?').run(
      r.workspace_id,
      r.provider,
      r.environment,
      r.id,
    );
  }

  /** The version of a key (deleted or not); undefined when there is no such key. */
  versionOf(id: string): number | undefined {
    return (stmt(this.db, 'SELECT version FROM credentials WHERE id = ?').get(id) as { version: number } | undefined)?.version;
  }

  /** Whether a key is still the one in use at this version: active, not deleted, not re-keyed (one indexed lookup). */
  inUse(id: string, version: number): boolean {
    return (
      stmt(this.db, 'SELECT 1 FROM credentials WHERE id = ? AND version = ? AND active = 1 AND deleted_at IS NULL').get(id, version) !==
      undefined
    );
  }

  /** Whether a key exists and is not deleted. */
  isLive(id: string): boolean {
    return stmt(this.db, 'SELECT 1 FROM credentials WHERE id = ? AND deleted_at IS NULL').get(id) !== undefined;
  }

  /** The active keys a send may use in a workspace and environment: proven to work (whether a warning blocks use is readiness.ts's call). */
  usable(workspaceId: string, environment: Environment): UsableKey[] {
    return stmt(
      this.db,
      `SELECT id, provider, endpoint, status, public_fields, nickname FROM credentials
        WHERE workspace_id = ? AND environment = ? AND active = 1 AND deleted_at IS NULL AND status IN ('valid', 'warning')`,
    ).all(workspaceId, environment) as UsableKey[];
  }

  /** Who holds a key and for which provider (deleted keys included: their usage is still billed). */
  holder(id: string): { workspaceId: string; provider: ProviderId } | undefined {
    return stmt(this.db, 'SELECT workspace_id AS workspaceId, provider FROM credentials WHERE id = ?').get(id) as
      { workspaceId: string; provider: ProviderId } | undefined;
  }

  /** Live active production keys per provider (for the monthly base); invalid keys are not counted. One workspace or all. */
  liveProductionCounts(workspaceId?: string): Map<ProviderId, number> {
    const where = workspaceId ? 'AND workspace_id = @ws' : '';
    const rows = stmt(
      this.db,
      `SELECT provider, COUNT(*) AS n FROM credentials WHERE deleted_at IS NULL AND active = 1 AND status <> 'invalid' AND environment = 'production' ${where} GROUP BY provider`,
    ).all({ ws: workspaceId }) as { provider: ProviderId; n: number }[];
    return new Map(rows.map((r) => [r.provider, r.n]));
  }

  /** Providers with any live, not-invalid active key (any environment). One workspace or all. */
  connectedProviders(workspaceId?: string): Set<ProviderId> {
    const where = workspaceId ? 'AND workspace_id = @ws' : '';
    const rows = stmt(
      this.db,
      `SELECT DISTINCT provider FROM credentials WHERE deleted_at IS NULL AND active = 1 AND status <> 'invalid' ${where}`,
    ).all({ ws: workspaceId }) as { provider: ProviderId }[];
    return new Set(rows.map((r) => r.provider));
  }

  /** Bumps a key's usage counter (requests and messages). */
  bumpUsageCount(id: string, by: number): void {
    stmt(this.db, 'UPDATE credentials SET usage_count = usage_count + ? WHERE id = ?').run(by, id);
  }

  /** Stores a check result. */
  insertCheck(v: CheckResultView): void {
    stmt(
      this.db,
      'INSERT INTO check_results (credential_id, status, summary, lines, details, duration_ms, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(v.credentialId, v.status, v.summary, JSON.stringify(v.lines), JSON.stringify(v.details), Math.round(v.durationMs), v.checkedAt);
  }

  /** A key's check history, newest first. */
  checks(credentialId: string, limit = 20): CheckResultView[] {
    const rows = stmt(this.db, 'SELECT * FROM check_results WHERE credential_id = ? ORDER BY id DESC LIMIT ?').all(credentialId, limit) as {
      credential_id: string;
      status: CheckStatus;
      summary: string;
      lines: string;
      details: string;
      duration_ms: number;
      checked_at: string;
    }[];
    return rows.map((r) => ({
      credentialId: r.credential_id,
      status: r.status,
      summary: r.summary,
      lines: JSON.parse(r.lines) as CheckResultView['lines'],
      details: JSON.parse(r.details) as CheckResultView['details'],
      durationMs: r.duration_ms,
      checkedAt: r.checked_at,
    }));
  }
}
