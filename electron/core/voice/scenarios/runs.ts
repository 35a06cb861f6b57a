/**
 * Test runs of an agent's scenarios: the estimate said before a run, the run itself (each scenario
 * played by conversation.ts, graded by grade.ts, its transcript and verdicts sealed with the
 * workspace's data key, its tokens metered to the Anthropic key that paid, as usage), and the history
 * of runs per prompt version with what each version broke or fixed. Scenarios run one after another:
 * a run is a few dozen requests, and one at a time keeps it inside a tier 1 key's rate limits.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  SCENARIO_CALLER_MODEL,
  SCENARIO_ENDINGS,
  VERDICT_KINDS,
  type PromptVersionRuns,
  type ScenarioResult,
  type TestEstimate,
  type TestRunSummary,
  type TestRunView,
} from '../../../../shared/agent-scenarios';
import { AppError } from '../../../../shared/errors';
import { getProvider } from '../../../../shared/providers/catalog';
import type { Actor, AuditLog } from '../../audit/audit';
import type { Resolver } from '../../onboarding/resolve';
import { providerOrigin } from '../../providers/origin';
import { type Db, tx } from '../../store/db';
import type { Usage } from '../../usage/usage';
import { openText, sealText } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import type { AgentTools } from '../agents/tools';
import type { VoiceEnv } from '../deps';
import { toolDefinition } from '../tools/toolbox';
import { playScenario } from './conversation';
import { estimateRun } from './estimate';
import { type ExtractFields, extractionUnavailable, gradeScenario } from './grade';
import { type ResultRow, type RunRow, ScenariosRepo } from './repo';
import type { AgentScenarios } from './scenarios';
import { promptVersion } from './version';

/** What AgentTestRuns needs. */
export interface TestRunsDeps {
  readonly db: Db;
  readonly vault: Pick<Vault, 'dataKey'>;
  readonly scenarios: Pick<AgentScenarios, 'pick'>;
  readonly agentTools: Pick<AgentTools, 'list'>;
  readonly resolver: Pick<Resolver, 'resolve' | 'describe'>;
  readonly usage: Pick<Usage, 'record'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly env: VoiceEnv | undefined;
  /** Structured extraction of a conversation, for field expectations (default: not in this build). */
  readonly extract?: ExtractFields;
  /** The model that plays callers (default SCENARIO_CALLER_MODEL). */
  readonly callerModel?: string;
}

/** How many runs the history reads. */
const HISTORY_RUNS = 100;

/** Binds a result's sealed transcript and verdicts to its row. */
const resultAad = (id: string): string => `agent-test-result:${id}`;

const Sealed = z.object({
  verdicts: z.array(z.object({ kind: z.enum(VERDICT_KINDS), subject: z.string(), passed: z.boolean(), reason: z.string() })),
  transcript: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('line'), speaker: z.enum(['agent', 'caller']), text: z.string() }),
      z.object({ kind: z.literal('tool'), name: z.string(), input: z.string(), answer: z.string(), isError: z.boolean() }),
      z.object({ kind: z.literal('end'), by: z.enum(SCENARIO_ENDINGS), outcome: z.string().nullable(), reason: z.string() }),
    ]),
  ),
});

const costOf = (tokens: number): number => Math.round(tokens * (getProvider('anthropic').unitPrices.tokens ?? 0) * 10_000) / 10_000;

/** Runs of agents' test scenarios. */
export class AgentTestRuns {
  private readonly repo: ScenariosRepo;

  constructor(private readonly deps: TestRunsDeps) {
    this.repo = new ScenariosRepo(deps.db);
  }

  private get callerModel(): string {
    return this.deps.callerModel ?? SCENARIO_CALLER_MODEL;
  }

  /** The agent, its tools, the scenarios named (or all) and its prompt version; INVALID_INPUT when it has none to run. */
  private plan(workspaceId: string, agentRef: string, refs: readonly string[]) {
    const { agent, scenarios } = this.deps.scenarios.pick(workspaceId, agentRef, refs);
    if (scenarios.length === 0)
      throw new AppError('INVALID_INPUT', `${agent.name} has no test scenarios yet: add one before running its tests.`);
    const tools = this.deps.agentTools.list(workspaceId, agent.id);
    return { agent, scenarios, tools, version: promptVersion(agent, tools) };
  }

