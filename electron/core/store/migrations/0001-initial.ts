/** Vault metadata, workspaces, data keys, credentials, check results and the audit log. */
import type { Migration } from '../migrate';

export const m0001: Migration = {
  version: 1,
  name: '0001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE vault_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        vault_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('keychain', 'passphrase')),
        generation INTEGER NOT NULL,
        kdf TEXT,
        wrapped_master BLOB,
        verifier BLOB NOT NULL,
        created_at TEXT NOT NULL,
        rotated_at TEXT
      ) STRICT;

      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('agency', 'client')),
        mode TEXT NOT NULL CHECK (mode IN ('byok', 'bundled')),
        allow_agency_fallback INTEGER NOT NULL DEFAULT 1,
        default_country TEXT,
        onboarding_completed_at TEXT,
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX one_agency ON workspaces(kind) WHERE kind = 'agency';

      CREATE TABLE data_keys (
        workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
        wrapped BLOB NOT NULL,
        generation INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE credentials (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        provider TEXT NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('production', 'test')),
        nickname TEXT NOT NULL,
        public_fields TEXT NOT NULL,
        hints TEXT NOT NULL,
        ciphertext BLOB,
        version INTEGER NOT NULL,
        active INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('unverified', 'valid', 'warning', 'invalid')),
        endpoint TEXT,
        last_tested_at TEXT,
        last_check_status TEXT,
        last_check_summary TEXT,
        next_check_at TEXT,
        check_failures INTEGER NOT NULL DEFAULT 0,
        usage_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX one_active_key ON credentials(workspace_id, provider, environment)
        WHERE active = 1 AND deleted_at IS NULL;
      CREATE INDEX credentials_by_workspace ON credentials(workspace_id, provider);

      CREATE TABLE check_results (
        id INTEGER PRIMARY KEY,
        credential_id TEXT NOT NULL REFERENCES credentials(id),
        status TEXT NOT NULL,
        summary TEXT NOT NULL,
        lines TEXT NOT NULL,
        details TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        checked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX check_results_by_credential ON check_results(credential_id, id);

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        workspace_id TEXT,
        target TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_workspace ON audit_log(workspace_id, seq);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `);
  },
};
