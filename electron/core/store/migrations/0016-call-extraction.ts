/**
 * Structured results from calls: each agent's extraction schema (its fields as JSON, a version that
 * counts every change; fields NULL once cleared, so a later schema still counts on), and each call's
 * result — the summary and fields sealed with the workspace's data key (AAD
 * `call-extraction:<call id>:v<schema version>`), or the one sentence saying why nothing was
 * extracted. A call's result goes when the call does.
 */
import type { Migration } from '../migrate';

export const m0016: Migration = {
  version: 16,
  name: '0016-call-extraction',
  up(db) {
    db.exec(`
      CREATE TABLE agent_extraction (
        agent_id TEXT PRIMARY KEY REFERENCES voice_agents(id),
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        fields TEXT CHECK (fields IS NULL OR (json_valid(fields) AND json_type(fields) = 'array')),
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE call_extractions (
        call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('extracted', 'not_extracted')),
        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
        model TEXT,
        ciphertext BLOB,
        reason TEXT,
        at TEXT NOT NULL,
        CHECK ((state = 'extracted') = (ciphertext IS NOT NULL AND reason IS NULL AND model IS NOT NULL)),
        CHECK ((state = 'not_extracted') = (ciphertext IS NULL AND reason IS NOT NULL))
      ) STRICT;
    `);
  },
};
