/**
 * Agents' HTTP tools: added, listed and removed (validated and audited), and opened for a call. The
 * secret header's value is sealed like any key (the workspace's data key, AAD naming the tool's row)
 * and opened only in memory for a call; no view, audit row or error carries it.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import {
  AgentToolCreateSchema,
  MAX_AGENT_TOOLS,
  SecretHeaderValueSchema,
  TOOL_TIMEOUT_MS,
  type AgentToolCreate,
  type AgentToolView,
} from '../../../../shared/agent-tools';
import type { Actor, AuditLog } from '../../audit/audit';
import { checkpointTruncate, type Db, tx } from '../../store/db';
import { openText, sealText } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import type { Agents } from './agents';
import { AgentToolsRepo } from './tools-repo';

/** What AgentTools needs. */
export interface AgentToolsDeps {
  readonly db: Db;
  readonly vault: Pick<Vault, 'dataKey'>;
  readonly agents: Pick<Agents, 'get'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** A tool as a call runs it: its view and, in memory only, its secret header. */
export interface CallTool {
  readonly view: AgentToolView;
  readonly header: { readonly name: string; readonly value: string } | null;
}

/** Binds a sealed header value to its tool's row: moved to another row, it does not open. */
const headerAad = (id: string): string => `agent-tool:${id}:header`;

/** The HTTP tools of every agent. */
export class AgentTools {
  private readonly repo: AgentToolsRepo;

  constructor(private readonly deps: AgentToolsDeps) {
    this.repo = new AgentToolsRepo(deps.db);
  }

  /** An agent's tools, by name. */
  list(workspaceId: string, agentRef: string): AgentToolView[] {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    return this.repo.list(agent.id).map((r) => r.view);
  }

  /** Adds a tool to an agent; `secretValue` is the secret header's value, required exactly when a header is named. */
  add(workspaceId: string, agentRef: string, input: AgentToolCreate, secretValue: string | null, actor: Actor): AgentToolView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const parsed = AgentToolCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        issue ? (/^[A-Z]/.test(issue.message) ? issue.message : `${issue.path.join('.')}: ${issue.message}`) : 'That tool is not valid.',
      );
    }
    const checked = parsed.data;
    if (checked.secretHeader !== undefined && secretValue === null)
      throw new AppError('INVALID_INPUT', `Give the value of the ${checked.secretHeader} header (it is sealed like a key).`);
    if (checked.secretHeader === undefined && secretValue !== null)
      throw new AppError('INVALID_INPUT', 'A secret value was given without a header to put it in.');
    // The value's own text never goes into the sentence: it is a secret.
    const value = secretValue === null ? null : SecretHeaderValueSchema.safeParse(secretValue);
    if (value && !value.success)
      throw new AppError('INVALID_INPUT', value.error.issues[0]?.message ?? 'The secret header’s value is not valid.');
    if (this.repo.find(agent.id, checked.name)) throw new AppError('CONFLICT', `${agent.name} already has a tool called ${checked.name}.`);
    if (this.repo.count(agent.id) >= MAX_AGENT_TOOLS)
      throw new AppError('INVALID_INPUT', `An agent holds at most ${MAX_AGENT_TOOLS} tools.`);
    const tool: AgentToolView = {
      id: randomUUID(),
      agentId: agent.id,
      name: checked.name,
      description: checked.description,
      parameters: checked.parameters,
      url: checked.url,
      secretHeader: checked.secretHeader ?? null,
      timeoutMs: checked.timeoutMs ?? TOOL_TIMEOUT_MS.default,
      createdAt: this.deps.now().toISOString(),
    };
    const sealed = value?.success ? sealText(this.deps.vault.dataKey(agent.workspaceId), value.data, headerAad(tool.id)) : null;
    tx(this.deps.db, () => {
      this.repo.insert(tool, agent.workspaceId, sealed);
      this.deps.audit.append({
        actor,
        action: 'agent.tool.add',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { tool: tool.name, host: new URL(tool.url).host, secretHeader: tool.secretHeader },
      });
    });
    return tool;
  }

  /** Removes a tool; its sealed header goes with its row (secure_delete, and a checkpoint). */
  remove(workspaceId: string, agentRef: string, toolRef: string, actor: Actor): AgentToolView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const row = this.repo.find(agent.id, toolRef);
    if (!row) throw new AppError('NOT_FOUND', `${agent.name} has no tool called ${toolRef}.`);
    tx(this.deps.db, () => {
      this.repo.delete(row.view.id);
      this.deps.audit.append({
        actor,
        action: 'agent.tool.remove',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { tool: row.view.name },
      });
    });
    checkpointTruncate(this.deps.db);
    return row.view;
  }

  /** Deletes every tool of a deleted agent, sealed headers with them (inside the delete's transaction). */
  purge(agentId: string): void {
    this.repo.deleteAll(agentId);
  }

  /** An agent's tools for one call, secret headers opened in memory. */
  forCall(workspaceId: string, agentId: string): CallTool[] {
    const rows = this.repo.list(agentId).filter((r) => r.workspaceId === workspaceId);
    if (rows.length === 0) return [];
    const key = this.deps.vault.dataKey(workspaceId);
    return rows.map((row) => ({
      view: row.view,
      header:
        row.view.secretHeader && row.headerCiphertext
          ? { name: row.view.secretHeader, value: openText(key, row.headerCiphertext, headerAad(row.view.id)) }
          : null,
    }));
  }
}
