/** SQL for agents' HTTP tools (agent_tools); rows read back are parsed, not trusted. */
import { z } from 'zod';
import type { AgentToolView } from '../../../../shared/agent-tools';
import { type Db, stmt } from '../../store/db';

const Row = z.object({
  id: z.string(),
  workspace_id: z.string(),
  agent_id: z.string(),
  name: z.string(),
  description: z.string(),
  parameters: z.string().transform((s) => z.record(z.string(), z.unknown()).parse(JSON.parse(s))),
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
  const r = Row.parse(raw);
  return {
    view: {
      id: r.id,
      agentId: r.agent_id,
      name: r.name,
      description: r.description,
      parameters: r.parameters,
      url: r.url,
      secretHeader: r.header_name,
      timeoutMs: r.timeout_ms,
      createdAt: r.created_at,
    },
    workspaceId: r.workspace_id,
    headerCiphertext: r.header_ciphertext,
  };
};

const COLUMNS = 'id, workspace_id, agent_id, name, description, parameters, url, header_name, header_ciphertext, timeout_ms, created_at';

/** The agent_tools table. */
export class AgentToolsRepo {
  constructor(private readonly db: Db) {}

  /** An agent's tools, by name. */
  list(agentId: string): ToolRow[] {
    return stmt(this.db, `SELECT ${COLUMNS} FROM agent_tools WHERE agent_id = ? ORDER BY name`).all(agentId).map(toRow);
  }

  /** One of an agent's tools by id or name. */
  find(agentId: string, idOrName: string): ToolRow | undefined {
    const row = stmt(this.db, `SELECT ${COLUMNS} FROM agent_tools WHERE agent_id = ? AND (id = ? OR name = ?)`).get(
      agentId,
      idOrName,
      idOrName,
    );
    return row === undefined ? undefined : toRow(row);
  }

  /** How many tools an agent has. */
  count(agentId: string): number {
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM agent_tools WHERE agent_id = ?').get(agentId) as { n: number }).n;
  }

  /** Writes a new tool. */
  insert(t: AgentToolView, workspaceId: string, headerCiphertext: Buffer | null): void {
    stmt(this.db, `INSERT INTO agent_tools (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      t.id,
      workspaceId,
      t.agentId,
      t.name,
      t.description,
      JSON.stringify(t.parameters),
      t.url,
      t.secretHeader,
      headerCiphertext,
      t.timeoutMs,
      t.createdAt,
    );
  }

  /** Deletes every tool of an agent. */
  deleteAll(agentId: string): void {
    stmt(this.db, 'DELETE FROM agent_tools WHERE agent_id = ?').run(agentId);
  }

  /** Deletes a tool's row, its sealed header with it. */
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM agent_tools WHERE id = ?').run(id);
  }
}
