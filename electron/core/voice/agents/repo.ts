/** SQL for voice agents; rows read back are parsed, not trusted. */
import { z } from 'zod';
import { AGENT_LANGUAGES, AGENT_OUTCOMES, type AgentView } from '../../../../shared/voice-agents';
import { type Db, stmt } from '../../store/db';

const Row = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  language: z.enum(AGENT_LANGUAGES),
  voice_id: z.string(),
  greeting: z.string(),
  system_prompt: z.string(),
  outcomes: z.string().transform((s) => z.array(z.enum(AGENT_OUTCOMES)).parse(JSON.parse(s))),
  model: z.string(),
  eot_threshold: z.number(),
  eager_eot_threshold: z.number().nullable(),
  sms_tool: z.union([z.literal(0), z.literal(1)]),
  record: z.union([z.literal(0), z.literal(1)]),
  consent_line: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

const toView = (raw: unknown): AgentView => {
  const row = Row.parse(raw);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    language: row.language,
    voiceId: row.voice_id,
    greeting: row.greeting,
    systemPrompt: row.system_prompt,
    outcomes: row.outcomes,
    model: row.model,
    eotThreshold: row.eot_threshold,
    eagerEotThreshold: row.eager_eot_threshold,
    smsTool: row.sms_tool === 1,
    record: row.record === 1,
    consentLine: row.consent_line,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/**
 * Every column an agent's row stores, with how its value is written: SELECT, INSERT and UPDATE are
 * built from this one list, so a new column is one line here (and one in Row above).
 */
const WRITTEN: readonly (readonly [column: string, value: (agent: AgentView) => unknown])[] = [
  ['id', (a) => a.id],
  ['workspace_id', (a) => a.workspaceId],
  ['name', (a) => a.name],
  ['language', (a) => a.language],
  ['voice_id', (a) => a.voiceId],
  ['greeting', (a) => a.greeting],
  ['system_prompt', (a) => a.systemPrompt],
  ['outcomes', (a) => JSON.stringify(a.outcomes)],
  ['model', (a) => a.model],
  ['eot_threshold', (a) => a.eotThreshold],
  ['eager_eot_threshold', (a) => a.eagerEotThreshold],
  ['sms_tool', (a) => (a.smsTool ? 1 : 0)],
  ['record', (a) => (a.record ? 1 : 0)],
  ['consent_line', (a) => a.consentLine],
  ['created_at', (a) => a.createdAt],
  ['updated_at', (a) => a.updatedAt],
];
const COLUMNS = WRITTEN.map(([column]) => column).join(', ');
const INSERT = `INSERT INTO voice_agents (${COLUMNS}) VALUES (${WRITTEN.map(() => '?').join(', ')})`;
/** What an edit rewrites: every column but the row's identity and birth. */
const EDITED = WRITTEN.filter(([column]) => !['id', 'workspace_id', 'created_at'].includes(column));
const UPDATE = `UPDATE voice_agents SET ${EDITED.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ? AND deleted_at IS NULL`;

/** The voice_agents table. */
export class AgentsRepo {
  constructor(private readonly db: Db) {}

  /** Live agents of a workspace, by name. */
  list(workspaceId: string): AgentView[] {
    return stmt(this.db, `SELECT ${COLUMNS} FROM voice_agents WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY name`)
      .all(workspaceId)
      .map(toView);
  }

  /** A live agent by id, or by name within the workspace. */
  find(workspaceId: string, idOrName: string): AgentView | undefined {
    const row = stmt(
      this.db,
      `SELECT ${COLUMNS} FROM voice_agents WHERE workspace_id = ? AND deleted_at IS NULL AND (id = ? OR name = ?)`,
    ).get(workspaceId, idOrName, idOrName);
    return row === undefined ? undefined : toView(row);
  }

  /** The workspace an agent belongs to (deleted or not), or undefined when there is no such agent. */
  workspaceOf(id: string): string | undefined {
    return (stmt(this.db, 'SELECT workspace_id FROM voice_agents WHERE id = ?').get(id) as { workspace_id: string } | undefined)
      ?.workspace_id;
  }

  /** Whether another live agent of the workspace has this name (names compare case-insensitively). */
  nameTaken(workspaceId: string, name: string, exceptId: string | null): boolean {
    return (
      stmt(this.db, 'SELECT 1 FROM voice_agents WHERE workspace_id = ? AND name = ? AND deleted_at IS NULL AND id IS NOT ?').get(
        workspaceId,
        name,
        exceptId,
      ) !== undefined
    );
  }

  /** Writes a new agent. */
  insert(agent: AgentView): void {
    stmt(this.db, INSERT).run(...WRITTEN.map(([, value]) => value(agent)));
  }

  /** Rewrites an agent's fields. */
  update(agent: AgentView): void {
    stmt(this.db, UPDATE).run(...EDITED.map(([, value]) => value(agent)), agent.id);
  }

  /** Marks an agent deleted (calls keep referring to it; its name is free again). */
  softDelete(id: string, at: string): void {
    stmt(this.db, 'UPDATE voice_agents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id);
  }
}
