/** Voice agents per workspace: create, list, edit, delete (validated and audited), voice check and prompt drafts. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import {
  AGENT_OUTCOMES,
  DEFAULT_AGENT_MODEL,
  defaultPersona,
  type AgentLanguage,
  type AgentView,
  type PromptDraft,
  type VoiceCheck,
} from '../../../../shared/voice-agents';
import {
  AgentCreateSchema,
  AgentPatchSchema,
  DEFAULT_CONSENT_LINE,
  DEFAULT_TURN_TAKING,
  turnTakingProblem,
  type AgentCreate,
  type AgentPatch,
} from '../../../../shared/voice-agent-schemas';
import type { Actor, AuditLog } from '../../audit/audit';
import type { Resolver } from '../../onboarding/resolve';
import { checkpointTruncate, type Db, tx } from '../../store/db';
import type { Workspaces } from '../../workspaces/workspaces';
import { checkVoiceWith, draftWith } from './providers';
import { AgentsRepo } from './repo';

/** What an agent created without a greeting says first, by its language. */
const DEFAULT_GREETING: Readonly<Record<AgentLanguage, string>> = {
  en: 'Hello! Do you have a minute?',
  hi: 'नमस्ते! क्या आपके पास एक मिनट है?',
};

/** What Agents needs. */
export interface AgentsDeps {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly resolver: Resolver;
  readonly audit: AuditLog;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly now: () => Date;
  /** Runs in the delete's transaction: what hangs off the agent and holds secrets goes with it (its tools' sealed headers). */
  readonly onDelete?: (agentId: string) => void;
}

/** The first problem zod found, as one sentence. */
function invalid(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  return new AppError(
    'INVALID_INPUT',
    issue ? (/^[A-Z]/.test(issue.message) ? issue.message : `${field}: ${issue.message}`) : 'That agent is not valid.',
  );
}

/** The voice agents of every workspace. */
export class Agents {
  private readonly repo: AgentsRepo;

  constructor(private readonly deps: AgentsDeps) {
    this.repo = new AgentsRepo(deps.db);
  }

  /** Live agents of a workspace, by name. */
  list(workspaceId: string): AgentView[] {
    this.deps.workspaces.get(workspaceId);
    return this.repo.list(workspaceId);
  }

  /** An agent by id or name; NOT_FOUND when the workspace has no such live agent. */
  get(workspaceId: string, idOrName: string): AgentView {
    const ws = this.deps.workspaces.get(workspaceId);
    const agent = this.repo.find(ws.id, idOrName);
    if (!agent) throw new AppError('NOT_FOUND', `${ws.name} has no voice agent called ${idOrName}.`);
    return agent;
  }

  /** Creates an agent; language defaults to English, voice to the language's first persona, model to Haiku. */
  create(workspaceId: string, input: AgentCreate, actor: Actor): AgentView {
    const ws = this.deps.workspaces.get(workspaceId);
    const parsed = AgentCreateSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const checked = parsed.data;
    const language = checked.language ?? 'en';
    if (this.repo.nameTaken(ws.id, checked.name, null))
      throw new AppError('CONFLICT', `${ws.name} already has a voice agent called ${checked.name}.`);
    const turns = {
      eotThreshold: checked.eotThreshold ?? DEFAULT_TURN_TAKING.eotThreshold,
      eagerEotThreshold: checked.eagerEotThreshold === undefined ? DEFAULT_TURN_TAKING.eagerEotThreshold : checked.eagerEotThreshold,
    };
    const turnProblem = turnTakingProblem(turns);
    if (turnProblem) throw new AppError('INVALID_INPUT', turnProblem);
    const at = this.deps.now().toISOString();
    const agent: AgentView = {
      id: randomUUID(),
      workspaceId: ws.id,
      name: checked.name,
      language,
      voiceId: checked.voiceId ?? defaultPersona(language).voiceId,
      greeting: checked.greeting ?? DEFAULT_GREETING[language],
      systemPrompt: checked.systemPrompt,
      outcomes: checked.outcomes ?? [...AGENT_OUTCOMES],
      model: checked.model ?? DEFAULT_AGENT_MODEL,
      ...turns,
      smsTool: checked.smsTool ?? false,
      record: checked.record ?? false,
      consentLine: checked.consentLine ?? DEFAULT_CONSENT_LINE,
      createdAt: at,
      updatedAt: at,
    };
    this.repo.insert(agent);
    this.deps.audit.append({
      actor,
      action: 'agent.create',
      workspaceId: ws.id,
      target: agent.id,
      detail: { name: agent.name, language, model: agent.model, smsTool: agent.smsTool },
    });
    return agent;
  }

