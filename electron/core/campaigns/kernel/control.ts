/**
 * The part of a campaign run both channels share (docs/ARCHITECTURE.md, "Campaign kernel"): the run
 * lease and its heartbeat, the state changes with their audit rows, stopping (asked here, or seen in
 * the database when another process pauses or cancels), the work in flight, and time — every wait
 * and every throttle reads the run's clock. A channel's run holds one of these and plugs in what it
 * does: send a message or place a call, and what it records.
 */
import { type CampaignMove, CAMPAIGN_MOVES, type CampaignState, campaignOver } from '../../../../shared/campaigns';
import { AppError, type ErrorCode } from '../../../../shared/errors';
import type { Actor, AuditLog } from '../../audit/audit';
import type { Clock } from '../../voice/clock';
import { keepFresh } from './lease';

/** What the kernel asks of a channel's repository about its campaign rows. */
export interface CampaignRows {
  get(id: string): { readonly state: CampaignState; readonly workspace_id: string };
  setState(id: string, to: CampaignState, from: readonly CampaignState[], reason?: string | null): boolean;
  acquireLease(id: string, pid: number): void;
  heartbeat(id: string, pid: number): void;
  releaseLease(id: string, pid: number): void;
}

/** Why a run stops: asked to (pause, cancel), refused (a key, the runner), or seen stopped from elsewhere. */
export type StopReason = 'pause' | 'cancel' | 'auth' | 'external';

/** What a run's control is built from. */
export interface ControlDeps {
  readonly rows: CampaignRows;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  /** Added to the audit detail of the run's start and resume (voice says `channel: 'voice'`). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** What a channel plugs into a run. */
export interface RunHooks<Row> {
  /** The AppError codes that keep a run from starting: the campaign pauses with the error's sentence. */
  readonly refusals: readonly ErrorCode[];
  /** Resolves what the run needs (keys, paces) before the campaign is marked running; throws a refusal. */
  prepare(row: Row): void;
  /** Work besides the campaign's own heartbeat on each beat (another lease to keep fresh). */
  beat?(): void;
  /** Sends or dials until done or stopped. */
  body(row: Row): Promise<void>;
  /** Once every request or call in flight has settled, before the lease is given up. */
  wrapUp?(): void;
  /** Pushes progress (`force`: now, whatever the throttle says). */
  emit(force: boolean): void;
}

/** Stopped-state polls and progress pushes are throttled to these, on the run's clock. */
const POLL_MS = 100;
const EMIT_MS = 500;

/** One run's lease, state, stopping, work in flight and time. */
export class RunControl {
  /** Ids of the rows (messages, leads) this run has in flight: a recovery leaves them alone. */
  readonly held = new Set<number>();
  private readonly pending = new Set<Promise<void>>();
  private stopping: StopReason | null = null;
  private wake: (() => void) | null = null;
  private lastPoll = Number.NEGATIVE_INFINITY;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private done = false;

  constructor(
    private readonly deps: ControlDeps,
    readonly campaignId: string,
    private actor: Actor,
  ) {}

  /** The run's clock, in milliseconds (only differences mean anything). */
  get clock(): Clock {
    return this.deps.clock;
  }

  /** Who started (or last resumed) the run. */
  get startedBy(): Actor {
    return this.actor;
  }

  /** Requests or calls still in flight. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Whether the run is winding down (a new run may follow once it has). */
  get isStopping(): boolean {
    return this.stopping !== null;
  }

  /** Whether the run has ended, or is ending (nothing new can be taken back by it). */
  get ended(): boolean {
    return this.done;
  }

  /** Marks the run as ending: a resume from now on starts a new run. */
  end(): void {
    this.done = true;
  }

  /** Asks the run to stop (work in flight finishes); the caller records the new state. */
  stop(why: 'pause' | 'cancel'): void {
    this.stopping ??= why;
    this.kick();
  }

  /** Whether the run should stop; a pause or cancel from another process (the CLI) shows up here within POLL_MS. */
  stopped(): boolean {
    if (this.stopping) return true;
    const at = this.deps.clock.now();
    if (at - this.lastPoll >= POLL_MS) {
      this.lastPoll = at;
      if (this.deps.rows.get(this.campaignId).state !== 'running') this.stopping = 'external';
    }
    return this.stopping !== null;
  }

