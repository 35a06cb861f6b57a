/**
 * Two-phase key rotation: each row is one rotation of a workspace's key for a provider and
 * environment. The old key stays on standby (stored, never resolved) from the switch until the
 * operator confirms it was revoked at the provider; then its ciphertext is destroyed and
 * `confirmed_at` closes the row. At most one key per provider and environment waits on standby.
 */
import type { Migration } from '../migrate';

export const m0010: Migration = {
  version: 10,
  name: '0010-key-rotations',
  up(db) {
    db.exec(`
      CREATE TABLE key_rotations (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        provider TEXT NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('production', 'test')),
        old_credential_id TEXT NOT NULL UNIQUE REFERENCES credentials(id),
        new_credential_id TEXT NOT NULL REFERENCES credentials(id),
        switched_at TEXT NOT NULL,
        confirmed_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX key_rotations_one_standby ON key_rotations (workspace_id, provider, environment) WHERE confirmed_at IS NULL;
      CREATE INDEX key_rotations_new ON key_rotations (new_credential_id);
    `);
  },
};
