/**
 * Inbound calls: which of a workspace's carrier numbers this runner answers with which agent, the
 * number's voice configuration before it was attached (kept whole, so detaching restores it exactly;
 * a URL, never a secret), what a caller hears when the runner is not reachable, and the route ref
 * the carrier's webhook is addressed to. Calls gain their direction.
 */
import type { Migration } from '../migrate';

export const m0013: Migration = {
  version: 13,
  name: '0013-inbound-numbers',
  up(db) {
    db.exec(`
      CREATE TABLE inbound_numbers (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        carrier TEXT NOT NULL CHECK (carrier IN ('twilio', 'exotel')),
        number TEXT NOT NULL UNIQUE CHECK (number GLOB '+[1-9]*'),
        carrier_number_id TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        ref TEXT NOT NULL UNIQUE,
        previous TEXT NOT NULL CHECK (json_valid(previous) AND json_type(previous) = 'object'),
        forward_to TEXT CHECK (forward_to IS NULL OR forward_to GLOB '+[1-9]*'),
        away_message TEXT NOT NULL CHECK (length(away_message) BETWEEN 1 AND 300),
        attached_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX inbound_numbers_by_workspace ON inbound_numbers (workspace_id, number);
      ALTER TABLE calls ADD COLUMN direction TEXT NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound'));
    `);
  },
};
