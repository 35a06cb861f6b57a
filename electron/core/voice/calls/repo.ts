/** The SQL of calls: rows of calls, call_transcript and call_usage (this file owns the three), and their mapping to views. */
import type { CallDirection, CallState, CallSummary } from '../../../../shared/calls';
import type { ProviderId, UsageUnit } from '../../../../shared/providers/types';
import { type Db, stmt } from '../../store/db';
import type { CallLine } from '../../../../shared/call-lists';
import type { AnsweredBy, CallOutcome } from '../types';

/** A calls row as stored. */
export interface CallRow {
  id: string;
  workspace_id: string;
  agent_id: string | null;
  agent_name: string;
  campaign_id: string | null;
  carrier: CallLine;
  carrier_call_id: string | null;
  to_number: string;
  from_number: string;
  test: number;
  state: CallState;
  outcome: CallOutcome | null;
  reason: string | null;
  created_at: string;
  answered_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  answered_by: AnsweredBy | null;
  machine_detection_ms: number | null;
  direction: CallDirection;
}

/** A call_transcript row as stored: the text only as ciphertext. */
export interface TranscriptRow {
  call_id: string;
  seq: number;
  speaker: 'agent' | 'caller';
  at: string;
  ciphertext: Buffer;
  interrupted: number;
}

/** A call_usage row. */
export interface UsageRow {
  call_id: string;
  provider: ProviderId;
  credential_id: string;
  owner: 'own' | 'agency';
  unit: UsageUnit;
  amount: number;
}

/** What a campaign's calls metered for one provider, key owner and unit. */
export interface CampaignUsageRow {
  readonly provider: ProviderId;
  readonly owner: 'own' | 'agency';
  readonly unit: UsageUnit;
  readonly amount: number;
}

/** A row as the summary every surface shows. */
export function summaryOf(row: CallRow): CallSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    campaignId: row.campaign_id,
    carrier: row.carrier,
    carrierCallId: row.carrier_call_id,
    direction: row.direction,
    to: row.to_number,
    from: row.from_number,
    test: row.test === 1,
    state: row.state,
    outcome: row.outcome,
    reason: row.reason,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    durationSeconds: row.duration_seconds,
    answeredBy: row.answered_by,
    machineDetectionMs: row.machine_detection_ms,
  };
}

/** Reads and writes the three call tables; callers hold the transaction. */
export class CallsRepo {
  constructor(private readonly db: Db) {}

  insert(row: CallRow): void {
    stmt(
      this.db,
      `INSERT INTO calls (id, workspace_id, agent_id, agent_name, campaign_id, carrier, carrier_call_id, to_number, from_number, test,
        state, outcome, reason, created_at, answered_at, ended_at, duration_seconds, answered_by, machine_detection_ms, direction)
       VALUES (@id, @workspace_id, @agent_id, @agent_name, @campaign_id, @carrier, @carrier_call_id, @to_number, @from_number, @test,
         @state, @outcome, @reason, @created_at, @answered_at, @ended_at, @duration_seconds, @answered_by, @machine_detection_ms, @direction)`,
    ).run(row);
  }

