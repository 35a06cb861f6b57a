/** The SQL of voice campaigns: campaign rows (state, lease), the call outbox of leads, and the import's row issues. */
import { AppError } from '../../../../shared/errors';
import type { LeadCounts, LeadState, MachineChoice, OutcomeCounts, VoiceEstimate } from '../../../../shared/voice-campaigns';
import type { CampaignState, RowIssueView } from '../../../../shared/campaigns';
import { CALL_OUTCOMES } from '../../../../shared/calls';
import { type Db, stmt } from '../../store/db';
import type { CallOutcome } from '../../voice/types';
import type { StoredImport } from '../kernel/create';
import { LEASE_STALE_MS, leaseHeldElsewhere, runInterrupted } from '../kernel/lease';

/** A voice campaign row as stored. */
export interface VoiceCampaignRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly name: string;
  readonly agent_id: string | null;
  readonly agent_name: string;
  readonly window_start: number;
  readonly window_end: number;
  readonly retries: number;
  readonly retry_gap_minutes: number;
  readonly max_concurrent: number;
  readonly machine: MachineChoice;
  readonly voicemail_text: string | null;
  readonly cps: number;
  readonly state: CampaignState;
  readonly pause_reason: string | null;
  readonly carrier: 'twilio' | 'exotel' | null;
  readonly key_owner: 'own' | 'agency' | null;
  readonly runner_pid: number | null;
  readonly runner_heartbeat: number | null;
  readonly import_summary: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

/** A lead of the call outbox as stored. */
export interface LeadRow {
  readonly id: number;
  readonly campaign_id: string;
  readonly line: number | null;
  readonly recipient: string;
  readonly name: string;
  readonly zone: string;
  readonly vars: string;
  readonly state: LeadState;
  readonly not_before: number;
  readonly attempts: number;
  readonly inflight_at: number | null;
  readonly call_id: string | null;
  readonly carrier_call_id: string | null;
  readonly outcome: CallOutcome | null;
  readonly reason: string | null;
  readonly duration_seconds: number | null;
  readonly dialled_at: string | null;
  /** The callback time (ms) the lead last agreed on a call (schedule_callback), or null. */
  readonly callback_at: number | null;
}

/** What is stored with a voice campaign about its import and estimate. */
export type VoiceImportRecord = StoredImport<VoiceEstimate>;

/** A lead to insert. */
export interface NewLead {
  readonly line: number;
  readonly recipient: string;
  readonly name: string;
  readonly zone: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly notBefore: number;
}

