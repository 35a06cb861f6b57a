/**
 * Handing calls to people, and what an agent did during a call.
 *
 * - `transferred` joins the call outcomes. A CHECK cannot be altered in SQLite, so `calls` and
 *   `call_leads` are rebuilt with the wider list by SQLite's own procedure (create the new table,
 *   copy every row, drop the old, rename; with foreign keys off, so dropping `calls` cascades
 *   nothing into `call_transcript` or `call_usage`). The new table is made from the old one's own
 *   SQL with only the outcome list changed, so every column a migration added before this one
 *   stays, whatever order those migrations ran in; its indexes are made again from theirs.
 * - `transfer_targets`: per agent, the people a call may be handed to (name, E.164 number, when to
 *   use it, cold or warm).
 * - `call_events`: per call, in order, each tool run and transfer (kind, name, whether it worked,
 *   how long it took), its detail sealed with the workspace's data key (AAD naming the call and seq).
 */
import type { Migration } from '../migrate';
import { widenCheck } from '../widen-check';

/** The outcome list the CHECKs held until now, and the one they hold after (written out: a migration never follows a live list). */
const BEFORE = ['interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'do_not_call'];
const AFTER = [...BEFORE, 'transferred'];

export const m0019: Migration = {
  version: 19,
  name: '0019-transfers-and-call-events',
  rebuildsTables: true,
  up(db) {
    for (const table of ['calls', 'call_leads'])
      widenCheck(db, { migration: 'the transfers migration', table, column: 'outcome', before: BEFORE, after: AFTER });
    db.exec(`
      CREATE TABLE transfer_targets (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES voice_agents(id),
        name TEXT NOT NULL,
        number TEXT NOT NULL CHECK (number GLOB '+[1-9]*' AND length(number) BETWEEN 8 AND 16),
        when_to_use TEXT NOT NULL CHECK (length(when_to_use) BETWEEN 1 AND 500),
        mode TEXT NOT NULL CHECK (mode IN ('cold', 'warm')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX transfer_targets_name ON transfer_targets(agent_id, name COLLATE NOCASE);

      CREATE TABLE call_events (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('tool', 'transfer', 'sms', 'callback', 'keys')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
        ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        ciphertext BLOB NOT NULL,
        PRIMARY KEY (call_id, seq)
      ) STRICT;
    `);
  },
};