  byId(id: string): CallRow | undefined {
    return stmt(this.db, 'SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
  }

  /** Calls with no outcome still in a live state: what a runner that died left open. */
  unsettled(): Pick<CallRow, 'id' | 'workspace_id' | 'carrier' | 'carrier_call_id'>[] {
    return this.db
      .prepare(
        "SELECT id, workspace_id, carrier, carrier_call_id FROM calls WHERE outcome IS NULL AND state IN ('queued', 'dialing', 'ringing', 'in-progress')",
      )
      .all() as Pick<CallRow, 'id' | 'workspace_id' | 'carrier' | 'carrier_call_id'>[];
  }

  byCarrierId(carrierCallId: string): CallRow | undefined {
    return stmt(this.db, 'SELECT * FROM calls WHERE carrier_call_id = ?').get(carrierCallId) as CallRow | undefined;
  }

  /** Newest first; rowid breaks ties between calls created in the same millisecond. */
  list(workspaceId: string, campaignId: string | null, limit: number): CallRow[] {
    if (campaignId !== null) {
      return stmt(
        this.db,
        'SELECT * FROM calls WHERE workspace_id = ? AND campaign_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
      ).all(workspaceId, campaignId, limit) as CallRow[];
    }
    return stmt(this.db, 'SELECT * FROM calls WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
      workspaceId,
      limit,
    ) as CallRow[];
  }

  /** An agent's answered calls created at or after an instant (ISO), oldest first, at most `limit`. */
  answeredOfAgent(workspaceId: string, agentId: string, since: string, limit: number): CallRow[] {
    return stmt(
      this.db,
      'SELECT * FROM calls WHERE workspace_id = ? AND agent_id = ? AND answered_at IS NOT NULL AND created_at >= ? ORDER BY created_at, rowid LIMIT ?',
    ).all(workspaceId, agentId, since, limit) as CallRow[];
  }

  /** A campaign's latest call to a number created at or after an instant (ISO), for recovering a lead whose call id was never recorded. */
  latestOfCampaignTo(campaignId: string, to: string, since: string): CallRow | undefined {
    return stmt(
      this.db,
      'SELECT * FROM calls WHERE campaign_id = ? AND to_number = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1',
    ).get(campaignId, to, since) as CallRow | undefined;
  }

  /** The states of some calls by id (ids with no row are absent). */
  statesOf(ids: readonly string[]): Map<string, CallState> {
    if (ids.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT id, state FROM calls WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as {
      id: string;
      state: CallState;
    }[];
    return new Map(rows.map((r) => [r.id, r.state]));
  }

  /** What a campaign's calls metered, summed by provider, key owner and unit (requests left out), ordered by provider and owner. */
  campaignUsage(campaignId: string): CampaignUsageRow[] {
    return stmt(
      this.db,
      `SELECT u.provider, u.owner, u.unit, sum(u.amount) AS amount FROM call_usage u JOIN calls c ON c.id = u.call_id WHERE c.campaign_id =
        ? AND u.unit != 'requests' GROUP BY u.provider, u.owner, u.unit ORDER BY u.provider, u.owner`,
    ).all(campaignId) as CampaignUsageRow[];
  }

  /** Writes the columns update and finish may change. */
  save(row: CallRow): void {
    stmt(
      this.db,
      `UPDATE calls SET carrier_call_id = @carrier_call_id, state = @state, outcome = @outcome, reason = @reason, answered_at =
        @answered_at, ended_at = @ended_at, duration_seconds = @duration_seconds, answered_by = @answered_by, machine_detection_ms =
          @machine_detection_ms WHERE id = @id`,
    ).run(row);
  }

  nextSeq(callId: string): number {
    return (stmt(this.db, 'SELECT coalesce(max(seq), 0) + 1 AS n FROM call_transcript WHERE call_id = ?').get(callId) as { n: number }).n;
  }

  insertLine(row: TranscriptRow): void {
    stmt(
      this.db,
      'INSERT INTO call_transcript (call_id, seq, speaker, at, ciphertext, interrupted) VALUES (@call_id, @seq, @speaker, @at, @ciphertext, @interrupted)',
    ).run(row);
  }

  lines(callId: string): TranscriptRow[] {
    return stmt(this.db, 'SELECT * FROM call_transcript WHERE call_id = ? ORDER BY seq').all(callId) as TranscriptRow[];
  }

  /** Adds to a call's amount for one key and unit (one row per key and unit, however often metered). */
  addUsage(row: UsageRow): void {
    stmt(
      this.db,
      `INSERT INTO call_usage (call_id, provider, credential_id, owner, unit, amount) VALUES (@call_id, @provider, @credential_id, @owner, @unit, @amount)
       ON CONFLICT (call_id, provider, credential_id, unit) DO UPDATE SET amount = amount + excluded.amount`,
    ).run(row);
  }

  usage(callId: string): UsageRow[] {
    return stmt(this.db, 'SELECT * FROM call_usage WHERE call_id = ? ORDER BY provider, credential_id, unit').all(callId) as UsageRow[];
  }

  /** Deletes a call; its transcript and usage rows go with it (ON DELETE CASCADE). */
  delete(id: string): void {
    stmt(this.db, 'DELETE FROM calls WHERE id = ?').run(id);
  }
}