const COUNT_KEYS: Readonly<Record<LeadState, keyof LeadCounts>> = {
  queued: 'queued',
  dialing: 'dialing',
  'in-call': 'inCall',
  done: 'done',
  'in-doubt': 'inDoubt',
  skipped: 'skipped',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** Reads and writes voice campaigns and their leads. */
export class VoiceCampaignRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** A campaign's leads being dialled or in a call now, by id. */
  inFlight(campaignId: string): Pick<LeadRow, 'id' | 'recipient' | 'name' | 'call_id' | 'dialled_at'>[] {
    return stmt(
      this.db,
      "SELECT id, recipient, name, call_id, dialled_at FROM call_leads WHERE campaign_id = ? AND state IN ('dialing', 'in-call') ORDER BY id",
    ).all(campaignId) as Pick<LeadRow, 'id' | 'recipient' | 'name' | 'call_id' | 'dialled_at'>[];
  }

  /** A campaign by id, or NOT_FOUND. */
  get(id: string): VoiceCampaignRow {
    const row = stmt(this.db, 'SELECT * FROM voice_campaigns WHERE id = ?').get(id) as VoiceCampaignRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That voice campaign does not exist.');
    return row;
  }

  /** Whether a voice campaign has this id. */
  has(id: string): boolean {
    return stmt(this.db, 'SELECT 1 FROM voice_campaigns WHERE id = ?').get(id) !== undefined;
  }

  /** A workspace's voice campaigns, newest first. */
  list(workspaceId: string): VoiceCampaignRow[] {
    return stmt(this.db, 'SELECT * FROM voice_campaigns WHERE workspace_id = ? ORDER BY created_at DESC').all(
      workspaceId,
    ) as VoiceCampaignRow[];
  }

  /** Inserts a campaign (inside the caller's transaction). */
  insert(
    campaign: Omit<
      VoiceCampaignRow,
      | 'state'
      | 'pause_reason'
      | 'carrier'
      | 'key_owner'
      | 'runner_pid'
      | 'runner_heartbeat'
      | 'created_at'
      | 'updated_at'
      | 'started_at'
      | 'finished_at'
      | 'import_summary'
    > & { record: VoiceImportRecord },
  ): void {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO voice_campaigns (id, workspace_id, name, agent_id, agent_name, window_start, window_end, retries, retry_gap_minutes,
          max_concurrent, machine, voicemail_text, cps, state, import_summary, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?, ?)`,
      )
      .run(
        campaign.id,
        campaign.workspace_id,
        campaign.name,
        campaign.agent_id,
        campaign.agent_name,
        campaign.window_start,
        campaign.window_end,
        campaign.retries,
        campaign.retry_gap_minutes,
        campaign.max_concurrent,
        campaign.machine,
        campaign.voicemail_text,
        campaign.cps,
        JSON.stringify(campaign.record),
        at,
        at,
      );
  }

  /** The stored import summary and estimate. */
  record(row: VoiceCampaignRow): VoiceImportRecord {
    return JSON.parse(row.import_summary) as VoiceImportRecord;
  }

  /** Moves the state; false when the campaign was not in one of `from`. */
  setState(id: string, to: CampaignState, from: readonly CampaignState[], reason: string | null = null): boolean {
    const at = this.now().toISOString();
    const started = to === 'running' ? ', started_at = coalesce(started_at, @at)' : '';
    const finished = to === 'completed' || to === 'cancelled' ? ', finished_at = @at' : '';
    return (
      this.db
        .prepare(
          `UPDATE voice_campaigns SET state = @to, pause_reason = @reason, updated_at = @at${started}${finished} WHERE id = @id AND state
            IN (${from.map(() => '?').join(', ')})`,
        )
        .run({ to, reason, at, id }, ...from).changes === 1
    );
  }

  /** running → completed, only while no lead is queued, dialling or in a call. */
  completeIfDrained(id: string): boolean {
    const at = this.now().toISOString();
    return (
      this.db
        .prepare(
          `UPDATE voice_campaigns SET state = 'completed', pause_reason = NULL, updated_at = @at, finished_at = @at WHERE id = @id AND
            state = 'running' AND NOT EXISTS (SELECT 1 FROM call_leads WHERE campaign_id = @id AND state IN ('queued', 'dialing', 'in-call'))`,
        )
        .run({ id, at }).changes === 1
    );
  }

  /** Records the carrier and whose key the latest run used. */
  setKey(id: string, carrier: 'twilio' | 'exotel', owner: 'own' | 'agency'): void {
    stmt(this.db, 'UPDATE voice_campaigns SET carrier = ?, key_owner = ?, updated_at = ? WHERE id = ?').run(
      carrier,
      owner,
      this.now().toISOString(),
      id,
    );
  }

  /** Takes the run lease for this process: refused while another live process holds it (as messaging campaigns do). */
  acquireLease(id: string, pid: number): void {
    this.db
      .transaction(() => {
        const row = this.get(id);
        const at = this.now().getTime();
        if (leaseHeldElsewhere(row, pid, at))
          throw new AppError('CONFLICT', `This campaign is already being run by another Switchboard process (pid ${row.runner_pid}).`);
        stmt(this.db, 'UPDATE voice_campaigns SET runner_pid = ?, runner_heartbeat = ? WHERE id = ?').run(pid, at, id);
      })
      .immediate();
  }

  /** Keeps the lease fresh. */
  heartbeat(id: string, pid: number): void {
    stmt(this.db, 'UPDATE voice_campaigns SET runner_heartbeat = ? WHERE id = ? AND runner_pid = ?').run(this.now().getTime(), id, pid);
  }

  /** Gives the lease up. */
  releaseLease(id: string, pid: number): void {
    stmt(this.db, 'UPDATE voice_campaigns SET runner_pid = NULL, runner_heartbeat = NULL WHERE id = ? AND runner_pid = ?').run(id, pid);
  }

  /** Whether a run stopped without finishing: running, but no live process holds it. */
  interrupted(row: VoiceCampaignRow): boolean {
    return runInterrupted(row, this.now().getTime());
  }

  /** Inserts leads (inside the caller's transaction). */
  insertLeads(campaignId: string, leads: readonly NewLead[]): void {
    const ins = this.db.prepare(
      "INSERT INTO call_leads (campaign_id, line, recipient, name, zone, vars, state, not_before) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)",
    );
    for (const lead of leads)
      ins.run(campaignId, lead.line, lead.recipient, lead.name, lead.zone, JSON.stringify(lead.vars), lead.notBefore);
  }

  /** Stores import row issues (inside the caller's transaction). */
  insertIssues(campaignId: string, issues: readonly RowIssueView[]): void {
    const ins = this.db.prepare('INSERT OR IGNORE INTO call_lead_issues (campaign_id, line, kind, reason) VALUES (?, ?, ?, ?)');
    for (const issue of issues) ins.run(campaignId, issue.line, issue.kind, issue.reason);
  }

  /** A page of row issues, by line. */
  issues(campaignId: string, options: { offset?: number; limit?: number } = {}): { total: number; rows: RowIssueView[] } {
    const total = (stmt(this.db, 'SELECT count(*) AS n FROM call_lead_issues WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
    const rows = stmt(this.db, 'SELECT line, kind, reason FROM call_lead_issues WHERE campaign_id = ? ORDER BY line LIMIT ? OFFSET ?').all(
      campaignId,
      options.limit ?? 100,
      options.offset ?? 0,
    ) as RowIssueView[];
    return { total, rows };
  }

  /** A lead by id. */
  lead(id: number): LeadRow {
    const row = stmt(this.db, 'SELECT * FROM call_leads WHERE id = ?').get(id) as LeadRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That lead does not exist.');
    return row;
  }

  /** Queued leads due by `now`, oldest first. */
  dueQueued(campaignId: string, now: number, limit: number): LeadRow[] {
    return stmt(
      this.db,
      "SELECT * FROM call_leads WHERE campaign_id = ? AND state = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?",
    ).all(campaignId, now, limit) as LeadRow[];
  }

  /** When the next queued lead falls due, or null. */
  nextDue(campaignId: string): number | null {
    return (
      stmt(this.db, "SELECT min(not_before) AS t FROM call_leads WHERE campaign_id = ? AND state = 'queued'").get(campaignId) as {
        t: number | null;
      }
    ).t;
  }

  /** Leads left dialling or in a call by a run that is gone (a crash), excluding the ones this run holds. */
  orphans(campaignId: string, held: ReadonlySet<number>): LeadRow[] {
    return (
      stmt(this.db, "SELECT * FROM call_leads WHERE campaign_id = ? AND state IN ('dialing', 'in-call') ORDER BY id").all(
        campaignId,
      ) as LeadRow[]
    ).filter((r) => !held.has(r.id));
  }

  /**
   * Marks a queued lead in flight before the carrier is asked — only while the workspace's calls in
   * flight (every live-leased campaign's) are under `ceiling`: the check and the mark are one
   * statement, so two campaigns (or two processes) cannot both take the last place. False otherwise.
   */
  markDialing(id: number, at: number, workspaceId: string, ceiling: number): boolean {
    const fresh = this.now().getTime() - LEASE_STALE_MS;
    return (
      stmt(
        this.db,
        `UPDATE call_leads SET state = 'dialing', inflight_at = @at, attempts = attempts + 1, dialled_at = @iso, call_id = NULL,
          carrier_call_id = NULL, outcome = NULL, reason = NULL, duration_seconds = NULL
         WHERE id = @id AND state = 'queued'
           AND (SELECT count(*) FROM call_leads l JOIN voice_campaigns c ON c.id = l.campaign_id WHERE c.workspace_id = @ws AND c.state =
             'running' AND c.runner_heartbeat > @fresh AND l.state IN ('dialing', 'in-call')) < @ceiling`,
      ).run({ at, iso: new Date(at).toISOString(), id, ws: workspaceId, fresh, ceiling }).changes === 1
    );
  }

  /** The carrier accepted the call. */
  markInCall(id: number, callId: string, carrierCallId: string | null): void {
    stmt(
      this.db,
      "UPDATE call_leads SET state = 'in-call', call_id = ?, carrier_call_id = coalesce(?, carrier_call_id) WHERE id = ? AND state IN ('dialing', 'in-call')",
    ).run(callId, carrierCallId, id);
  }

  /** Records the calls-store id of the lead's call (known once the call's row exists). */
  setCall(id: number, callId: string, carrierCallId: string | null): void {
    stmt(this.db, 'UPDATE call_leads SET call_id = ?, carrier_call_id = coalesce(?, carrier_call_id) WHERE id = ?').run(
      callId,
      carrierCallId,
      id,
    );
  }

  /** The lead's last call ended with an outcome and it will not be called again. */
  markDone(id: number, outcome: CallOutcome, reason: string | null, durationSeconds: number | null): void {
    stmt(
      this.db,
      "UPDATE call_leads SET state = 'done', outcome = ?, reason = ?, duration_seconds = ?, inflight_at = NULL WHERE id = ?",
    ).run(outcome, reason, durationSeconds, id);
  }

  /** Queues the lead again at `at` (a retry after no_answer/busy, or a call never placed). `countAttempt: false` gives the attempt back. */
  requeue(id: number, at: number, options: { outcome?: CallOutcome | null; reason?: string | null; countAttempt: boolean }): void {
    stmt(
      this.db,
      `UPDATE call_leads SET state = 'queued', not_before = ?, inflight_at = NULL, outcome = ?, reason = ?, attempts = attempts - ? WHERE id = ?`,
    ).run(at, options.outcome ?? null, options.reason ?? null, options.countAttempt ? 0 : 1, id);
  }

  /** Records the callback time a lead agreed on its call in progress; settling queues it for then. */
  agreeCallback(id: number, at: number): void {
    stmt(this.db, "UPDATE call_leads SET callback_at = ? WHERE id = ? AND state IN ('dialing', 'in-call')").run(at, id);
  }

  /** A lead left in flight is looked up again at `at` (the carrier could not be asked just now). */
  lookUpAgainAt(id: number, at: number): void {
    stmt(this.db, "UPDATE call_leads SET inflight_at = ? WHERE id = ? AND state IN ('dialing', 'in-call')").run(at, id);
  }

  /** Moves a queued lead to its window's next opening. */
  defer(id: number, at: number): void {
    stmt(this.db, "UPDATE call_leads SET not_before = ? WHERE id = ? AND state = 'queued'").run(at, id);
  }

  /** A lead that will not be called: skipped (do-not-call), failed (refused before dialling), in doubt, or cancelled. */
  markState(id: number, state: 'skipped' | 'failed' | 'in-doubt' | 'cancelled', reason: string, outcome: CallOutcome | null = null): void {
    stmt(this.db, 'UPDATE call_leads SET state = ?, reason = ?, outcome = coalesce(?, outcome), inflight_at = NULL WHERE id = ?').run(
      state,
      reason,
      outcome,
      id,
    );
  }

  /** Cancels every queued lead; returns how many. */
  cancelQueued(campaignId: string): number {
    return stmt(
      this.db,
      "UPDATE call_leads SET state = 'cancelled', reason = 'the campaign was cancelled' WHERE campaign_id = ? AND state = 'queued'",
    ).run(campaignId).changes;
  }

  /** Leads in doubt (the operator checks the carrier's log). */
  inDoubt(campaignId: string): number {
    return (
      stmt(this.db, "SELECT count(*) AS n FROM call_leads WHERE campaign_id = ? AND state = 'in-doubt'").get(campaignId) as { n: number }
    ).n;
  }

  /** Queues the in-doubt leads again; returns how many. */
  dialAgain(campaignId: string, at: number): number {
    return stmt(
      this.db,
      "UPDATE call_leads SET state = 'queued', not_before = ?, reason = NULL WHERE campaign_id = ? AND state = 'in-doubt'",
    ).run(at, campaignId).changes;
  }

  /** Deletes a campaign with its leads and import report (inside the caller's transaction). */
  deleteCampaign(id: string): void {
    this.db.prepare('DELETE FROM call_leads WHERE campaign_id = ?').run(id);
    this.db.prepare('DELETE FROM call_lead_issues WHERE campaign_id = ?').run(id);
    this.db.prepare('DELETE FROM voice_campaigns WHERE id = ?').run(id);
  }

  /** Leads per state. */
  counts(campaignId: string): LeadCounts {
    const out: Record<keyof LeadCounts, number> = {
      total: 0,
      queued: 0,
      dialing: 0,
      inCall: 0,
      done: 0,
      inDoubt: 0,
      skipped: 0,
      cancelled: 0,
      failed: 0,
    };
    for (const row of stmt(this.db, 'SELECT state, count(*) AS n FROM call_leads WHERE campaign_id = ? GROUP BY state').all(campaignId) as {
      state: LeadState;
      n: number;
    }[]) {
      out[COUNT_KEYS[row.state]] += row.n;
      out.total += row.n;
    }
    return out;
  }

  /** Calls of the campaign over so far (ended, or left in doubt), retries included: every attempt made but those on the line now. */
  settled(campaignId: string): number {
    const row = stmt(
      this.db,
      "SELECT coalesce(sum(attempts - (state IN ('dialing', 'in-call'))), 0) AS n FROM call_leads WHERE campaign_id = ?",
    ).get(campaignId) as { n: number };
    return row.n;
  }

  /** Leads per final outcome. */
  outcomes(campaignId: string): OutcomeCounts {
    const out = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;
    for (const row of stmt(
      this.db,
      "SELECT outcome, count(*) AS n FROM call_leads WHERE campaign_id = ? AND outcome IS NOT NULL AND state IN ('done', 'failed') GROUP BY outcome",
    ).all(campaignId) as { outcome: CallOutcome; n: number }[])
      out[row.outcome] = row.n;
    return out;
  }

  /** Queued leads whose time has not come, and the earliest. */
  waiting(campaignId: string, now: number): { waiting: number; next: number | null } {
    const row = stmt(
      this.db,
      "SELECT count(*) AS n, min(not_before) AS t FROM call_leads WHERE campaign_id = ? AND state = 'queued' AND not_before > ?",
    ).get(campaignId, now) as { n: number; t: number | null };
    return { waiting: row.n, next: row.t };
  }

  /** A page of leads by id. */
  page(campaignId: string, options: { offset?: number; limit?: number; state?: LeadState } = {}): { total: number; rows: LeadRow[] } {
    const where = options.state ? 'campaign_id = ? AND state = ?' : 'campaign_id = ?';
    const args: (string | number)[] = options.state ? [campaignId, options.state] : [campaignId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM call_leads WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM call_leads WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, options.limit ?? 100, options.offset ?? 0) as LeadRow[];
    return { total, rows };
  }

  /** Leads dialling or in a call now, in every live-leased campaign of a workspace (they share the key's ceiling). */
  liveInWorkspace(workspaceId: string): { calls: number; campaigns: number } {
    const fresh = this.now().getTime() - LEASE_STALE_MS;
    const row = stmt(
      this.db,
      `SELECT count(*) AS n, count(DISTINCT c.id) AS k FROM call_leads l JOIN voice_campaigns c ON c.id = l.campaign_id WHERE
        c.workspace_id = ? AND c.state = 'running' AND c.runner_heartbeat > ? AND l.state IN ('dialing', 'in-call')`,
    ).get(workspaceId, fresh) as { n: number; k: number };
    return { calls: row.n, campaigns: row.k };
  }

  /** Running campaigns of the workspace other than this one (held by a live process). */
  othersRunning(workspaceId: string, campaignId: string): number {
    const fresh = this.now().getTime() - LEASE_STALE_MS;
    return (
      stmt(
        this.db,
        "SELECT count(*) AS n FROM voice_campaigns WHERE workspace_id = ? AND id != ? AND state = 'running' AND runner_heartbeat > ?",
      ).get(workspaceId, campaignId, fresh) as { n: number }
    ).n;
  }
}