  /** Changes some fields of an agent; an empty change changes nothing and writes no audit entry. */
  update(workspaceId: string, idOrName: string, patch: AgentPatch, actor: Actor): AgentView {
    const current = this.get(workspaceId, idOrName);
    const parsed = AgentPatchSchema.safeParse(patch);
    if (!parsed.success) throw invalid(parsed.error);
    const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    const fields = Object.keys(changes).filter(
      (field) => JSON.stringify(changes[field]) !== JSON.stringify(current[field as keyof AgentView]),
    );
    if (fields.length === 0) return current;
    const next: AgentView = { ...current, ...changes, updatedAt: this.deps.now().toISOString() };
    const turnProblem = turnTakingProblem(next);
    if (turnProblem) throw new AppError('INVALID_INPUT', turnProblem);
    if (this.repo.nameTaken(current.workspaceId, next.name, current.id))
      throw new AppError('CONFLICT', `Another voice agent is already called ${next.name}.`);
    this.repo.update(next);
    // Field names only: a prompt may hold a client's business details, the audit log needs only what changed.
    this.deps.audit.append({ actor, action: 'agent.update', workspaceId: current.workspaceId, target: current.id, detail: { fields } });
    return next;
  }

  /** Deletes an agent (its name becomes free; past calls keep their reference). */
  delete(workspaceId: string, idOrName: string, actor: Actor): void {
    const agent = this.get(workspaceId, idOrName);
    tx(this.deps.db, () => {
      this.repo.softDelete(agent.id, this.deps.now().toISOString());
      this.deps.onDelete?.(agent.id);
      this.deps.audit.append({
        actor,
        action: 'agent.delete',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { name: agent.name },
      });
    });
    checkpointTruncate(this.deps.db);
  }

  /**
   * The voice a call with this agent would use: its own when the workspace's Cartesia key can use it,
   * otherwise the closest public persona, with the reason.
   */
  async checkVoice(workspaceId: string, idOrName: string): Promise<VoiceCheck> {
    const agent = this.get(workspaceId, idOrName);
    const key = this.deps.resolver.resolve(agent.workspaceId, 'tts', { providers: ['cartesia'] });
    return checkVoiceWith(agent, key, { env: this.deps.env, timeoutMs: this.deps.timeoutMs });
  }

  /** Drafts a system prompt and greeting from a brief with the authoring model; nothing is saved. */
  async draftPrompt(workspaceId: string, brief: string, language: 'en' | 'hi' = 'en'): Promise<PromptDraft> {
    const ws = this.deps.workspaces.get(workspaceId);
    const trimmed = brief.trim();
    if (trimmed.length < 10)
      throw new AppError('INVALID_INPUT', 'Write a brief of at least a sentence: who is called, why, and what counts as success.');
    if (trimmed.length > 10_000) throw new AppError('INVALID_INPUT', 'The brief is longer than 10,000 characters.');
    const key = this.deps.resolver.resolve(ws.id, 'llm', { providers: ['anthropic'] });
    // Not the check timeout: the authoring model takes tens of seconds to write a prompt.
    return draftWith(trimmed, language, key, { env: this.deps.env });
  }
}
