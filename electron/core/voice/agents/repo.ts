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
  const r = Row.parse(raw);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    language: r.language,
    voiceId: r.voice_id,
    greeting: r.greeting,
    systemPrompt: r.system_prompt,
    outcomes: r.outcomes,
    model: r.model,
    eotThreshold: r.eot_threshold,
    eagerEotThreshold: r.eager_eot_threshold,
    smsTool: r.sms_tool === 1,
    record: r.record === 1,
    consentLine: r.consent_line,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

const COLUMNS =
  'id, workspace_id, name, language, voice_id, greeting, system_prompt, outcomes, model, eot_threshold, eager_eot_threshold, sms_tool, record, consent_line, created_at, updated_at';

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
  insert(a: AgentView): void {
    stmt(this.db, `INSERT INTO voice_agents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      a.id,
      a.workspaceId,
      a.name,
      a.language,
      a.voiceId,
      a.greeting,
      a.systemPrompt,
      JSON.stringify(a.outcomes),
      a.model,
      a.eotThreshold,
      a.eagerEotThreshold,
      a.smsTool ? 1 : 0,
      a.record ? 1 : 0,
      a.consentLine,
      a.createdAt,
      a.updatedAt,
    );
  }

  /** Rewrites an agent's fields. */
  update(a: AgentView): void {
    stmt(
      this.db,
      'UPDATE voice_agents SET name = ?, language = ?, voice_id = ?, greeting = ?, system_prompt = ?, outcomes = ?, model = ?, eot_threshold = ?, eager_eot_threshold = ?, sms_tool = ?, record = ?, consent_line = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
    ).run(
      a.name,
      a.language,
      a.voiceId,
      a.greeting,
      a.systemPrompt,
      JSON.stringify(a.outcomes),
      a.model,
      a.eotThreshold,
      a.eagerEotThreshold,
      a.smsTool ? 1 : 0,
      a.record ? 1 : 0,
      a.consentLine,
      a.updatedAt,
      a.id,
    );
  }

  /** Marks an agent deleted (calls keep referring to it; its name is free again). */
  softDelete(id: string, at: string): void {
    stmt(this.db, 'UPDATE voice_agents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id);
  }
}
