/**
 * Call recordings, when the client wants them: per agent a switch (off by default) and the consent
 * line the agent says first whenever it records; one sealed dual-channel WAV per recorded call,
 * removed with its call; and per workspace how many days recordings are kept (no row: 90).
 */
import type { Migration } from '../migrate';

export const m0018: Migration = {
  version: 18,
  name: '0018-call-recordings',
  up(db) {
    db.exec(`
      ALTER TABLE voice_agents ADD COLUMN record INTEGER NOT NULL DEFAULT 0 CHECK (record IN (0, 1));
      ALTER TABLE voice_agents ADD COLUMN consent_line TEXT NOT NULL DEFAULT 'This call is recorded.'
        CHECK (length(consent_line) BETWEEN 1 AND 300);

      CREATE TABLE call_recordings (
        call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        created_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        wav_bytes INTEGER NOT NULL CHECK (wav_bytes >= 44),
        truncated INTEGER NOT NULL CHECK (truncated IN (0, 1)),
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE INDEX call_recordings_by_age ON call_recordings (workspace_id, created_at);

      CREATE TABLE recording_retention (
        workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)
      ) STRICT;
    `);
  },
};
