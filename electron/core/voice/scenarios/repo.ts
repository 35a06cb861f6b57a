/** SQL of agents' test scenarios, their runs and results (this file owns the three tables); rows read back are parsed, not trusted. */
import { z } from 'zod';
import { SCENARIO_ENDINGS, type ScenarioEnding, type ScenarioView } from '../../../../shared/agent-scenarios';
import { ScenarioExpectationsSchema } from '../../../../shared/agent-scenario-schemas';
import { type Db, stmt } from '../../store/db';

const ScenarioRow = z.object({
  id: z.string(),
  workspace_id: z.string(),
  agent_id: z.string(),
  name: z.string(),
  persona: z.string(),
  stubs: z.string().transform((s) => z.record(z.string(), z.unknown()).parse(JSON.parse(s))),
  expectations: z.string().transform((s) => ScenarioExpectationsSchema.parse(JSON.parse(s))),
  max_turns: z.number().int(),
  created_at: z.string(),
});

const toScenario = (raw: unknown): ScenarioView => {
  const row = ScenarioRow.parse(raw);
  return {
    id: row.id,
    agentId: row.agent_id,
    name: row.name,
    persona: row.persona,
    stubs: row.stubs,
    expectations: row.expectations,
    maxTurns: row.max_turns,
    createdAt: row.created_at,
  };
};

/** A run row as stored. */
export interface RunRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly agent_id: string;
  readonly prompt_version: string;
  readonly model: string;
  readonly caller_model: string;
  readonly credential_id: string;
  readonly owner: 'own' | 'agency';
  readonly planned: number;
  readonly actor: string;
  readonly started_at: string;
  readonly finished_at: string | null;
}

const RunRowSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  agent_id: z.string(),
  prompt_version: z.string(),
  model: z.string(),
  caller_model: z.string(),
  credential_id: z.string(),
  owner: z.enum(['own', 'agency']),
  planned: z.number().int(),
  actor: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

/** A result row as stored: the transcript and verdicts only as ciphertext. */
export interface ResultRow {
  readonly id: string;
  readonly run_id: string;
  readonly seq: number;
  readonly scenario_id: string;
  readonly scenario_name: string;
  readonly passed: number;
  readonly ended: ScenarioEnding;
  readonly outcome: string | null;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly sealed: Buffer;
}

const ResultRowSchema = z.object({
  id: z.string(),
  run_id: z.string(),
  seq: z.number().int(),
  scenario_id: z.string(),
  scenario_name: z.string(),
  passed: z.number().int(),
  ended: z.enum(SCENARIO_ENDINGS),
  outcome: z.string().nullable(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  sealed: z.instanceof(Buffer),
});

const SCENARIO_COLUMNS = 'id, workspace_id, agent_id, name, persona, stubs, expectations, max_turns, created_at';
const RUN_COLUMNS =
  'id, workspace_id, agent_id, prompt_version, model, caller_model, credential_id, owner, planned, actor, started_at, finished_at';
const RESULT_COLUMNS = 'id, run_id, seq, scenario_id, scenario_name, passed, ended, outcome, input_tokens, output_tokens, sealed';

/** The agent_scenarios, agent_test_runs and agent_test_results tables. */
export class ScenariosRepo {
  constructor(private readonly db: Db) {}

  /** An agent's scenarios, by name. */
  list(agentId: string): ScenarioView[] {
    return stmt(this.db, `SELECT ${SCENARIO_COLUMNS} FROM agent_scenarios WHERE agent_id = ? ORDER BY name`).all(agentId).map(toScenario);
  }

  /** One of an agent's scenarios by id or name. */
  find(agentId: string, idOrName: string): ScenarioView | undefined {
    const row = stmt(this.db, `SELECT ${SCENARIO_COLUMNS} FROM agent_scenarios WHERE agent_id = ? AND (id = ? OR name = ?)`).get(
      agentId,
      idOrName,
      idOrName,
    );
    return row === undefined ? undefined : toScenario(row);
  }

  /** How many scenarios an agent has. */
  count(agentId: string): number {
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM agent_scenarios WHERE agent_id = ?').get(agentId) as { n: number }).n;
  }

  /** Writes a new scenario. */
  insert(scenario: ScenarioView, workspaceId: string): void {
    stmt(this.db, `INSERT INTO agent_scenarios (${SCENARIO_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      scenario.id,
      workspaceId,
      scenario.agentId,
      scenario.name,
      scenario.persona,
      JSON.stringify(scenario.stubs),
      JSON.stringify(scenario.expectations),
      scenario.maxTurns,
      scenario.createdAt,
    );
  }

  /** Deletes a scenario (its past results keep its name). */
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM agent_scenarios WHERE id = ?').run(id);
  }

  /** Writes a run as it starts. */
  insertRun(row: RunRow): void {
    stmt(this.db, `INSERT INTO agent_test_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.id,
      row.workspace_id,
      row.agent_id,
      row.prompt_version,
      row.model,
      row.caller_model,
      row.credential_id,
      row.owner,
      row.planned,
      row.actor,
      row.started_at,
      row.finished_at,
    );
  }

  /** Marks a run finished. */
  finishRun(id: string, at: string): void {
    stmt(this.db, 'UPDATE agent_test_runs SET finished_at = ? WHERE id = ?').run(at, id);
  }

  /** One run of an agent. */
  run(agentId: string, id: string): RunRow | undefined {
    const row = stmt(this.db, `SELECT ${RUN_COLUMNS} FROM agent_test_runs WHERE agent_id = ? AND id = ?`).get(agentId, id);
    return row === undefined ? undefined : RunRowSchema.parse(row);
  }

  /** An agent's runs, newest first. */
  runs(agentId: string, limit: number): RunRow[] {
    return stmt(this.db, `SELECT ${RUN_COLUMNS} FROM agent_test_runs WHERE agent_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`)
      .all(agentId, limit)
      .map((r) => RunRowSchema.parse(r));
  }

  /** Writes one scenario's result. */
  insertResult(row: ResultRow): void {
    stmt(this.db, `INSERT INTO agent_test_results (${RESULT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.id,
      row.run_id,
      row.seq,
      row.scenario_id,
      row.scenario_name,
      row.passed,
      row.ended,
      row.outcome,
      row.input_tokens,
      row.output_tokens,
      row.sealed,
    );
  }

  /** A run's results, in the order they were played. */
  results(runId: string): ResultRow[] {
    return stmt(this.db, `SELECT ${RESULT_COLUMNS} FROM agent_test_results WHERE run_id = ? ORDER BY seq`)
      .all(runId)
      .map((r) => ResultRowSchema.parse(r));
  }

  /** Deletes every scenario, run and result of an agent (results first: they refer to their runs). */
  deleteAll(agentId: string): void {
    stmt(this.db, 'DELETE FROM agent_test_results WHERE run_id IN (SELECT id FROM agent_test_runs WHERE agent_id = ?)').run(agentId);
    stmt(this.db, 'DELETE FROM agent_test_runs WHERE agent_id = ?').run(agentId);
    stmt(this.db, 'DELETE FROM agent_scenarios WHERE agent_id = ?').run(agentId);
  }
}
