/** SQL for agents' extraction schemas (agent_extraction); rows read back are parsed, not trusted. */
import { z } from 'zod';
import type { ExtractionSchemaView } from '../../../../shared/extraction';
import { StoredFieldsSchema } from '../../../../shared/extraction-schemas';
import { type Db, stmt } from '../../store/db';

const Row = z.object({
  agent_id: z.string(),
  workspace_id: z.string(),
  version: z.number().int(),
  fields: z
    .string()
    .nullable()
    .transform((s) => (s === null ? null : StoredFieldsSchema.parse(JSON.parse(s)))),
  updated_at: z.string(),
});

/** A schema row: the live schema, or null fields once cleared (the version still counts). */
export interface SchemaRow {
  readonly workspaceId: string;
  readonly version: number;
  readonly view: ExtractionSchemaView | null;
}

/** The agent_extraction table. */
export class AgentExtractionRepo {
  constructor(private readonly db: Db) {}

  /** An agent's row, or undefined when it never had a schema. */
  find(agentId: string): SchemaRow | undefined {
    const raw = stmt(this.db, 'SELECT agent_id, workspace_id, version, fields, updated_at FROM agent_extraction WHERE agent_id = ?').get(
      agentId,
    );
    if (raw === undefined) return undefined;
    const row = Row.parse(raw);
    return {
      workspaceId: row.workspace_id,
      version: row.version,
      view: row.fields === null ? null : { agentId: row.agent_id, version: row.version, fields: row.fields, updatedAt: row.updated_at },
    };
  }

  /** Writes a schema (fields null clears it) at a version. */
  put(agentId: string, workspaceId: string, version: number, fields: string | null, at: string): void {
    stmt(
      this.db,
      `INSERT INTO agent_extraction (agent_id, workspace_id, version, fields, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (agent_id) DO UPDATE SET version = excluded.version, fields = excluded.fields, updated_at = excluded.updated_at`,
    ).run(agentId, workspaceId, version, fields, at);
  }

  /** The field names of every live schema of a workspace's agents. */
  fieldsOfWorkspace(workspaceId: string): string[] {
    const rows = stmt(this.db, 'SELECT fields FROM agent_extraction WHERE workspace_id = ? AND fields IS NOT NULL').all(workspaceId) as {
      fields: string;
    }[];
    return rows.flatMap((r) => StoredFieldsSchema.parse(JSON.parse(r.fields)).map((f) => f.name));
  }

  /** Deletes an agent's row (the agent is gone). */
  delete(agentId: string): void {
    stmt(this.db, 'DELETE FROM agent_extraction WHERE agent_id = ?').run(agentId);
  }
}
