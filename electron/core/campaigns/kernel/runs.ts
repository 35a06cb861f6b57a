/**
 * What both channels' services share (docs/ARCHITECTURE.md, "Campaign kernel"): the runs of this
 * process and the listeners to their progress, and the operator's moves — start, pause, cancel,
 * and reopening a campaign whose failures were checked — with the one sentence each refusal says.
 */
import { CAMPAIGN_MOVES, type CampaignMove, type CampaignState, campaignOver } from '../../../../shared/campaigns';
import { AppError } from '../../../../shared/errors';
import type { Actor, AuditLog } from '../../audit/audit';
import type { Db } from '../../store/db';
import type { CampaignRows } from './control';
import type { RunLease } from './lease';

/** A run as the service sees it. */
export interface StoppableRun {
  stop(why: 'pause' | 'cancel'): void;
  readonly isStopping: boolean;
}

/** How a channel words its refusals: what doing it again is, and what a run does to a campaign. */
export interface ChannelWords {
  /** `send again`, `call again`. */
  readonly again: string;
  /** `sent`, `run` (as in "being sent by another Switchboard process"). */
  readonly runBy: string;
}

/** The runs of one channel in this process, and who listens to their progress. */
export class RunBook<Run extends StoppableRun, Progress> {
  private readonly runs = new Map<string, { readonly run: Run; readonly done: Promise<void> }>();
  private readonly listeners = new Set<(progress: Progress) => void>();

  /** The campaign's run in this process, with the promise of its end. */
  get(id: string): { readonly run: Run; readonly done: Promise<void> } | undefined {
    return this.runs.get(id);
  }

  /** Whether this process runs the campaign now. */
  has(id: string): boolean {
    return this.runs.has(id);
  }

  /** Starts a run and keeps it until it ends; resolves when it has. */
  launch(id: string, run: Run, go: () => Promise<void>): Promise<void> {
    const done = go().finally(() => this.runs.delete(id));
    this.runs.set(id, { run, done });
    return done;
  }

  /** Asks every run to pause and waits for them to end (shutdown). */
  async drain(): Promise<void> {
    for (const { run } of this.runs.values()) run.stop('pause');
    await Promise.allSettled([...this.runs.values()].map((entry) => entry.done));
  }

