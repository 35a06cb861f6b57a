/** SQL for usage and spend alerts (this file owns usage_daily and spend_alerts); no policy lives here. */
import type { ProviderId, UsageUnit } from '../../../shared/providers/types';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db';
import type { UnitAmounts } from './cost';

/** Usage summed over some grouping. */
export interface UsageSum extends UnitAmounts {
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly owner: 'own' | 'agency';
}

/** A spend alert threshold. */
export interface AlertRow {
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly monthlyUsd: number;
}

/** Column of each unit; the only strings ever put into usage SQL. */
const COLUMN: Readonly<Record<UsageUnit, string>> = {
  requests: 'requests',
  messages: 'messages',
  minutes: 'minutes',
  characters: 'characters',
  tokens: 'tokens',
};

const SUMS =
  'SUM(requests) AS requests, SUM(messages) AS messages, SUM(minutes) AS minutes, SUM(characters) AS characters, SUM(tokens) AS tokens';

/** Reads and writes usage rows and alert thresholds. */
export class UsageRepo {
  // Preparing a statement costs more than running it (tens of µs): every send records usage, so each SQL text is prepared once.
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Adds an amount to a key's day, creating the day on first use. */
  add(r: {
    workspaceId: string;
    credentialId: string;
    provider: ProviderId;
    owner: 'own' | 'agency';
    day: string;
    unit: UsageUnit;
    amount: number;
  }): void {
    const col = COLUMN[r.unit];
    this.stmt(
      `INSERT INTO usage_daily (workspace_id, credential_id, provider, owner, day, ${col}) VALUES (@workspaceId, @credentialId, @provider, @owner, @day, @amount)
         ON CONFLICT (workspace_id, credential_id, day) DO UPDATE SET ${col} = ${col} + excluded.${col}`,
    ).run(r);
  }

  /** Usage between two days (inclusive) per workspace, provider and owner; one workspace or all. */
  sums(first: string, last: string, workspaceId?: string): UsageSum[] {
    const where = workspaceId ? 'AND workspace_id = @ws' : '';
    return this.stmt(
      `SELECT workspace_id AS workspaceId, provider, owner, ${SUMS} FROM usage_daily WHERE day BETWEEN @first AND @last ${where} GROUP BY workspace_id, provider, owner`,
    ).all({ first, last, ws: workspaceId }) as UsageSum[];
  }

  /** Sets or clears a threshold. */
  setAlert(workspaceId: string, provider: ProviderId, monthlyUsd: number | null, at: string): void {
    if (monthlyUsd === null) this.stmt('DELETE FROM spend_alerts WHERE workspace_id = ? AND provider = ?').run(workspaceId, provider);
    else
      this.stmt(
        'INSERT INTO spend_alerts (workspace_id, provider, monthly_usd, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, provider) DO UPDATE SET monthly_usd = excluded.monthly_usd, updated_at = excluded.updated_at',
      ).run(workspaceId, provider, monthlyUsd, at);
  }

  /** Thresholds of one workspace or all. */
  alerts(workspaceId?: string): AlertRow[] {
    const where = workspaceId ? 'WHERE workspace_id = @ws' : '';
    return this.stmt(
      `SELECT workspace_id AS workspaceId, provider, monthly_usd AS monthlyUsd FROM spend_alerts ${where} ORDER BY workspace_id, provider`,
    ).all({ ws: workspaceId }) as AlertRow[];
  }
}
