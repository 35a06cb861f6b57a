/**
 * An agent's test scenarios: added (validated against the agent as it is: its outcomes and its
 * tools), listed and removed, each change audited. Running them is tests.ts.
 */
import { randomUUID } from 'node:crypto';
import { SCENARIO_LIMITS, type ScenarioView } from '../../../../shared/agent-scenarios';
import { ScenarioCreateSchema, type ScenarioCreate } from '../../../../shared/agent-scenario-schemas';
import type { AgentToolView } from '../../../../shared/agent-tools';
import { AppError } from '../../../../shared/errors';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor, AuditLog } from '../../audit/audit';
import { type Db, tx } from '../../store/db';
import type { Agents } from '../agents/agents';
import type { AgentTools } from '../agents/tools';
import { ScenariosRepo } from './repo';

/** What AgentScenarios needs. */
export interface ScenariosDeps {
  readonly db: Db;
  readonly agents: Pick<Agents, 'get'>;
  readonly agentTools: Pick<AgentTools, 'list'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** Why a scenario does not fit the agent as it is, or null. */
function misfit(agent: AgentView, tools: readonly AgentToolView[], scenario: ScenarioView): string | null {
  const expectations = scenario.expectations;
  if (expectations.outcome !== null && !agent.outcomes.includes(expectations.outcome))
    return `${agent.name} does not end calls as ${expectations.outcome}: its outcomes are ${agent.outcomes.join(', ')}.`;
  const names = tools.map((t) => t.name);
  const unknownTool = [...expectations.toolsCalled, ...Object.keys(scenario.stubs)].find((n) => !names.includes(n));
  if (unknownTool !== undefined)
    return names.length === 0
      ? `${agent.name} has no tools, so there is no ${unknownTool} to call or stub.`
      : `${agent.name} has no tool called ${unknownTool}: its tools are ${names.join(', ')}.`;
  return null;
}

/** The test scenarios of every agent. */
export class AgentScenarios {
  private readonly repo: ScenariosRepo;

  constructor(private readonly deps: ScenariosDeps) {
    this.repo = new ScenariosRepo(deps.db);
  }

  /** An agent's scenarios, by name. */
  list(workspaceId: string, agentRef: string): ScenarioView[] {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    return this.repo.list(agent.id);
  }

  /** Some of an agent's scenarios by id or name (all of them when none is named); NOT_FOUND names the first missing one. */
  pick(workspaceId: string, agentRef: string, refs: readonly string[] = []): { agent: AgentView; scenarios: ScenarioView[] } {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    if (refs.length === 0) return { agent, scenarios: this.repo.list(agent.id) };
    const scenarios: ScenarioView[] = [];
    for (const ref of refs) {
      const found = this.repo.find(agent.id, ref.trim());
      if (!found) throw new AppError('NOT_FOUND', `${agent.name} has no test scenario called ${ref.trim().slice(0, 64)}.`);
      if (!scenarios.some((s) => s.id === found.id)) scenarios.push(found);
    }
    return { agent, scenarios };
  }

  /** Adds a scenario to an agent. */
  add(workspaceId: string, agentRef: string, input: ScenarioCreate, actor: Actor): ScenarioView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const parsed = ScenarioCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        issue
          ? /^[A-Z]/.test(issue.message)
            ? issue.message
            : `${issue.path.join('.')}: ${issue.message}`
          : 'That scenario is not valid.',
      );
    }
    const checked = parsed.data;
    const scenario: ScenarioView = {
      id: randomUUID(),
      agentId: agent.id,
      name: checked.name,
      persona: checked.persona,
      stubs: checked.stubs,
      expectations: checked.expectations,
      maxTurns: checked.maxTurns,
      createdAt: this.deps.now().toISOString(),
    };
    const problem = misfit(agent, this.deps.agentTools.list(workspaceId, agent.id), scenario);
    if (problem) throw new AppError('INVALID_INPUT', problem);
    if (this.repo.find(agent.id, checked.name))
      throw new AppError('CONFLICT', `${agent.name} already has a test scenario called ${checked.name}.`);
    if (this.repo.count(agent.id) >= SCENARIO_LIMITS.perAgent)
      throw new AppError('INVALID_INPUT', `An agent holds at most ${SCENARIO_LIMITS.perAgent} test scenarios.`);
    tx(this.deps.db, () => {
      this.repo.insert(scenario, agent.workspaceId);
      this.deps.audit.append({
        actor,
        action: 'agent.scenario.add',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { scenario: scenario.name },
      });
    });
    return scenario;
  }

  /** Removes a scenario; its past results stay in their runs. */
  remove(workspaceId: string, agentRef: string, scenarioRef: string, actor: Actor): ScenarioView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const scenario = this.repo.find(agent.id, scenarioRef);
    if (!scenario) throw new AppError('NOT_FOUND', `${agent.name} has no test scenario called ${scenarioRef.slice(0, 64)}.`);
    tx(this.deps.db, () => {
      this.repo.delete(scenario.id);
      this.deps.audit.append({
        actor,
        action: 'agent.scenario.remove',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { scenario: scenario.name },
      });
    });
    return scenario;
  }

  /** Deletes every scenario, run and result of a deleted agent (inside the delete's transaction). */
  purge(agentId: string): void {
    this.repo.deleteAll(agentId);
  }
}
