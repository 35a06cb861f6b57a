/**
 * The voice campaigns service: create (import, do-not-call, windows, estimate), run in this process
 * through a placer (the voice runner), pause, resume, cancel, dial again what was left in doubt,
 * and the views the console and the CLI read. Progress is pushed to listeners as leads move.
 */
import { AppError } from '../../../../shared/errors';
import type { RowIssueView } from '../../../../shared/campaigns';
import type { CeilingView, CreatedVoiceCampaign, LeadState, VoiceCampaignProgress, VoiceCampaignView, VoiceLeadView } from '../../../../shared/voice-campaigns';
import type { Actor } from '../../audit/audit';
import type { Core } from '../../app';
import { TokenBucket } from '../../messaging/bucket';
import { type Clock, realClock } from '../../voice/clock';
import { assertStartable, cancelCampaign, inBackground, type MovesDeps, pauseCampaign, reopenCampaign, RunBook } from '../kernel/runs';
import { createVoiceCampaign, type VoiceCreateInput } from './create';
import type { CallPlacer } from './placer';
import { ceilingOf, workspaceLimit } from './ceiling';
import { VoiceCampaignRepo, type VoiceCampaignRow } from './repo';
import { VoiceCampaignRun, type VoiceRunOptions } from './run';
import { leadView, progressOf, voiceCampaignView } from './view';

/** The runner's own maximum when none is running (VoiceRunner's default). */
const DEFAULT_RUNNER_MAX = 25;

/** Voice campaigns and their call outbox. */
export class VoiceCampaigns {
  private repoOnce: VoiceCampaignRepo | null = null;
  private readonly runs = new RunBook<VoiceCampaignRun, VoiceCampaignProgress>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clock: Clock;

  constructor(
    private readonly core: () => Core,
    private readonly o: { readonly clock?: Clock; readonly options?: VoiceRunOptions } = {},
  ) {
    this.clock = o.clock ?? realClock();
  }

  /** The campaign and lead rows (made on first use: the core is still being built when this service is). */
  get repo(): VoiceCampaignRepo {
    this.repoOnce ??= new VoiceCampaignRepo(this.core().db, () => this.core().now());
    return this.repoOnce;
  }

  /** What the operator's moves (campaigns/kernel/runs.ts) need. */
  private get moves(): MovesDeps<VoiceCampaignRun, VoiceCampaignProgress> {
    const core = this.core();
    return { rows: this.repo, audit: core.audit, db: core.db, runs: this.runs, words: { again: 'call again', runBy: 'run' } };
  }

  /** Reads the contacts and stores a campaign ready to run, with its estimate. */
  async create(input: VoiceCreateInput, actor: Actor): Promise<CreatedVoiceCampaign> {
    const core = this.core();
    const made = await createVoiceCampaign({ db: core.db, workspaces: core.workspaces, agents: core.agents, dnc: core.campaigns.dnc, resolver: core.resolver, repo: this.repo, audit: core.audit, now: core.now }, input, actor);
    return { campaign: this.get(made.id), issues: made.issues, warnings: made.warnings };
  }

  /** Whether `id` is a voice campaign. */
  has(id: string): boolean {
    return this.repo.has(id);
  }

  /** A campaign with its counts, outcomes, usage, live calls and (while it runs here) its ceiling. */
  get(id: string): VoiceCampaignView {
    const row = this.repo.get(id);
    return voiceCampaignView(row, this.repo, this.core().db, this.ceilingOf(row), this.core().now().getTime());
  }

  /** The ceiling a campaign runs (or would run) at, and why: its run's when it runs here, else from the workspace's Anthropic key's last check. */
  private ceilingOf(row: VoiceCampaignRow): CeilingView | null {
    const running = this.runs.get(row.id)?.run.ceiling(row);
    if (running) return running;
    const core = this.core();
    const limit = workspaceLimit(core, row.workspace_id);
    if (!limit) return null;
    return ceilingOf(limit, { campaignCap: row.max_concurrent, runnerMax: core.voice.current()?.maxCalls ?? DEFAULT_RUNNER_MAX, carrierCps: row.cps, workspaceCallsNow: this.repo.liveInWorkspace(row.workspace_id).calls, sharedWith: this.repo.othersRunning(row.workspace_id, row.id) });
  }