  /** What running these scenarios (all when none is named) will cost, and whose key pays; NO_CREDENTIAL when no Anthropic key can. */
  estimate(workspaceId: string, agentRef: string, refs: readonly string[] = []): TestEstimate {
    const { agent, scenarios, tools, version } = this.plan(workspaceId, agentRef, refs);
    const payer = this.deps.resolver.describe(agent.workspaceId, 'llm', { providers: ['anthropic'] });
    if (!payer) this.deps.resolver.resolve(agent.workspaceId, 'llm', { providers: ['anthropic'] }); // throws its NO_CREDENTIAL sentence
    return estimateRun(agent, tools.map(toolDefinition), scenarios, {
      promptVersion: version,
      callerModel: this.callerModel,
      owner: payer?.owner ?? 'own',
    });
  }

  /** Plays and grades the scenarios named (all when none is), one after another, and keeps the run. */
  async run(
    workspaceId: string,
    agentRef: string,
    options: {
      readonly scenarios?: readonly string[];
      readonly signal?: AbortSignal;
      readonly onResult?: (result: ScenarioResult) => void;
    },
    actor: Actor,
  ): Promise<TestRunView> {
    const { agent, scenarios, tools, version } = this.plan(workspaceId, agentRef, options.scenarios ?? []);
    const key = this.deps.resolver.resolve(agent.workspaceId, 'llm', { providers: ['anthropic'] });
    const origin = providerOrigin('anthropic', { endpoint: key.endpoint ?? undefined, env: this.deps.env });
    const dataKey = this.deps.vault.dataKey(agent.workspaceId);
    const run: RunRow = {
      id: randomUUID(),
      workspace_id: agent.workspaceId,
      agent_id: agent.id,
      prompt_version: version,
      model: agent.model,
      caller_model: this.callerModel,
      credential_id: key.credentialId,
      owner: key.owner,
      planned: scenarios.length,
      actor,
      started_at: this.deps.now().toISOString(),
      finished_at: null,
    };
    this.repo.insertRun(run);
    for (const [seq, scenario] of scenarios.entries()) {
      const played = await playScenario({
        agent,
        tools,
        scenario,
        apiKey: key.fields.apiKey ?? '',
        origin,
        callerModel: this.callerModel,
        signal: options.signal,
      });
      const graded = await gradeScenario(scenario, played, {
        workspaceId: agent.workspaceId,
        agentId: agent.id,
        agentOutcomes: agent.outcomes,
        agentTools: tools.map((t) => t.name),
        extract: this.deps.extract ?? extractionUnavailable,
      });
      const id = randomUUID();
      const sealed = sealText(dataKey, JSON.stringify({ verdicts: graded.verdicts, transcript: played.transcript }), resultAad(id));
      tx(this.deps.db, () => {
        this.repo.insertResult({
          id,
          run_id: run.id,
          seq,
          scenario_id: scenario.id,
          scenario_name: scenario.name,
          passed: graded.passed ? 1 : 0,
          ended: played.ended,
          outcome: played.outcome,
          input_tokens: played.tokens.input,
          output_tokens: played.tokens.output,
          sealed,
        });
        // As a call's tokens are metered: input and output, to the key that paid, under the agent's workspace.
        this.deps.usage.record({
          workspaceId: agent.workspaceId,
          provider: 'anthropic',
          credentialId: key.credentialId,
          owner: key.owner,
          unit: 'tokens',
          amount: played.tokens.input + played.tokens.output,
        });
      });
      options.onResult?.({
        scenarioId: scenario.id,
        name: scenario.name,
        passed: graded.passed,
        ended: played.ended,
        outcome: played.outcome,
        verdicts: graded.verdicts,
        transcript: played.transcript,
        tokens: played.tokens,
      });
    }
    const view = tx(this.deps.db, () => {
      this.repo.finishRun(run.id, this.deps.now().toISOString());
      const summary = this.summary(this.repo.run(agent.id, run.id) ?? run);
      this.deps.audit.append({
        actor,
        action: 'agent.test.run',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: {
          promptVersion: version,
          scenarios: scenarios.length,
          passed: summary.passed,
          failed: summary.failed,
          tokens: summary.tokens.input + summary.tokens.output,
        },
      });
      return summary;
    });
    return { ...view, results: this.open(run) };
  }

