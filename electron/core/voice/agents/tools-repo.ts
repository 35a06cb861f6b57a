/** SQL for agents' HTTP tools (agent_tools); rows read back are parsed, not trusted. */
import { z } from 'zod';
import type { AgentToolView } from '../../../../shared/agent-tools';
import type { Db } from '../../store/db';
import { AgentListTable, type AgentListSql } from './agent-list-table';

const Row = z.object({
  id: z.string(),
  workspace_id: z.string(),
  agent_id: z.string(),
  name: z.string(),
  description: z.string(),
  parameters: z.string().transform((text) => z.record(z.string(), z.unknown()).parse(JSON.parse(text))),
  url: z.string(),
  header_name: z.string().nullable(),
  header_ciphertext: z.instanceof(Buffer).nullable(),
  timeout_ms: z.number().int(),
  created_at: z.string(),
});

/** A tool row: its view, and its sealed header value when it has one. */
export interface ToolRow {
  readonly view: AgentToolView;
  readonly workspaceId: string;
  readonly headerCiphertext: Buffer | null;
}

const toRow = (raw: unknown): ToolRow => {
  const row = Row.parse(raw);
  return {
    view: {
      id: row.id,
      agentId: row.agent_id,
      name: row.name,
      description: row.description,
      parameters: row.parameters,
      url: row.url,
      secretHeader: row.header_name,
      timeoutMs: row.timeout_ms,
      createdAt: row.created_at,
    },
    workspaceId: row.workspace_id,
    headerCiphertext: row.header_ciphertext,
  };
};

/** Every column a tool's row stores, with how its value is written: SELECT and INSERT are built from this one list. */
const WRITTEN: readonly (readonly [column: string, value: (tool: ToolRow) => unknown])[] = [
  ['id', (tool) => tool.view.id],
  ['workspace_id', (tool) => tool.workspaceId],
  ['agent_id', (tool) => tool.view.agentId],
  ['name', (tool) => tool.view.name],
  ['description', (tool) => tool.view.description],
  ['parameters', (tool) => JSON.stringify(tool.view.parameters)],
  ['url', (tool) => tool.view.url],
  ['header_name', (tool) => tool.view.secretHeader],
  ['header_ciphertext', (tool) => tool.headerCiphertext],
  ['timeout_ms', (tool) => tool.view.timeoutMs],
  ['created_at', (tool) => tool.view.createdAt],
];
const COLUMNS = WRITTEN.map(([column]) => column).join(', ');

const SQL: AgentListSql = {
  list: `SELECT ${COLUMNS} FROM agent_tools WHERE agent_id = ? ORDER BY name`,
  find: `SELECT ${COLUMNS} FROM agent_tools WHERE agent_id = ? AND (id = ? OR name = ?)`,
  count: 'SELECT COUNT(*) AS n FROM agent_tools WHERE agent_id = ?',
  insert: `INSERT INTO agent_tools (${COLUMNS}) VALUES (${WRITTEN.map(() => '?').join(', ')})`,
  // A tool's sealed header goes with its row.
  delete: 'DELETE FROM agent_tools WHERE id = ?',
  deleteAll: 'DELETE FROM agent_tools WHERE agent_id = ?',
};

/** The agent_tools table. */
export class AgentToolsRepo extends AgentListTable<ToolRow> {
  constructor(db: Db) {
    super(db, SQL, toRow);
  }

  /** Writes a new tool. */
  insert(view: AgentToolView, workspaceId: string, headerCiphertext: Buffer | null): void {
    const tool: ToolRow = { view, workspaceId, headerCiphertext };
    this.insertValues(WRITTEN.map(([, value]) => value(tool)));
  }
}
