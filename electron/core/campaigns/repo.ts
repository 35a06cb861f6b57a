/** Campaign rows: creation, state changes, the sending lease, and the import's row issues (this file owns campaigns and campaign_exclusions). */
import { AppError } from '../../../shared/errors';
import type { CampaignChannel, CampaignState, CostEstimate, RowIssueView } from '../../../shared/campaigns';
import type { ProviderId } from '../../../shared/providers/types';
import { Outbox } from '../messaging/outbox';
import { type Db, tx } from '../store/db';
import type { StoredImport } from './kernel/create';
import { leaseHeldElsewhere, runInterrupted } from './kernel/lease';

/** A campaign row as stored. */
export interface CampaignRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly kind: 'campaign' | 'workflow';
  readonly name: string;
  readonly channel: CampaignChannel;
  readonly template: string;
  readonly window_start: number;
  readonly window_end: number;
  readonly rate: number | null;
  readonly state: CampaignState;
  readonly pause_reason: string | null;
  readonly provider: ProviderId | null;
  readonly credential_id: string | null;
  readonly key_owner: 'own' | 'agency' | null;
  readonly runner_pid: number | null;
  readonly runner_heartbeat: number | null;
  readonly import_summary: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

/** What is stored with a campaign about its import and estimate. */
export type ImportRecord = StoredImport<CostEstimate>;

// The lease rules are the kernel's; voice/orphans.ts asks this file whether a process is alive.
export { processAlive } from './kernel/lease';