  /** The prompt version the agent is now (what a run would test). */
  currentVersion(workspaceId: string, agentRef: string): string {
    const { agent } = this.deps.scenarios.pick(workspaceId, agentRef, []);
    return promptVersion(agent, this.deps.agentTools.list(workspaceId, agent.id));
  }

  /** An agent's runs by prompt version, the version of its newest run first, with what each version broke and fixed. */
  history(workspaceId: string, agentRef: string): PromptVersionRuns[] {
    const { agent } = this.deps.scenarios.pick(workspaceId, agentRef, []);
    const current = this.currentVersion(workspaceId, agent.id);
    const groups = new Map<string, TestRunSummary[]>();
    for (const run of this.repo.runs(agent.id, HISTORY_RUNS)) {
      const list = groups.get(run.prompt_version) ?? [];
      list.push(this.summary(run));
      groups.set(run.prompt_version, list);
    }
    const versions = [...groups.entries()];
    return versions.map(([version, runs], index) => {
      const latest = new Map((runs[0]?.scenarios ?? []).map((s) => [s.name, s.passed]));
      const before = new Map((versions[index + 1]?.[1][0]?.scenarios ?? []).map((s) => [s.name, s.passed]));
      const changed = (was: boolean): string[] =>
        [...latest].filter(([name, passed]) => before.get(name) === was && passed !== was).map(([name]) => name);
      return { promptVersion: version, current: version === current, runs, broke: changed(true), fixed: changed(false) };
    });
  }

  /** One run of an agent with its results opened (the vault must be unlocked). */
  openRun(workspaceId: string, agentRef: string, runId: string): TestRunView {
    const { agent } = this.deps.scenarios.pick(workspaceId, agentRef, []);
    const run = this.repo.run(agent.id, runId);
    if (!run) throw new AppError('NOT_FOUND', `${agent.name} has no test run ${runId.slice(0, 40)}.`);
    return { ...this.summary(run), results: this.open(run) };
  }

  /** A run as its history lists it, from its results' plain columns. */
  private summary(run: RunRow): TestRunSummary {
    const results = this.repo.results(run.id);
    const input = results.reduce((n, x) => n + x.input_tokens, 0);
    const output = results.reduce((n, x) => n + x.output_tokens, 0);
    const passed = results.filter((x) => x.passed === 1).length;
    return {
      id: run.id,
      agentId: run.agent_id,
      promptVersion: run.prompt_version,
      model: run.model,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      planned: run.planned,
      passed,
      failed: results.length - passed,
      tokens: { input, output },
      costUsd: costOf(input + output),
      owner: run.owner,
      scenarios: results.map((x) => ({ name: x.scenario_name, passed: x.passed === 1 })),
    };
  }

  /** A run's results with their transcripts and verdicts opened. */
  private open(run: RunRow): ScenarioResult[] {
    const key = this.deps.vault.dataKey(run.workspace_id);
    return this.repo.results(run.id).map((row: ResultRow) => {
      let sealed: z.infer<typeof Sealed>;
      try {
        sealed = Sealed.parse(JSON.parse(openText(key, row.sealed, resultAad(row.id))));
      } catch {
        throw new AppError('TAMPERED', `The result of ${row.scenario_name} in this test run was altered on disk and cannot be opened.`);
      }
      return {
        scenarioId: row.scenario_id,
        name: row.scenario_name,
        passed: row.passed === 1,
        ended: row.ended,
        outcome: row.outcome,
        verdicts: sealed.verdicts,
        transcript: sealed.transcript,
        tokens: { input: row.input_tokens, output: row.output_tokens },
      };
    });
  }
}
