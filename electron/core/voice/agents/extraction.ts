/**
 * Agents' extraction schemas: shown, set (validated, audited, the version counting every change) and
 * cleared; read for a call, and by the post-call workflows for the variables their templates may use.
 */
import type { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { ExtractionField, ExtractionSchemaView } from '../../../../shared/extraction';
import { ExtractionSchemaInputSchema } from '../../../../shared/extraction-schemas';
import type { Actor, AuditLog } from '../../audit/audit';
import { type Db, tx } from '../../store/db';
import type { Agents } from './agents';
import { AgentExtractionRepo } from './extraction-repo';

/** What AgentExtraction needs. */
export interface AgentExtractionDeps {
  readonly db: Db;
  readonly agents: Pick<Agents, 'get'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** A schema as it arrives (IPC, a file, flags): checked here, whatever its shape. */
export interface UncheckedSchema {
  readonly fields: readonly unknown[];
}

/** The first problem zod found in a schema, as one sentence naming the field it is about. */
export function schemaProblem(error: z.ZodError, input: unknown): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError('INVALID_INPUT', 'That extraction schema is not valid.');
  const [top, index] = issue.path;
  const fields = (input as { fields?: unknown } | null)?.fields;
  const name = top === 'fields' && typeof index === 'number' && Array.isArray(fields) ? (fields[index] as { name?: unknown })?.name : null;
  const where =
    typeof index === 'number' && issue.path.length > 2 ? `Field ${index + 1}${typeof name === 'string' && name ? ` (${name})` : ''}: ` : '';
  const message = /^[A-Z]/.test(issue.message) ? issue.message : `${issue.path.slice(2).join('.') || 'the schema'} ${issue.message}.`;
  return new AppError('INVALID_INPUT', `${where}${message}`);
}

/** The extraction schema of every agent. */
export class AgentExtraction {
  private readonly repo: AgentExtractionRepo;

  constructor(private readonly deps: AgentExtractionDeps) {
    this.repo = new AgentExtractionRepo(deps.db);
  }

  /** An agent's live schema, or null when it has none (calls then extract nothing). */
  show(workspaceId: string, agentRef: string): ExtractionSchemaView | null {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    return this.repo.find(agent.id)?.view ?? null;
  }

  /** Sets an agent's schema (replacing the fields it had); an unchanged schema keeps its version and writes nothing. */
  set(workspaceId: string, agentRef: string, input: UncheckedSchema, actor: Actor): ExtractionSchemaView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const parsed = ExtractionSchemaInputSchema.safeParse(input);
    if (!parsed.success) throw schemaProblem(parsed.error, input);
    const fields: ExtractionField[] = parsed.data.fields.map((field) => ({
      name: field.name,
      type: field.type,
      description: field.description,
      required: field.required,
      ...(field.values ? { values: field.values } : {}),
    }));
    const current = this.repo.find(agent.id);
    if (current?.view && JSON.stringify(current.view.fields) === JSON.stringify(fields)) return current.view;
    const version = (current?.version ?? 0) + 1;
    const at = this.deps.now().toISOString();
    tx(this.deps.db, () => {
      this.repo.put(agent.id, agent.workspaceId, version, JSON.stringify(fields), at);
      // Names and types only: descriptions may hold a client's business details.
      this.deps.audit.append({
        actor,
        action: 'agent.extraction.set',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { version, fields: fields.map((f) => `${f.name}:${f.type}${f.required ? '!' : ''}`) },
      });
    });
    return { agentId: agent.id, version, fields, updatedAt: at };
  }

  /** Clears an agent's schema: its calls extract nothing from now on (stored results stay with their calls). */
  clear(workspaceId: string, agentRef: string, actor: Actor): void {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const current = this.repo.find(agent.id);
    if (!current?.view) throw new AppError('NOT_FOUND', `${agent.name} has no extraction schema to clear.`);
    tx(this.deps.db, () => {
      this.repo.put(agent.id, agent.workspaceId, current.version, null, this.deps.now().toISOString());
      this.deps.audit.append({
        actor,
        action: 'agent.extraction.clear',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { version: current.version },
      });
    });
  }

  /** The live schema of an agent by id (a call's), or null. */
  forAgent(agentId: string): ExtractionSchemaView | null {
    return this.repo.find(agentId)?.view ?? null;
  }

  /** Every field name the workspace's agents extract: the variables a post-call template may use beside the contact's. */
  fieldNames(workspaceId: string): string[] {
    return [...new Set(this.repo.fieldsOfWorkspace(workspaceId))].sort();
  }

  /** Forgets a deleted agent's schema (inside the delete's transaction). */
  purge(agentId: string): void {
    this.repo.delete(agentId);
  }
}
