/**
 * Voice campaigns: one row per campaign (agent, window, retries, concurrency cap, what to do with
 * an answering machine, its state and the running process's lease), the call outbox — one row per
 * lead before anything is dialled, marked in flight before the carrier is asked — and the CSV rows
 * the import did not turn into leads.
 */
import type { Migration } from '../migrate';

export const m0009: Migration = {
  version: 9,
  name: '0009-voice-campaigns',
  up(db) {
    db.exec(`
      CREATE TABLE voice_campaigns (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        name TEXT NOT NULL,
        agent_id TEXT REFERENCES voice_agents(id) ON DELETE SET NULL,
        agent_name TEXT NOT NULL,
        window_start INTEGER NOT NULL CHECK (window_start BETWEEN 0 AND 1440),
        window_end INTEGER NOT NULL CHECK (window_end BETWEEN 0 AND 1440),
        retries INTEGER NOT NULL CHECK (retries BETWEEN 0 AND 5),
        retry_gap_minutes INTEGER NOT NULL CHECK (retry_gap_minutes >= 1),
        max_concurrent INTEGER NOT NULL CHECK (max_concurrent BETWEEN 1 AND 100),
        machine TEXT NOT NULL CHECK (machine IN ('hangup', 'voicemail')),
        voicemail_text TEXT,
        cps REAL NOT NULL CHECK (cps > 0),
        state TEXT NOT NULL CHECK (state IN ('ready', 'running', 'paused', 'cancelled', 'completed')),
        pause_reason TEXT,
        carrier TEXT CHECK (carrier IS NULL OR carrier IN ('twilio', 'exotel')),
        key_owner TEXT CHECK (key_owner IS NULL OR key_owner IN ('own', 'agency')),
        runner_pid INTEGER,
        runner_heartbeat INTEGER,
        import_summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX voice_campaigns_by_workspace ON voice_campaigns(workspace_id, created_at);

      -- The call outbox. 'dialing' means the carrier may have been asked: after a crash Twilio's
      -- Calls list is asked before anything is dialled again; Exotel's become 'in-doubt'.
      CREATE TABLE call_leads (
        id INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES voice_campaigns(id),
        line INTEGER,
        recipient TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        zone TEXT NOT NULL,
        vars TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'dialing', 'in-call', 'done', 'in-doubt', 'skipped', 'cancelled', 'failed')),
        not_before INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        inflight_at INTEGER,
        call_id TEXT,
        carrier_call_id TEXT,
        outcome TEXT CHECK (outcome IS NULL OR outcome IN ('interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'do_not_call')),
        reason TEXT,
        duration_seconds REAL,
        dialled_at TEXT,
        UNIQUE (campaign_id, recipient)
      ) STRICT;
      CREATE INDEX call_leads_due ON call_leads(campaign_id, state, not_before, id);
      CREATE INDEX call_leads_live ON call_leads(state) WHERE state IN ('dialing', 'in-call');

      CREATE TABLE call_lead_issues (
        campaign_id TEXT NOT NULL REFERENCES voice_campaigns(id),
        line INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('rejected', 'excluded', 'merged')),
        reason TEXT NOT NULL,
        PRIMARY KEY (campaign_id, line)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
