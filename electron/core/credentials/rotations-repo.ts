/** SQL for key rotations (migration 0010); no policy lives here. */
import type { Environment } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import { type Db, stmt } from '../store/db';

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

/** An open rotation joins a live old key: a key deleted meanwhile leaves nothing waiting. */
const OPEN = `SELECT r.* FROM key_rotations r JOIN credentials c ON c.id = r.old_credential_id
  WHERE r.confirmed_at IS NULL AND c.deleted_at IS NULL`;

/** Reads and writes rotations. */
export class RotationsRepo {
  constructor(private readonly db: Db) {}

  /** The open rotation whose old key this is. */
  byOld(credentialId: string): RotationRow | undefined {
    return stmt(this.db, `${OPEN} AND r.old_credential_id = ?`).get(credentialId) as RotationRow | undefined;
  }

  /** The open rotation of a workspace's provider and environment (its old key waits on standby). */
  openFor(workspaceId: string, provider: ProviderId, environment: Environment): RotationRow | undefined {
    return stmt(this.db, `${OPEN} AND r.workspace_id = ? AND r.provider = ? AND r.environment = ?`).get(workspaceId, provider, environment) as RotationRow | undefined;
  }

  /** Open rotations of a workspace. */
  openIn(workspaceId: string): RotationRow[] {
    return stmt(this.db, `${OPEN} AND r.workspace_id = ?`).all(workspaceId) as RotationRow[];
  }

  /** Closes rotations whose old key was deleted by hand, so the next rotation may open. */
  closeOrphans(workspaceId: string, provider: ProviderId, environment: Environment, at: string): void {
    stmt(
      this.db,
      `UPDATE key_rotations SET confirmed_at = ? WHERE workspace_id = ? AND provider = ? AND environment = ? AND confirmed_at IS NULL
        AND old_credential_id IN (SELECT id FROM credentials WHERE deleted_at IS NOT NULL)`,
    ).run(at, workspaceId, provider, environment);
  }

  /** Records a switch. */
  insert(r: Omit<RotationRow, 'confirmed_at'>): void {
    stmt(this.db, 'INSERT INTO key_rotations (id, workspace_id, provider, environment, old_credential_id, new_credential_id, switched_at) VALUES (@id, @workspace_id, @provider, @environment, @old_credential_id, @new_credential_id, @switched_at)').run(r);
  }

  /** Closes a rotation once its old key is destroyed. */
  confirm(id: string, at: string): void {
    stmt(this.db, 'UPDATE key_rotations SET confirmed_at = ? WHERE id = ?').run(at, id);
  }

  /** Points campaigns still to send from the old key at the new one (the runner re-resolves anyway). */
  moveCampaigns(from: string, to: string, at: string): number {
    return stmt(this.db, "UPDATE campaigns SET credential_id = ?, updated_at = ? WHERE credential_id = ? AND state IN ('ready', 'running', 'paused')").run(to, at, from).changes;
  }
}
