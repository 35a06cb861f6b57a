/**
 * Simulated-caller tests of voice agents: per agent, scenarios (a caller persona in plain words,
 * stubbed answers for the agent's HTTP tools, expectations), runs of them against one prompt version
 * (the hash of what the agent was tested as) with the Anthropic key that paid, and each scenario's
 * result. A result's transcript and verdicts are sealed with the workspace's data key (AAD
 * `agent-test-result:<id>`): they quote what the agent said. Deleting an agent deletes all three.
 */
import type { Migration } from '../migrate';

export const m0015: Migration = {
  version: 15,
  name: '0015-agent-scenarios',
  up(db) {
    db.exec(`
      CREATE TABLE agent_scenarios (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        name TEXT NOT NULL COLLATE NOCASE,
        persona TEXT NOT NULL,
        stubs TEXT NOT NULL CHECK (json_valid(stubs) AND json_type(stubs) = 'object'),
        expectations TEXT NOT NULL CHECK (json_valid(expectations) AND json_type(expectations) = 'object'),
        max_turns INTEGER NOT NULL CHECK (max_turns BETWEEN 1 AND 20),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX agent_scenarios_name ON agent_scenarios(agent_id, name);

      CREATE TABLE agent_test_runs (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        prompt_version TEXT NOT NULL,
        model TEXT NOT NULL,
        caller_model TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        owner TEXT NOT NULL CHECK (owner IN ('own', 'agency')),
        planned INTEGER NOT NULL CHECK (planned >= 1),
        actor TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX agent_test_runs_agent ON agent_test_runs(agent_id, started_at);

      CREATE TABLE agent_test_results (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES agent_test_runs(id),
        seq INTEGER NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_name TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        ended TEXT NOT NULL CHECK (ended IN ('agent', 'caller', 'turn-limit', 'error')),
        outcome TEXT,
        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
        sealed BLOB NOT NULL,
        UNIQUE (run_id, seq)
      ) STRICT;
    `);
  },
};
