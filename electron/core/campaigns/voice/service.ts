/**
 * The voice campaigns service: create (import, do-not-call, windows, estimate), run in this process
 * through a placer (the voice runner), pause, resume, cancel, dial again what was left in doubt,
 * and the views the console and the CLI read. Progress is pushed to listeners as leads move.
 */
import { AppError } from '../../../../shared/errors';
import type { RowIssueView } from '../../../../shared/campaigns';
import type {
  CeilingView,
  CreatedVoiceCampaign,
  LeadState,
  VoiceCampaignProgress,
  VoiceCampaignView,
  VoiceLeadView,
} from '../../../../shared/voice-campaigns';
import type { Actor } from '../../audit/audit';
import { TokenBucket } from '../../messaging/bucket';
import { type Clock, realClock } from '../../voice/clock';
import { assertStartable, cancelCampaign, inBackground, type MovesDeps, pauseCampaign, reopenCampaign, RunBook } from '../kernel/runs';
import { createVoiceCampaign, type VoiceCreateInput } from './create';
import { voiceCampaignCsv } from './export';
import type { VoiceRunner } from '../../voice/runner/runner';
import type { VoiceCampaignDeps } from './deps';
import { runnerPlacer, type CallPlacer } from './placer';
import { ceilingOf, workspaceLimit } from './ceiling';
import { VoiceCampaignRepo, type VoiceCampaignRow } from './repo';
import { VoiceCampaignRun, type VoiceRunOptions } from './run';
import { leadView, progressOf, voiceCampaignView } from './view';

/** The runner's own maximum when none is running (VoiceRunner's default). */
const DEFAULT_RUNNER_MAX = 25;

const NO_RUNNER = 'Start the voice runner first: carriers need your public URL or the ngrok tunnel to reach this computer.';

/** What a run dials through: a placer (benches put simulated calls behind one), or a runner; by default the core's running runner. */
export interface RunVia {
  readonly placer?: CallPlacer;
  readonly runner?: VoiceRunner;
}

/** Voice campaigns and their call outbox. */
export class VoiceCampaigns {
  /** The campaign and lead rows. */
  readonly repo: VoiceCampaignRepo;
  private readonly runs = new RunBook<VoiceCampaignRun, VoiceCampaignProgress>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clock: Clock;

  constructor(
    private readonly deps: VoiceCampaignDeps,
    private readonly setup: { readonly clock?: Clock; readonly options?: VoiceRunOptions } = {},
  ) {
    this.clock = setup.clock ?? realClock();
    this.repo = new VoiceCampaignRepo(deps.db, () => deps.now());
  }

  /** What the operator's moves (campaigns/kernel/runs.ts) need. */
  private get moves(): MovesDeps<VoiceCampaignRun, VoiceCampaignProgress> {
    const { deps } = this;
    return { rows: this.repo, audit: deps.audit, db: deps.db, runs: this.runs, words: { again: 'call again', runBy: 'run' } };
  }

  /** Reads the contacts and stores a campaign ready to run, with its estimate. */
  async create(input: VoiceCreateInput, actor: Actor): Promise<CreatedVoiceCampaign> {
    const { deps } = this;
    const made = await createVoiceCampaign(
      {
        db: deps.db,
        workspaces: deps.workspaces,
        agents: deps.agents,
        dnc: deps.dnc,
        resolver: deps.resolver,
        repo: this.repo,
        audit: deps.audit,
        now: deps.now,
      },
      input,
      actor,
    );
    return { campaign: this.get(made.id), issues: made.issues, warnings: made.warnings };
  }

  /** Whether `id` is a voice campaign. */
  has(id: string): boolean {
    return this.repo.has(id);
  }

  /** A campaign with its counts, outcomes, usage, live calls and (while it runs here) its ceiling. */
  get(id: string): VoiceCampaignView {
    const row = this.repo.get(id);
    return voiceCampaignView(row, this.repo, this.deps.db, this.ceilingOf(row), this.deps.now().getTime());
  }

