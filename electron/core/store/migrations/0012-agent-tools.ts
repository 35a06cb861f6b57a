/**
 * An agent's HTTP tools: the name, description and parameters the model reads, the https URL the
 * operator fixed, an optional secret header whose value is sealed with the workspace's data key
 * (AAD `agent-tool:<id>:header`), and a timeout. Deleting a tool deletes its row and ciphertext.
 */
import type { Migration } from '../migrate';

export const m0012: Migration = {
  version: 12,
  name: '0012-agent-tools',
  up(db) {
    db.exec(`
      CREATE TABLE agent_tools (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        parameters TEXT NOT NULL CHECK (json_valid(parameters) AND json_type(parameters) = 'object'),
        url TEXT NOT NULL CHECK (url LIKE 'https://%'),
        header_name TEXT,
        header_ciphertext BLOB,
        timeout_ms INTEGER NOT NULL CHECK (timeout_ms BETWEEN 500 AND 10000),
        created_at TEXT NOT NULL,
        CHECK ((header_name IS NULL) = (header_ciphertext IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX agent_tools_name ON agent_tools(agent_id, name);
    `);
  },
};
