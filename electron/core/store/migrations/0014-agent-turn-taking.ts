/**
 * An agent's turn-taking on Deepgram Flux: how sure the recogniser must be that the caller finished
 * before the agent answers (eot_threshold, Deepgram's 0.5–1.0, default 0.7), and how sure it must be
 * to start preparing the reply early (eager_eot_threshold, 0.3–0.9, default 0.5; null prepares
 * nothing early). Existing agents keep the values every call used so far.
 */
import type { Migration } from '../migrate';

export const m0014: Migration = {
  version: 14,
  name: '0014-agent-turn-taking',
  up(db) {
    db.exec(`
      ALTER TABLE voice_agents ADD COLUMN eot_threshold REAL NOT NULL DEFAULT 0.7 CHECK (eot_threshold BETWEEN 0.5 AND 1.0);
      ALTER TABLE voice_agents ADD COLUMN eager_eot_threshold REAL DEFAULT 0.5
        CHECK (eager_eot_threshold IS NULL OR (eager_eot_threshold BETWEEN 0.3 AND 0.9 AND eager_eot_threshold <= eot_threshold));
    `);
  },
};