  /** The ceiling a campaign runs (or would run) at, and why: its run's when it runs here, else from the workspace's Anthropic key's last check. */
  private ceilingOf(row: VoiceCampaignRow): CeilingView | null {
    const running = this.runs.get(row.id)?.run.ceiling(row);
    if (running) return running;
    const limit = workspaceLimit(this.deps, row.workspace_id);
    if (!limit) return null;
    return ceilingOf(limit, {
      campaignCap: row.max_concurrent,
      runnerMax: this.deps.runner()?.maxCalls ?? DEFAULT_RUNNER_MAX,
      carrierCps: row.cps,
      workspaceCallsNow: this.repo.liveInWorkspace(row.workspace_id).calls,
      sharedWith: this.repo.othersRunning(row.workspace_id, row.id),
    });
  }

  /** A workspace's voice campaigns, newest first. */
  list(workspaceId: string): VoiceCampaignView[] {
    this.deps.workspaces.get(workspaceId);
    return this.repo.list(workspaceId).map((r) => this.get(r.id));
  }

  /** A page of leads with their calls. */
  leads(id: string, options: { state?: LeadState; offset?: number; limit?: number } = {}): { total: number; rows: VoiceLeadView[] } {
    this.repo.get(id);
    const page = this.repo.page(id, options);
    return { total: page.total, rows: page.rows.map(leadView) };
  }

  /** Every CSV row that did not become a lead, a page at a time. */
  issues(id: string, options: { offset?: number; limit?: number } = {}): { total: number; rows: RowIssueView[] } {
    this.repo.get(id);
    return this.repo.issues(id, options);
  }

  /**
   * The campaign as CSV: each lead with its call, the call's summary and a column per extracted field
   * (the vault must be unlocked to open them). Audited as campaign.export.
   */
  exportCsv(id: string, actor: Actor): { filename: string; content: string; rows: number } {
    const campaign = this.repo.get(id);
    const fields = campaign.agent_id === null ? [] : (this.deps.schemas.forAgent(campaign.agent_id)?.fields ?? []);
    const { csv, rows } = voiceCampaignCsv({ repo: this.repo, calls: this.deps.calls, fields }, campaign);
    this.deps.audit.append({
      actor,
      action: 'campaign.export',
      workspaceId: campaign.workspace_id,
      target: campaign.id,
      detail: { channel: 'voice', rows },
    });
    const slug =
      campaign.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'campaign';
    return { filename: `${slug}-calls.csv`, content: csv, rows };
  }

  /**
   * Dials in this process (through `via`: a placer, a runner, else the core's running runner);
   * resolves when the run ends (done, paused, cancelled or refused). Resuming a campaign whose paused
   * run still has calls on the line takes effect at once: that run dials again (through `via`) while
   * those calls go on.
   */
  async run(id: string, actor: Actor, via: RunVia = {}, options?: VoiceRunOptions): Promise<VoiceCampaignView> {
    const placer = this.placerOf(via);
    const existing = this.runs.get(id);
    if (existing) {
      // A paused run still winding down its calls on the line takes the campaign back at once.
      if (existing.run.isStopping && existing.run.resume(actor, placer)) {
        this.emitNow(id);
        await existing.done;
        return this.get(id);
      }
      const resume = existing.run.isStopping;
      await existing.done;
      return resume ? this.run(id, actor, via, options) : this.get(id);
    }
    const run = new VoiceCampaignRun(
      {
        deps: this.deps,
        repo: this.repo,
        placer,
        pace: (k, cps) => this.pace(k, cps),
        clock: this.clock,
        emit: (p) => this.emit(p),
        options: options ?? this.setup.options,
      },
      id,
      actor,
    );
    await this.runs.launch(id, run, () => run.run());
    return this.get(id);
  }

  /** Starts (or resumes) in the background through the core's running runner and returns at once; failures arrive as progress. */
  start(id: string, actor: Actor): VoiceCampaignView {
    const runner = this.deps.runner();
    if (!runner) throw new AppError('INVALID_INPUT', NO_RUNNER);
    assertStartable(this.moves, this.repo.get(id));
    inBackground(this.run(id, actor, { runner }), 'voice campaign', () => this.emitNow(id));
    return this.get(id);
  }

