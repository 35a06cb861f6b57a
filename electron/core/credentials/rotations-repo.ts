/** SQL for key rotations (migration 0010; this file owns key_rotations); no policy lives here. */
import type { Environment } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import { type Db, stmt } from '../store/db';
import { CredentialRepo } from './repo';

/** A key_rotations row as stored. */
export interface RotationRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly provider: ProviderId;
  readonly environment: Environment;
  readonly old_credential_id: string;
  readonly new_credential_id: string;
  readonly switched_at: string;
  readonly confirmed_at: string | null;
}

const UNCONFIRMED = 'SELECT * FROM key_rotations WHERE confirmed_at IS NULL';

/** Reads and writes rotations. */
export class RotationsRepo {
  private readonly keys: CredentialRepo;

  constructor(private readonly db: Db) {
    this.keys = new CredentialRepo(db);
  }

  /** An open rotation is unconfirmed and its old key is live: a key deleted meanwhile leaves nothing waiting. */
  private open(rows: RotationRow[]): RotationRow[] {
    return rows.filter((r) => this.keys.isLive(r.old_credential_id));
  }

  /** The open rotation whose old key this is. */
  byOld(credentialId: string): RotationRow | undefined {
    return this.open(stmt(this.db, `${UNCONFIRMED} AND old_credential_id = ?`).all(credentialId) as RotationRow[])[0];
  }

  /** The open rotation of a workspace's provider and environment (its old key waits on standby). */
  openFor(workspaceId: string, provider: ProviderId, environment: Environment): RotationRow | undefined {
    return this.open(
      stmt(this.db, `${UNCONFIRMED} AND workspace_id = ? AND provider = ? AND environment = ?`).all(
        workspaceId,
        provider,
        environment,
      ) as RotationRow[],
    )[0];
  }

  /** Open rotations of a workspace. */
  openIn(workspaceId: string): RotationRow[] {
    return this.open(stmt(this.db, `${UNCONFIRMED} AND workspace_id = ?`).all(workspaceId) as RotationRow[]);
  }

  /** Whether a key was rotated out and waits on standby for the operator to confirm it was revoked. */
  onStandby(credentialId: string): boolean {
    return stmt(this.db, `${UNCONFIRMED} AND old_credential_id = ?`).get(credentialId) !== undefined;
  }

  /** Closes rotations whose old key was deleted by hand, so the next rotation may open. */
  closeOrphans(workspaceId: string, provider: ProviderId, environment: Environment, at: string): void {
    const waiting = stmt(this.db, `${UNCONFIRMED} AND workspace_id = ? AND provider = ? AND environment = ?`).all(
      workspaceId,
      provider,
      environment,
    ) as RotationRow[];
    for (const r of waiting) if (!this.keys.isLive(r.old_credential_id)) this.confirm(r.id, at);
  }

  /** Records a switch. */
  insert(r: Omit<RotationRow, 'confirmed_at'>): void {
    stmt(
      this.db,
      'INSERT INTO key_rotations (id, workspace_id, provider, environment, old_credential_id, new_credential_id, switched_at) VALUES (@id, @workspace_id, @provider, @environment, @old_credential_id, @new_credential_id, @switched_at)',
    ).run(r);
  }

  /** Closes a rotation once its old key is destroyed. */
  confirm(id: string, at: string): void {
    stmt(this.db, 'UPDATE key_rotations SET confirmed_at = ? WHERE id = ?').run(at, id);
  }
}
