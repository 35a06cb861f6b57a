/**
 * Voice calls: one row per call the runner placed (carrier, numbers, state, outcome, timings), its
 * transcript lines sealed with the workspace's data key, and what each provider's key metered for
 * it. The agent is kept by name too, so a call still says who spoke after the agent is gone.
 */
import type { Migration } from '../migrate';

export const m0008: Migration = {
  version: 8,
  name: '0008-calls',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT REFERENCES voice_agents(id) ON DELETE SET NULL,
        agent_name TEXT NOT NULL,
        campaign_id TEXT,
        carrier TEXT NOT NULL CHECK (carrier IN ('twilio', 'exotel')),
        carrier_call_id TEXT UNIQUE,
        to_number TEXT NOT NULL,
        from_number TEXT NOT NULL,
        test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'dialing', 'ringing', 'in-progress', 'ended')),
        outcome TEXT CHECK (outcome IN ('interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'do_not_call')),
        reason TEXT,
        created_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT,
        duration_seconds REAL CHECK (duration_seconds >= 0),
        CHECK (outcome IS NULL OR state = 'ended')
      ) STRICT;
      CREATE INDEX calls_by_workspace ON calls (workspace_id, created_at);
      CREATE INDEX calls_by_campaign ON calls (campaign_id, created_at) WHERE campaign_id IS NOT NULL;

      CREATE TABLE call_transcript (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        speaker TEXT NOT NULL CHECK (speaker IN ('agent', 'caller')),
        at TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
        PRIMARY KEY (call_id, seq)
      ) STRICT;

      CREATE TABLE call_usage (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        owner TEXT NOT NULL CHECK (owner IN ('own', 'agency')),
        unit TEXT NOT NULL CHECK (unit IN ('requests', 'messages', 'minutes', 'characters', 'tokens')),
        amount REAL NOT NULL CHECK (amount > 0),
        PRIMARY KEY (call_id, provider, credential_id, unit)
      ) STRICT;
    `);
  },
};