  /** Pauses: nothing more is dialled; calls in progress finish (a resume meanwhile takes effect at once). */
  pause(id: string, actor: Actor): VoiceCampaignView {
    pauseCampaign(this.moves, this.repo.get(id), actor, { channel: 'voice' });
    this.emitNow(id);
    return this.get(id);
  }

  /** Cancels: queued leads are dropped (calls in progress finish); a cancelled campaign cannot resume. */
  cancel(id: string, actor: Actor): VoiceCampaignView {
    cancelCampaign(
      this.moves,
      this.repo.get(id),
      actor,
      () => this.repo.cancelQueued(id),
      (dropped) => ({ channel: 'voice', dropped }),
    );
    this.emitNow(id);
    return this.get(id);
  }

  /**
   * Queues again the calls left in doubt (Exotel, which cannot be asked), once the operator has
   * checked its call log; `run` or `start` dials them. `expected` must still be the count shown.
   */
  dialAgain(id: string, actor: Actor, expected?: number): VoiceCampaignView {
    reopenCampaign(
      this.moves,
      this.repo.get(id),
      {
        busy: 'This campaign is running: pause it first, then dial the calls in doubt again.',
        count: () => this.repo.inDoubt(id),
        expected,
        moved: (now) => `${now} calls are in doubt now, not ${expected}: look at the campaign again before dialling them.`,
        requeue: () => this.repo.dialAgain(id, this.deps.now().getTime()),
        nothing: 'No call of this campaign is in doubt, so there is nothing to dial again.',
      },
      (queued) => ({ actor, action: 'campaign.dial-again', detail: { leads: queued } }),
    );
    this.emitNow(id);
    return this.get(id);
  }

  /**
   * Deletes a campaign that is not running: its calls with their sealed transcripts (no copy is
   * kept; usage totals stay, the money was spent), its leads and its import report. Audited.
   */
  delete(id: string, actor: Actor): { calls: number } {
    const campaign = this.repo.get(id);
    if (this.runs.has(id) || (campaign.state === 'running' && !this.repo.interrupted(campaign)))
      throw new AppError('CONFLICT', 'This campaign is running: pause or cancel it first, then delete it.');
    const calls = this.deps.calls.deleteByCampaign(campaign.workspace_id, id, actor);
    this.deps.db.transaction(() => {
      this.repo.deleteCampaign(id);
      this.deps.audit.append({
        actor,
        action: 'campaign.delete',
        workspaceId: campaign.workspace_id,
        target: id,
        detail: { channel: 'voice', calls },
      });
    })();
    return { calls };
  }

  /** Waits for every run of this process to end (shutdown). */
  drain(): Promise<void> {
    return this.runs.drain();
  }

  /** Subscribes to progress; returns the unsubscribe function. */
  onProgress(listener: (progress: VoiceCampaignProgress) => void): () => void {
    return this.runs.onProgress(listener);
  }

  /** One carrier account's pace, shared by this process's campaigns dialling through it (the lowest rate asked). */
  private pace(key: string, cps: number): TokenBucket {
    const bucket = this.buckets.get(key);
    if (bucket && bucket.ratePerSec <= cps) return bucket;
    const fresh = new TokenBucket(cps, () => this.clock.now());
    this.buckets.set(key, fresh);
    return fresh;
  }

  /** Where a run's calls go: the given placer, else the given runner, else the core's running one. */
  private placerOf(via: RunVia): CallPlacer {
    if (via.placer) return via.placer;
    const runner = via.runner ?? this.deps.runner();
    if (!runner) throw new AppError('INVALID_INPUT', NO_RUNNER);
    return runnerPlacer(this.deps, runner);
  }

  private emitNow(id: string): void {
    const row = this.repo.get(id);
    this.emit(progressOf(row, this.repo, this.deps.db, this.ceilingOf(row), null, this.deps.now()));
  }

  private emit(progress: VoiceCampaignProgress): void {
    this.runs.emit(progress);
  }
}