  /** Subscribes to progress; returns the unsubscribe function. */
  onProgress(listener: (progress: Progress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener. */
  emit(progress: Progress): void {
    for (const listener of this.listeners) {
      try {
        listener(progress);
      } catch {
        // A listener's failure (a closed window) must not stop a campaign.
      }
    }
  }
}

/** A campaign row as the operator's moves read it. */
export type MovableRow = RunLease & { readonly id: string; readonly state: CampaignState; readonly workspace_id: string };

/** What the operator's moves need: the channel's rows, the audit log, the database for one transaction, its runs and words. */
export interface MovesDeps<Run extends StoppableRun, Progress> {
  readonly rows: Pick<CampaignRows, 'setState'> & { interrupted(row: MovableRow): boolean };
  readonly audit: Pick<AuditLog, 'append'>;
  readonly db: Db;
  readonly runs: RunBook<Run, Progress>;
  readonly words: ChannelWords;
}

/** Moves a campaign's state (CAMPAIGN_MOVES); false when it was not in a state the move starts from. */
export function moveCampaign(rows: Pick<CampaignRows, 'setState'>, id: string, name: CampaignMove, reason: string | null = null): boolean {
  const { to, from } = CAMPAIGN_MOVES[name];
  return rows.setState(id, to, from, reason);
}

/** Refuses to start a campaign that is over, or that a live process elsewhere runs. */
export function assertStartable<Run extends StoppableRun, Progress>(deps: MovesDeps<Run, Progress>, row: MovableRow): void {
  if (campaignOver(row.state)) throw new AppError('CONFLICT', `This campaign is ${row.state}; create a new one to ${deps.words.again}.`);
  if (row.state === 'running' && !deps.runs.has(row.id) && !deps.rows.interrupted(row)) {
    throw new AppError('CONFLICT', `This campaign is already being ${deps.words.runBy} by another Switchboard process.`);
  }
}

/** Runs in the background: what stops it is logged (its progress says the rest). */
export function inBackground(run: Promise<unknown>, label: string, then: () => void): void {
  void run.catch((err: unknown) => {
    console.error(`[${label}] run stopped: ${err instanceof AppError ? err.code : err instanceof Error ? err.name : 'error'}`);
    then();
  });
}

/** The operator pauses: the run stops taking new work (what is in flight finishes). */
export function pauseCampaign<Run extends StoppableRun, Progress>(
  deps: MovesDeps<Run, Progress>,
  row: MovableRow,
  actor: Actor,
  detail: Record<string, unknown>,
): void {
  if (!moveCampaign(deps.rows, row.id, 'pause')) throw new AppError('CONFLICT', `This campaign is ${row.state}, not running.`);
  deps.runs.get(row.id)?.run.stop('pause');
  deps.audit.append({ actor, action: 'campaign.pause', workspaceId: row.workspace_id, target: row.id, detail });
}

/**
 * The operator cancels: in one transaction the state moves and `drop` drops what was queued (its
 * count goes into the audit row's `detail`); then the run stops. Returns whether a run of this
 * process was stopped.
 */
export function cancelCampaign<Run extends StoppableRun, Progress>(
  deps: MovesDeps<Run, Progress>,
  row: MovableRow,
  actor: Actor,
  drop: () => number,
  detail: (dropped: number) => Record<string, unknown>,
): boolean {
  deps.db.transaction(() => {
    if (!moveCampaign(deps.rows, row.id, 'cancel')) throw new AppError('CONFLICT', `This campaign is already ${row.state}.`);
    const dropped = drop();
    deps.audit.append({ actor, action: 'campaign.cancel', workspaceId: row.workspace_id, target: row.id, detail: detail(dropped) });
  })();
  const run = deps.runs.get(row.id);
  run?.run.stop('cancel');
  return run !== undefined;
}

/** What reopening a campaign asks and says, in the channel's words. */
export interface Reopening {
  /** Why a running campaign is refused. */
  readonly busy: string;
  /** How many are to be done again now, and how many the operator confirmed. */
  readonly count: () => number;
  readonly expected?: number;
  /** The sentence when the count moved since the operator looked. */
  readonly moved: (now: number) => string;
  /** Queues them again; returns how many. */
  readonly requeue: () => number;
  /** The sentence when there is nothing to do again. */
  readonly nothing: string;
}

/**
 * Queues again what failed without a confirmed answer, once the operator has checked the provider's
 * log: refused while cancelled or running (`busy` says so); in one transaction the count must still
 * be `expected`, `requeue` queues them (none: `nothing` says so), and a finished campaign opens again,
 * paused. Returns how many were queued.
 */
export function reopenCampaign<Run extends StoppableRun, Progress>(
  deps: MovesDeps<Run, Progress>,
  row: MovableRow,
  reopening: Reopening,
  audit: (queued: number) => { readonly actor: Actor; readonly action: string; readonly detail: Record<string, unknown> },
): number {
  if (row.state === 'cancelled') throw new AppError('CONFLICT', `This campaign was cancelled; create a new one to ${deps.words.again}.`);
  if (row.state === 'running' && (deps.runs.has(row.id) || !deps.rows.interrupted(row))) throw new AppError('CONFLICT', reopening.busy);
  return deps.db.transaction(() => {
    // What the operator confirmed must still be what goes: a count that moved means look again.
    const now = reopening.count();
    if (reopening.expected !== undefined && now !== reopening.expected) throw new AppError('CONFLICT', reopening.moved(now));
    const queued = reopening.requeue();
    if (queued === 0) throw new AppError('CONFLICT', reopening.nothing);
    moveCampaign(deps.rows, row.id, 'reopen');
    deps.audit.append({ ...audit(queued), workspaceId: row.workspace_id, target: row.id });
    return queued;
  })();
}