/** Reads and writes campaign rows. */
export class CampaignRepo {
  /** Asked whether a campaign's messages are all settled: the messages table is the outbox's. */
  private readonly outbox: Outbox;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.outbox = new Outbox(db, now);
  }

  /** A campaign by id, or NOT_FOUND. */
  get(id: string): CampaignRow {
    const row = this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That campaign does not exist.');
    return row;
  }

  /** Campaigns of a workspace, newest first (workflow outboxes last). */
  list(workspaceId: string): CampaignRow[] {
    return this.db
      .prepare("SELECT * FROM campaigns WHERE workspace_id = ? ORDER BY kind = 'workflow', created_at DESC")
      .all(workspaceId) as CampaignRow[];
  }

  /** Inserts a campaign (inside the caller's transaction). */
  insert(
    campaign: Pick<
      CampaignRow,
      'id' | 'workspace_id' | 'kind' | 'name' | 'channel' | 'template' | 'window_start' | 'window_end' | 'rate' | 'provider'
    > & { record: ImportRecord; state?: CampaignState },
  ): void {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO campaigns (id, workspace_id, kind, name, channel, template, window_start, window_end, rate, state, provider,
          import_summary, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        campaign.id,
        campaign.workspace_id,
        campaign.kind,
        campaign.name,
        campaign.channel,
        campaign.template,
        campaign.window_start,
        campaign.window_end,
        campaign.rate,
        campaign.state ?? 'ready',
        campaign.provider,
        JSON.stringify(campaign.record),
        at,
        at,
      );
  }

  /** The stored import summary and estimate. */
  record(row: CampaignRow): ImportRecord {
    return JSON.parse(row.import_summary) as ImportRecord;
  }

  /** Updates the stored estimate (recomputed when messages are added to a workflow outbox). */
  setRecord(id: string, record: ImportRecord): void {
    this.db
      .prepare('UPDATE campaigns SET import_summary = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(record), this.now().toISOString(), id);
  }

  /** Moves the state; returns false when the campaign was not in one of `from`. */
  setState(id: string, to: CampaignState, from: readonly CampaignState[], reason: string | null = null): boolean {
    const at = this.now().toISOString();
    const placeholders = from.map(() => '?').join(', ');
    const started = to === 'running' ? ', started_at = coalesce(started_at, @at)' : '';
    const finished = to === 'completed' || to === 'cancelled' ? ', finished_at = @at' : '';
    return (
      this.db
        .prepare(
          `UPDATE campaigns SET state = @to, pause_reason = @reason, updated_at = @at${started}${finished} WHERE id = @id AND state IN (${placeholders})`,
        )
        .run({ to, reason, at, id }, ...from).changes === 1
    );
  }

  /** running → completed, but only while no message is queued or in doubt (one may have just been added): one transaction. */
  completeIfDrained(id: string): boolean {
    const at = this.now().toISOString();
    return tx(
      this.db,
      () =>
        !this.outbox.hasPending(id) &&
        this.db
          .prepare(
            "UPDATE campaigns SET state = 'completed', pause_reason = NULL, updated_at = @at, finished_at = @at WHERE id = @id AND state = 'running'",
          )
          .run({ id, at }).changes === 1,
    );
  }

  /** Points campaigns still to send from one key at another (a rotation; the runner re-resolves anyway). */
  moveToKey(from: string, to: string, at: string): number {
    return this.db
      .prepare("UPDATE campaigns SET credential_id = ?, updated_at = ? WHERE credential_id = ? AND state IN ('ready', 'running', 'paused')")
      .run(to, at, from).changes;
  }

  /** Records which key the latest run used. */
  setKey(id: string, provider: ProviderId, credentialId: string, owner: 'own' | 'agency'): void {
    this.db
      .prepare('UPDATE campaigns SET provider = ?, credential_id = ?, key_owner = ?, updated_at = ? WHERE id = ?')
      .run(provider, credentialId, owner, this.now().toISOString(), id);
  }

  /**
   * Takes the sending lease for this process: refused while another live process holds it. A
   * process killed mid-run leaves its pid behind; it is taken over once that pid is gone.
   */
  acquireLease(id: string, pid: number): void {
    this.db
      .transaction(() => {
        const row = this.get(id);
        const at = this.now().getTime();
        if (leaseHeldElsewhere(row, pid, at))
          throw new AppError('CONFLICT', `This campaign is already being sent by another Switchboard process (pid ${row.runner_pid}).`);
        this.db.prepare('UPDATE campaigns SET runner_pid = ?, runner_heartbeat = ? WHERE id = ?').run(pid, at, id);
      })
      .immediate();
  }

  /** Keeps the lease fresh. */
  heartbeat(id: string, pid: number): void {
    this.db.prepare('UPDATE campaigns SET runner_heartbeat = ? WHERE id = ? AND runner_pid = ?').run(this.now().getTime(), id, pid);
  }

  /** Gives the lease up. */
  releaseLease(id: string, pid: number): void {
    this.db.prepare('UPDATE campaigns SET runner_pid = NULL, runner_heartbeat = NULL WHERE id = ? AND runner_pid = ?').run(id, pid);
  }

  /** Whether a run stopped without finishing: state running, but no live process holds it. */
  interrupted(row: CampaignRow): boolean {
    return runInterrupted(row, this.now().getTime());
  }

  /** Stores the rows an import did not turn into messages (inside the caller's transaction). */
  insertIssues(campaignId: string, issues: readonly RowIssueView[]): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO campaign_exclusions (campaign_id, line, kind, reason) VALUES (?, ?, ?, ?)');
    for (const issue of issues) stmt.run(campaignId, issue.line, issue.kind, issue.reason);
  }

  /** Copies an import's staged row issues (a temporary table of stage.ts) in (call inside the creating transaction). */
  insertStagedIssues(campaignId: string, stagingTable: string): void {
    this.db
      .prepare(
        `INSERT INTO campaign_exclusions (campaign_id, line, kind, reason) SELECT ?, line, kind, reason FROM ${stagingTable} ORDER BY line`,
      )
      .run(campaignId);
  }

  /** A page of row issues, by line. */
  issues(
    campaignId: string,
    options: { offset?: number; limit?: number; kind?: RowIssueView['kind'] } = {},
  ): { total: number; rows: RowIssueView[] } {
    const where = options.kind ? 'campaign_id = ? AND kind = ?' : 'campaign_id = ?';
    const args: string[] = options.kind ? [campaignId, options.kind] : [campaignId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM campaign_exclusions WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT line, kind, reason FROM campaign_exclusions WHERE ${where} ORDER BY line LIMIT ? OFFSET ?`)
      .all(...args, Math.min(options.limit ?? 100, 100_000), options.offset ?? 0) as RowIssueView[];
    return { total, rows };
  }
}
