/**
 * The campaigns service: create (import, template, schedule, estimate), run in this process
 * (the CLI waits for it, the console lets it run), pause, resume, cancel, and the views the
 * console and the CLI read. Progress is pushed to listeners as the outbox moves.
 */
import type {
  CampaignProgress,
  CampaignView,
  CreatedCampaign,
  MessagePreview,
  MessageStatus,
  MessageView,
  RowIssueView,
} from '../../../shared/campaigns';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import { Buckets } from '../messaging/bucket';
import { DoNotContact } from '../messaging/dnc';
import { Outbox } from '../messaging/outbox';
import type { Resolver } from '../onboarding/resolve';
import type { Db } from '../store/db';
import type { Usage } from '../usage/usage';
import { type Clock, realClock } from '../voice/clock';
import type { Workspaces } from '../workspaces/workspaces';
import { createCampaign, type CreateInput } from './create';
import { previewOf } from './estimate';
import { assertStartable, cancelCampaign, inBackground, type MovesDeps, pauseCampaign, reopenCampaign, RunBook } from './kernel/runs';
import { CANCELLED_IN_DOUBT, MessagingRun, type RunOptions } from './messaging/run';
import { SenderLeases } from './messaging/sender-lease';
import { CampaignRepo } from './repo';
import { campaignView, messageView } from './view';

/** What the service is built from. */
export interface CampaignsDeps {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly resolver: Resolver;
  readonly usage: Usage;
  readonly audit: AuditLog;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  /** The runs' clock (default: the machine's monotonic one). */
  readonly clock?: Clock;
  readonly options?: RunOptions;
}

/** Campaigns and their outbox. */
export class Campaigns {
  readonly repo: CampaignRepo;
  readonly outbox: Outbox;
  readonly dnc: DoNotContact;
  private readonly buckets: Buckets;
  private readonly leases: SenderLeases;
  private readonly clock: Clock;
  private readonly runs = new RunBook<MessagingRun, CampaignProgress>();
  /** What the operator's moves (campaigns/kernel/runs.ts) need. */
  private readonly moves: MovesDeps<MessagingRun, CampaignProgress>;

  constructor(private readonly deps: CampaignsDeps) {
    this.repo = new CampaignRepo(deps.db, deps.now);
    this.outbox = new Outbox(deps.db, deps.now);
    this.dnc = new DoNotContact(deps.db, deps.audit, deps.now);
    this.leases = new SenderLeases(deps.db, process.pid, () => deps.now().getTime());
    this.clock = deps.clock ?? realClock();
    const clock = this.clock;
    this.buckets = new Buckets(() => clock.now());
    this.moves = { rows: this.repo, audit: deps.audit, db: deps.db, runs: this.runs, words: { again: 'send again', runBy: 'sent' } };
  }

  /** Reads the contacts, fills the template and stores a campaign ready to run. */
  async create(input: CreateInput, actor: Actor): Promise<CreatedCampaign> {
    const made = await createCampaign(
      {
        db: this.deps.db,
        workspaces: this.deps.workspaces,
        dnc: this.dnc,
        resolver: this.deps.resolver,
        repo: this.repo,
        audit: this.deps.audit,
        now: this.deps.now,
      },
      input,
      actor,
    );
    return { campaign: this.get(made.id), issues: made.issues, preview: made.preview, warnings: made.warnings };
  }

  /** A campaign with its counts. */
  get(id: string): CampaignView {
    return campaignView(this.repo.get(id), this.repo, this.outbox, this.deps.now().getTime());
  }

  /** A workspace's campaigns, newest first. */
  list(workspaceId: string): CampaignView[] {
    this.deps.workspaces.get(workspaceId);
    const now = this.deps.now().getTime();
    return this.repo.list(workspaceId).map((r) => campaignView(r, this.repo, this.outbox, now));
  }

  /** A page of the results table. */
  messages(id: string, options: { offset?: number; limit?: number; status?: MessageStatus } = {}): { total: number; rows: MessageView[] } {
    const campaign = this.get(id);
    const total = options.status ? campaign.counts[options.status] : campaign.counts.total;
    return { total, rows: this.outbox.page(id, { offset: options.offset, limit: options.limit, state: options.status }).map(messageView) };
  }

  /** Every CSV row that did not become a message, a page at a time. */
  issues(
    id: string,
    options: { offset?: number; limit?: number; kind?: RowIssueView['kind'] } = {},
  ): { total: number; rows: RowIssueView[] } {
    this.repo.get(id);
    return this.repo.issues(id, options);
  }

