/** Usage per key per day (who paid: own key or the agency's) and spend alerts per workspace and provider. */
import type { Migration } from '../migrate';

export const m0002: Migration = {
  version: 2,
  name: '0002-usage',
  up(db) {
    db.exec(`
      CREATE TABLE usage_daily (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        credential_id TEXT NOT NULL REFERENCES credentials(id),
        provider TEXT NOT NULL,
        owner TEXT NOT NULL CHECK (owner IN ('own', 'agency')),
        day TEXT NOT NULL CHECK (length(day) = 10),
        requests INTEGER NOT NULL DEFAULT 0 CHECK (requests >= 0),
        messages INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
        minutes REAL NOT NULL DEFAULT 0 CHECK (minutes >= 0),
        characters INTEGER NOT NULL DEFAULT 0 CHECK (characters >= 0),
        tokens INTEGER NOT NULL DEFAULT 0 CHECK (tokens >= 0),
        PRIMARY KEY (workspace_id, credential_id, day)
      ) STRICT;
      CREATE INDEX usage_by_day ON usage_daily(day, workspace_id, provider);

      CREATE TABLE spend_alerts (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        provider TEXT NOT NULL,
        monthly_usd REAL NOT NULL CHECK (monthly_usd > 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, provider)
      ) STRICT;
    `);
  },
};
