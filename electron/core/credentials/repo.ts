/** SQL for credentials and their check results; no policy lives here. */
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
    return stmt(this.db, `SELECT * FROM credentials WHERE ${where.join(' AND ')} ORDER BY provider, active DESC, created_at DESC`).all({ ws: workspaceId, provider: opts.provider }) as CredentialRow[];
  }

  /** Every live row across workspaces (for background re-checks). */
  listAll(): CredentialRow[] {
    return stmt(this.db, 'SELECT * FROM credentials WHERE deleted_at IS NULL').all() as CredentialRow[];
  }

  /** The active key for a workspace, provider and environment. */
  active(workspaceId: string, provider: ProviderId, environment: Environment): CredentialRow | undefined {
    return stmt(this.db, 'SELECT * FROM credentials WHERE workspace_id = ? AND provider = ? AND environment = ? AND active = 1 AND deleted_at IS NULL')
      .get(workspaceId, provider, environment) as CredentialRow | undefined;
  }

  /** Inserts a new row. */
  insert(r: CredentialRow): void {
    stmt(this.db, `INSERT INTO credentials (id, workspace_id, provider, environment, nickname, public_fields, hints, ciphertext, version, active, status, endpoint,
        last_tested_at, last_check_status, last_check_summary, next_check_at, check_failures, usage_count, created_at, updated_at, deleted_at)
        VALUES (@id, @workspace_id, @provider, @environment, @nickname, @public_fields, @hints, @ciphertext, @version, @active, @status, @endpoint,
        @last_tested_at, @last_check_status, @last_check_summary, @next_check_at, @check_failures, @usage_count, @created_at, @updated_at, @deleted_at)`)
      .run(r);
  }

  /** Updates the given columns of a row. */
  patch(id: string, cols: Partial<Omit<CredentialRow, 'id'>>): void {
    const keys = Object.keys(cols);
    if (keys.length === 0) return;
    stmt(this.db, `UPDATE credentials SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...cols, id });
  }

  /** Makes every other key of the same workspace, provider and environment inactive. */
  deactivateSiblings(r: Pick<CredentialRow, 'id' | 'workspace_id' | 'provider' | 'environment'>): void {
    stmt(this.db, 'UPDATE credentials SET active = 0 WHERE workspace_id = ? AND provider = ? AND environment = ? AND id <> ?')
      .run(r.workspace_id, r.provider, r.environment, r.id);
  }

  /** Whether a key was rotated out and waits on standby for the operator to confirm it was revoked. */
  onStandby(id: string): boolean {
    return stmt(this.db, 'SELECT 1 FROM key_rotations WHERE old_credential_id = ? AND confirmed_at IS NULL').get(id) !== undefined;
  }

  /** Stores a check result. */
  insertCheck(v: CheckResultView): void {
    stmt(this.db, 'INSERT INTO check_results (credential_id, status, summary, lines, details, duration_ms, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(v.credentialId, v.status, v.summary, JSON.stringify(v.lines), JSON.stringify(v.details), Math.round(v.durationMs), v.checkedAt);
  }

  /** A key's check history, newest first. */
  checks(credentialId: string, limit = 20): CheckResultView[] {
    const rows = stmt(this.db, 'SELECT * FROM check_results WHERE credential_id = ? ORDER BY id DESC LIMIT ?')
      .all(credentialId, limit) as { credential_id: string; status: CheckStatus; summary: string; lines: string; details: string; duration_ms: number; checked_at: string }[];
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
