/** SQL for agents' transfer targets (transfer_targets); rows read back are parsed, not trusted. */
import { z } from 'zod';
import { TRANSFER_MODES, type TransferTargetView } from '../../../../shared/transfer-targets';
import type { Db } from '../../store/db';
import { AgentListTable, type AgentListSql } from './agent-list-table';

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
  const row = Row.parse(raw);
  return {
    view: {
      id: row.id,
      agentId: row.agent_id,
      name: row.name,
      number: row.number,
      whenToUse: row.when_to_use,
      mode: row.mode,
      createdAt: row.created_at,
    },
    workspaceId: row.workspace_id,
  };
};

/** Every column a target's row stores, with how its value is written: SELECT and INSERT are built from this one list. */
const WRITTEN: readonly (readonly [column: string, value: (target: TargetRow) => unknown])[] = [
  ['id', (target) => target.view.id],
  ['workspace_id', (target) => target.workspaceId],
  ['agent_id', (target) => target.view.agentId],
  ['name', (target) => target.view.name],
  ['number', (target) => target.view.number],
  ['when_to_use', (target) => target.view.whenToUse],
  ['mode', (target) => target.view.mode],
  ['created_at', (target) => target.view.createdAt],
];
const COLUMNS = WRITTEN.map(([column]) => column).join(', ');

const SQL: AgentListSql = {
  list: `SELECT ${COLUMNS} FROM transfer_targets WHERE agent_id = ? ORDER BY name COLLATE NOCASE`,
  // A target's name is found whatever its case.
  find: `SELECT ${COLUMNS} FROM transfer_targets WHERE agent_id = ? AND (id = ? OR name = ? COLLATE NOCASE)`,
  count: 'SELECT COUNT(*) AS n FROM transfer_targets WHERE agent_id = ?',
  insert: `INSERT INTO transfer_targets (${COLUMNS}) VALUES (${WRITTEN.map(() => '?').join(', ')})`,
  delete: 'DELETE FROM transfer_targets WHERE id = ?',
  deleteAll: 'DELETE FROM transfer_targets WHERE agent_id = ?',
};

/** The transfer_targets table. */
export class TransferTargetsRepo extends AgentListTable<TargetRow> {
  constructor(db: Db) {
    super(db, SQL, toRow);
  }

  /** Writes a new target. */
  insert(view: TransferTargetView, workspaceId: string): void {
    const target: TargetRow = { view, workspaceId };
    this.insertValues(WRITTEN.map(([, value]) => value(target)));
  }
}