  /** The message of the contact at `index`, as it will be sent. */
  preview(id: string, index: number): MessagePreview {
    const campaign = this.repo.get(id);
    const message = this.outbox.at(id, index);
    if (!message) throw new AppError('NOT_FOUND', `The campaign has no contact number ${index + 1}.`);
    return previewOf(index, message, campaign.channel);
  }

  /** Sends in this process and resolves when the run ends (done, paused, cancelled or refused). */
  async run(id: string, actor: Actor, options?: RunOptions): Promise<CampaignView> {
    const existing = this.runs.get(id);
    if (existing) {
      // Asked while the last run is winding down (after a pause): that is a resume, so once it
      // has wound down a run starts again. Asked while it sends: wait for it to end.
      const resume = existing.run.isStopping;
      await existing.done;
      return resume ? this.run(id, actor, options) : this.get(id);
    }
    const deps = this.deps;
    const run = new MessagingRun(
      {
        db: deps.db,
        repo: this.repo,
        outbox: this.outbox,
        dnc: this.dnc,
        resolver: deps.resolver,
        usage: deps.usage,
        audit: deps.audit,
        workspaces: deps.workspaces,
        buckets: this.buckets,
        leases: this.leases,
        env: deps.env,
        now: deps.now,
        clock: this.clock,
        emit: (p) => this.runs.emit(p),
        options: options ?? deps.options,
      },
      id,
      actor,
    );
    await this.runs.launch(id, run, () => run.run());
    return this.get(id);
  }

  /** Starts (or resumes) sending in the background and returns at once; failures arrive as progress. */
  start(id: string, actor: Actor): CampaignView {
    assertStartable(this.moves, this.repo.get(id));
    // Lease and key problems are thrown synchronously enough to show; anything later is logged.
    inBackground(this.run(id, actor), 'campaign', () => this.emitNow(id));
    return this.get(id);
  }

  /** Pauses: nothing more is sent; what is in flight finishes. */
  pause(id: string, actor: Actor): CampaignView {
    pauseCampaign(this.moves, this.repo.get(id), actor, { by: actor });
    this.emitNow(id);
    return this.get(id);
  }

  /** Cancels: queued messages are dropped (in-flight ones finish); a cancelled campaign cannot resume. */
  cancel(id: string, actor: Actor): CampaignView {
    const campaign = this.repo.get(id);
    const runHere = cancelCampaign(
      this.moves,
      campaign,
      actor,
      () => this.outbox.cancelQueued(id),
      (dropped) => ({ dropped }),
    );
    // No run of this process or a live one elsewhere will look at rows left in doubt again: they fail now.
    if (!runHere && (campaign.state !== 'running' || this.repo.interrupted(campaign)))
      this.outbox.failInDoubt(id, new Set(), CANCELLED_IN_DOUBT);
    this.emitNow(id);
    return this.get(id);
  }

  /**
   * Queues again the messages that failed without a confirmed answer (in doubt, or out of
   * retries), once the operator has checked the provider's log; `run` or `start` sends them.
   * Messages the provider refused stay failed: they would be refused again.
   */
  sendAgain(id: string, actor: Actor, expected?: number): CampaignView {
    reopenCampaign(
      this.moves,
      this.repo.get(id),
      {
        busy: 'This campaign is sending: pause it first, then send the unconfirmed messages again.',
        count: () => this.outbox.unconfirmed(id),
        expected,
        moved: (now) => `${now} messages are unconfirmed now, not ${expected}: look at the campaign again before sending them.`,
        requeue: () => this.outbox.sendAgain(id, this.deps.now().getTime()),
        nothing: 'No message of this campaign failed without a confirmed answer, so there is nothing to send again.',
      },
      (queued) => ({ actor, action: 'campaign.send-again', detail: { messages: queued } }),
    );
    this.emitNow(id);
    return this.get(id);
  }

  /** Whether this process is sending the campaign now. */
  isRunningHere(id: string): boolean {
    return this.runs.has(id);
  }

  /** Waits for every run of this process to end (shutdown). */
  drain(): Promise<void> {
    return this.runs.drain();
  }

  /** Subscribes to progress; returns the unsubscribe function. */
  onProgress(listener: (progress: CampaignProgress) => void): () => void {
    return this.runs.onProgress(listener);
  }

  private emitNow(id: string): void {
    const campaign = this.get(id);
    const { counts, waiting, nextOpeningAt } = campaign;
    const at = this.deps.now().toISOString();
    this.runs.emit({
      campaignId: campaign.id,
      workspaceId: campaign.workspaceId,
      state: campaign.state,
      pauseReason: campaign.pauseReason,
      counts,
      waiting,
      nextOpeningAt,
      perSecond: 0,
      note: null,
      at,
    });
  }
}
