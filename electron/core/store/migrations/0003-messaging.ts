/**
 * Messaging: do-not-contact lists (per workspace, the agency's, India's NCPR), campaigns, the
 * rows a CSV import rejected or excluded, the outbox (every message is a row before it is sent)
 * and post-call workflow rules.
 */
import type { Migration } from '../migrate';

export const m0003: Migration = {
  version: 3,
  name: '0003-messaging',
  up(db) {
    db.exec(`
      -- One list per scope: a workspace id, 'agency', or 'ncpr'. Entries refer to a small integer
      -- so a million-number list does not repeat a 36-character workspace id a million times.
      CREATE TABLE dnc_lists (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL UNIQUE,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE dnc_entries (
        list_id INTEGER NOT NULL REFERENCES dnc_lists(id),
        address TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('import', 'operator', 'opt-out', 'provider')),
        note TEXT,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (list_id, address)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        kind TEXT NOT NULL CHECK (kind IN ('campaign', 'workflow')),
        name TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
        template TEXT NOT NULL,
        window_start INTEGER NOT NULL CHECK (window_start BETWEEN 0 AND 1440),
        window_end INTEGER NOT NULL CHECK (window_end BETWEEN 0 AND 1440),
        rate REAL CHECK (rate IS NULL OR rate > 0),
        state TEXT NOT NULL CHECK (state IN ('ready', 'running', 'paused', 'cancelled', 'completed')),
        pause_reason TEXT,
        provider TEXT,
        credential_id TEXT,
        key_owner TEXT CHECK (key_owner IS NULL OR key_owner IN ('own', 'agency')),
        runner_pid INTEGER,
        runner_heartbeat INTEGER,
        import_summary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX campaigns_by_workspace ON campaigns(workspace_id, created_at);
      CREATE UNIQUE INDEX one_workflow_campaign ON campaigns(workspace_id, channel) WHERE kind = 'workflow';

      -- Every CSV row that did not become a message, with its line number and the reason.
      CREATE TABLE campaign_exclusions (
        campaign_id TEXT NOT NULL REFERENCES campaigns(id),
        line INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('rejected', 'excluded', 'merged')),
        reason TEXT NOT NULL,
        PRIMARY KEY (campaign_id, line)
      ) STRICT, WITHOUT ROWID;

      -- The outbox. 'sending' means a request may have reached the provider: after a crash it is
      -- reconciled (Twilio) or repeated with the same idempotency key (Resend, SendGrid).
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id),
        recipient TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        zone TEXT NOT NULL,
        subject TEXT,
        body TEXT NOT NULL,
        segments INTEGER NOT NULL CHECK (segments >= 1),
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
        not_before INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        batch_key TEXT,
        sender TEXT,
        inflight_at INTEGER,
        provider_id TEXT,
        error TEXT,
        sent_at TEXT,
        dedupe_key TEXT UNIQUE,
        line INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX one_message_per_recipient ON messages(campaign_id, recipient) WHERE dedupe_key IS NULL;
      CREATE INDEX messages_due ON messages(campaign_id, state, not_before, id);
      CREATE INDEX messages_by_batch ON messages(batch_key) WHERE batch_key IS NOT NULL;
      CREATE INDEX messages_by_provider_id ON messages(provider_id) WHERE provider_id IS NOT NULL;

      CREATE TABLE workflow_rules (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        outcome TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
        template TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX workflow_rules_by_outcome ON workflow_rules(workspace_id, outcome);
    `);
  },
};
