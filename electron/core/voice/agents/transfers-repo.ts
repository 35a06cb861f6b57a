/** SQL for agents' transfer targets (transfer_targets); rows read back are parsed, not trusted. */
import { z } from 'zod';
import { TRANSFER_MODES, type TransferTargetView } from '../../../../shared/transfer-targets';
import { type Db, stmt } from '../../store/db';

const Row = z.object({
  id: z.string(),
  workspace_id: z.string(),
  agent_id: z.string(),
  name: z.string(),
  number: z.string(),
  when_to_use: z.string(),
  mode: z.enum(TRANSFER_MODES),
  created_at: z.string(),
});

/** A target row: its view and its workspace. */
export interface TargetRow {
  readonly view: TransferTargetView;
  readonly workspaceId: string;
}

const toRow = (raw: unknown): TargetRow => {
  const r = Row.parse(raw);
  return {
    view: {
      id: r.id,
      agentId: r.agent_id,
      name: r.name,
      number: r.number,
      whenToUse: r.when_to_use,
      mode: r.mode,
      createdAt: r.created_at,
    },
    workspaceId: r.workspace_id,
  };
};

const COLUMNS = 'id, workspace_id, agent_id, name, number, when_to_use, mode, created_at';

/** The transfer_targets table. */
export class TransferTargetsRepo {
  constructor(private readonly db: Db) {}

  /** An agent's targets, by name. */
  list(agentId: string): TargetRow[] {
    return stmt(this.db, `SELECT ${COLUMNS} FROM transfer_targets WHERE agent_id = ? ORDER BY name COLLATE NOCASE`).all(agentId).map(toRow);
  }

  /** One of an agent's targets by id, or by name whatever its case. */
  find(agentId: string, idOrName: string): TargetRow | undefined {
    const row = stmt(this.db, `SELECT ${COLUMNS} FROM transfer_targets WHERE agent_id = ? AND (id = ? OR name = ? COLLATE NOCASE)`).get(
      agentId,
      idOrName,
      idOrName,
    );
    return row === undefined ? undefined : toRow(row);
  }

  /** How many targets an agent has. */
  count(agentId: string): number {
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM transfer_targets WHERE agent_id = ?').get(agentId) as { n: number }).n;
  }

  /** Writes a new target. */
  insert(t: TransferTargetView, workspaceId: string): void {
    stmt(this.db, `INSERT INTO transfer_targets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      t.id,
      workspaceId,
      t.agentId,
      t.name,
      t.number,
      t.whenToUse,
      t.mode,
      t.createdAt,
    );
  }

  /** Deletes a target. */
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM transfer_targets WHERE id = ?').run(id);
  }

  /** Deletes every target of an agent. */
  deleteAll(agentId: string): void {
    stmt(this.db, 'DELETE FROM transfer_targets WHERE agent_id = ?').run(agentId);
  }
}
