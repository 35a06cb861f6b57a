/** What both channels' progress and views share (docs/ARCHITECTURE.md, "Campaign kernel"). */
import type { CampaignState, ImportSummary } from '../../../../shared/campaigns';
import { formatWindow } from '../../messaging/window';
import type { StoredImport } from './create';

/** An epoch time as ISO 8601, or null. */
export function isoOrNull(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

/** The columns every campaign row has, messaging or voice. */
export interface CommonRow {
  readonly id: string;
  readonly workspace_id: string;
  readonly name: string;
  readonly state: CampaignState;
  readonly pause_reason: string | null;
  readonly window_start: number;
  readonly window_end: number;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

/** The fields every campaign view has, messaging or voice. */
export interface CommonView<Estimate> {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly state: CampaignState;
  readonly pauseReason: string | null;
  readonly interrupted: boolean;
  readonly window: string;
  readonly imported: ImportSummary;
  readonly estimate: Estimate;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** The fields every campaign view has, from its row and its stored import record. */
export function commonView<Estimate>(row: CommonRow, record: StoredImport<Estimate>, interrupted: boolean): CommonView<Estimate> {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    state: row.state,
    pauseReason: row.pause_reason,
    interrupted,
    window: formatWindow({ start: row.window_start, end: row.window_end }),
    imported: record.imported,
    estimate: record.estimate,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Requests that went in the last few seconds, on the run's clock: the per-second figure of the progress line. */
export class RateMeter {
  private readonly times: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly spanMs = 5_000,
  ) {}

  /** Counts `count` requests as gone now. */
  add(count: number): void {
    const at = this.now();
    for (let index = 0; index < count; index += 1) this.times.push(at);
  }

  /** Requests per second over the span. */
  perSecond(): number {
    const from = this.now() - this.spanMs;
    while (this.times.length > 0 && (this.times[0] ?? 0) < from) this.times.shift();
    return this.times.length / (this.spanMs / 1000);
  }
}
