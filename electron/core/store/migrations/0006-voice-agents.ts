/**
 * Voice agents: per workspace, the name, language, Cartesia voice, greeting, system prompt, the
 * outcomes each call is classified into, and the in-call model. Deleting keeps the row (calls
 * refer to it) and frees the name.
 */
import type { Migration } from '../migrate';

export const m0006: Migration = {
  version: 6,
  name: '0006-voice-agents',
  up(db) {
    db.exec(`
      CREATE TABLE voice_agents (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        name TEXT NOT NULL COLLATE NOCASE,
        language TEXT NOT NULL CHECK (language IN ('en', 'hi')),
        voice_id TEXT NOT NULL,
        greeting TEXT NOT NULL,
        system_prompt TEXT NOT NULL,
        outcomes TEXT NOT NULL DEFAULT '["interested","callback","not_interested","do_not_call"]'
          CHECK (json_valid(outcomes) AND json_type(outcomes) = 'array'),
        model TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX voice_agents_name ON voice_agents(workspace_id, name) WHERE deleted_at IS NULL;
    `);
  },
};
