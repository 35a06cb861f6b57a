/**
 * age identities Switchboard holds: the agency's own X25519 identity (teammates export bundles to
 * its recipient) and one-client intake identities (destroyed after their one import). The secret
 * half is sealed with the owning workspace's data key, like a credential; a destroyed one keeps
 * its row, without ciphertext, for the audit trail.
 */
import type { Migration } from '../migrate';

export const m0007: Migration = {
  version: 7,
  name: '0007-offline',
  up(db) {
    db.exec(`
      CREATE TABLE age_identities (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('agency', 'intake')),
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        recipient TEXT NOT NULL UNIQUE,
        ciphertext BLOB,
        created_at TEXT NOT NULL,
        used_at TEXT,
        destroyed_at TEXT,
        CHECK ((destroyed_at IS NULL) = (ciphertext IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX age_identities_one_agency ON age_identities (kind) WHERE kind = 'agency' AND destroyed_at IS NULL;
      CREATE INDEX age_identities_workspace ON age_identities (workspace_id);
    `);
  },
};