  /**
   * One run: takes the lease and keeps it fresh, prepares (a refusal pauses the campaign, saying
   * why), marks the campaign running with its audit row, runs the channel's body; then waits for
   * the work in flight, wraps up and gives the lease back. Over campaigns are left alone.
   */
  async run<Row extends { readonly id: string; readonly state: CampaignState; readonly workspace_id: string }>(
    row: Row,
    hooks: RunHooks<Row>,
  ): Promise<void> {
    if (campaignOver(row.state)) return;
    const { rows } = this.deps;
    rows.acquireLease(row.id, process.pid);
    const stopBeating = keepFresh(this.deps.clock, () => {
      rows.heartbeat(row.id, process.pid);
      hooks.beat?.();
    });
    try {
      try {
        hooks.prepare(row);
      } catch (err) {
        if (!(err instanceof AppError) || !hooks.refusals.includes(err.code)) throw err;
        this.halt(row.workspace_id, err.message, 'refuse');
        return;
      }
      if (!this.move('start')) return;
      const action = row.state === 'ready' ? 'campaign.start' : 'campaign.resume';
      this.deps.audit.append({ actor: this.actor, action, workspaceId: row.workspace_id, target: row.id, detail: { ...this.deps.detail } });
      await hooks.body(row);
    } finally {
      this.done = true;
      await Promise.allSettled([...this.pending]);
      stopBeating();
      hooks.wrapUp?.();
      rows.releaseLease(row.id, process.pid);
      hooks.emit(true);
    }
  }

  /**
   * Takes a paused campaign back while this run winds down (its calls go on): marks it running with
   * an audit row and lets the body go on. False when the run cannot (it has ended, is not stopping,
   * or the campaign is no longer paused).
   */
  takeBack(actor: Actor, workspaceId: string): boolean {
    if (!this.deps.rows.setState(this.campaignId, CAMPAIGN_MOVES.resume.to, CAMPAIGN_MOVES.resume.from)) return false;
    this.deps.audit.append({ actor, action: 'campaign.resume', workspaceId, target: this.campaignId, detail: { ...this.deps.detail } });
    this.actor = actor;
    this.stopping = null;
    this.lastPoll = Number.NEGATIVE_INFINITY;
    this.kick();
    return true;
  }

  /** Moves the campaign's state (CAMPAIGN_MOVES); false when it was not in a state the move starts from. */
  move(name: CampaignMove, reason: string | null = null): boolean {
    const { to, from } = CAMPAIGN_MOVES[name];
    return this.deps.rows.setState(this.campaignId, to, from, reason);
  }

  /** The run pauses the campaign itself, saying why (a refused key, the runner gone), and stops. */
  halt(workspaceId: string, reason: string, how: Extract<CampaignMove, 'halt' | 'refuse' | 'refuseResume'> = 'halt'): void {
    this.stopping = 'auth';
    if (this.move(how, reason))
      this.deps.audit.append({ actor: 'system', action: 'campaign.pause', workspaceId, target: this.campaignId, detail: { reason } });
    this.kick();
  }

  /** Runs `work` for rows now in flight without waiting for it; `failed` hears what it threw. */
  track(ids: readonly number[], work: () => Promise<void>, failed: (err: unknown) => void): void {
    for (const id of ids) this.held.add(id);
    const running: Promise<void> = work()
      .catch(failed)
      .finally(() => {
        for (const id of ids) this.held.delete(id);
        this.pending.delete(running);
        this.kick();
      });
    this.pending.add(running);
  }

  /** Waits `ms` on the run's clock, or until a request or call in flight settles. */
  untilSettled(ms: number): Promise<void> {
    return Promise.race([this.wait(ms), ...this.pending]);
  }

  /** Waits `ms` on the run's clock. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, Math.max(0, ms)));
  }

  /** Waits `ms` on the run's clock, or until woken (work in flight ended, the run was stopped or taken back). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.deps.clock.clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Wakes the run's sleep. */
  kick(): void {
    this.wake?.();
  }

  /** Whether progress is due now: at most every EMIT_MS, unless `force`. */
  progressDue(force: boolean): boolean {
    const at = this.deps.clock.now();
    if (!force && at - this.lastEmit < EMIT_MS) return false;
    this.lastEmit = at;
    return true;
  }
}