  /** A workspace's voice campaigns, newest first. */
  list(workspaceId: string): VoiceCampaignView[] {
    this.core().workspaces.get(workspaceId);
    return this.repo.list(workspaceId).map((r) => this.get(r.id));
  }

  /** A page of leads with their calls. */
  leads(id: string, o: { state?: LeadState; offset?: number; limit?: number } = {}): { total: number; rows: VoiceLeadView[] } {
    this.repo.get(id);
    const page = this.repo.page(id, o);
    return { total: page.total, rows: page.rows.map(leadView) };
  }

  /** Every CSV row that did not become a lead, a page at a time. */
  issues(id: string, o: { offset?: number; limit?: number } = {}): { total: number; rows: RowIssueView[] } {
    this.repo.get(id);
    return this.repo.issues(id, o);
  }

  /**
   * Dials in this process through `placer`; resolves when the run ends (done, paused, cancelled or
   * refused). Resuming a campaign whose paused run still has calls on the line takes effect at once:
   * that run dials again (through `placer`) while those calls go on.
   */
  async run(id: string, actor: Actor, placer: CallPlacer, options?: VoiceRunOptions): Promise<VoiceCampaignView> {
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
      return resume ? this.run(id, actor, placer, options) : this.get(id);
    }
    const run = new VoiceCampaignRun({ core: this.core(), repo: this.repo, placer, pace: (k, cps) => this.pace(k, cps), clock: this.clock, emit: (p) => this.emit(p), options: options ?? this.o.options }, id, actor);
    await this.runs.launch(id, run, () => run.run());
    return this.get(id);
  }

  /** Starts (or resumes) in the background through `placer` and returns at once; failures arrive as progress. */
  start(id: string, actor: Actor, placer: CallPlacer): VoiceCampaignView {
    assertStartable(this.moves, this.repo.get(id));
    inBackground(this.run(id, actor, placer), 'voice campaign', () => this.emitNow(id));
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
    cancelCampaign(this.moves, this.repo.get(id), actor, () => this.repo.cancelQueued(id), (dropped) => ({ channel: 'voice', dropped }));
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
        requeue: () => this.repo.dialAgain(id, this.core().now().getTime()),
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
    const c = this.repo.get(id);
    const core = this.core();
    if (this.runs.has(id) || (c.state === 'running' && !this.repo.interrupted(c))) throw new AppError('CONFLICT', 'This campaign is running: pause or cancel it first, then delete it.');
    const calls = core.calls.deleteByCampaign(c.workspace_id, id, actor);
    core.db.transaction(() => {
      this.repo.deleteCampaign(id);
      core.audit.append({ actor, action: 'campaign.delete', workspaceId: c.workspace_id, target: id, detail: { channel: 'voice', calls } });
    })();
    return { calls };
  }

  /** Waits for every run of this process to end (shutdown). */
  drain(): Promise<void> {
    return this.runs.drain();
  }

  /** Subscribes to progress; returns the unsubscribe function. */
  onProgress(listener: (p: VoiceCampaignProgress) => void): () => void {
    return this.runs.onProgress(listener);
  }

  /** One carrier account's pace, shared by this process's campaigns dialling through it (the lowest rate asked). */
  private pace(key: string, cps: number): TokenBucket {
    const b = this.buckets.get(key);
    if (b && b.ratePerSec <= cps) return b;
    const fresh = new TokenBucket(cps, () => this.clock.now());
    this.buckets.set(key, fresh);
    return fresh;
  }

  private emitNow(id: string): void {
    const row = this.repo.get(id);
    this.emit(progressOf(row, this.repo, this.core().db, this.ceilingOf(row), null, this.core().now()));
  }

  private emit(p: VoiceCampaignProgress): void {
    this.runs.emit(p);
  }
}
