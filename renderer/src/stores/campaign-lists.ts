/**
 * What the messaging and voice campaign stores share (docs/ARCHITECTURE.md, "Campaign kernel"): the
 * lists by workspace with their load errors, live progress by campaign, the import report of the
 * campaign being looked at a page at a time, and the moves that answer with a fresh view of it.
 */
import type { RowIssueView } from '../../../shared/campaigns';
import type { ErrorInfo, Result } from '../lib/api';
import { type ByWorkspace, putInWorkspace } from './by-workspace';

/** Rows per page of a campaign's tables and import report. */
export const PAGE = 50;

/** A page of an import report. */
export interface IssuePage {
  readonly total: number;
  readonly rows: RowIssueView[];
}

/** A campaign view as the lists hold it. */
interface Listed {
  readonly id: string;
  readonly workspaceId: string;
}

/** The state both campaign stores hold. */
export interface CampaignListState<View, Progress> {
  readonly byWorkspace: ByWorkspace<View>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  /** Live numbers pushed from main, by campaign. */
  readonly progress: Readonly<Record<string, Progress>>;
  readonly issues: (IssuePage & { readonly id: string; readonly offset: number }) | null;
}

/** How a channel's store reaches main for its lists and import reports. */
export interface CampaignListApi<View> {
  list(workspaceId: string): Promise<Result<readonly View[]>>;
  issues(id: string, offset: number, limit: number): Promise<Result<IssuePage>>;
}

/** The actions both stores share, over one store's `set` and `get`. */
export function campaignLists<View extends Listed, Progress>(
  set: (partial: Partial<CampaignListState<View, Progress>>) => void,
  get: () => CampaignListState<View, Progress>,
  api: CampaignListApi<View>,
) {
  /** Puts a fresh view of one campaign in its workspace's list. */
  const put = (view: View): void => set({ byWorkspace: putInWorkspace(get().byWorkspace, view) });
  /** Waits for a move that answers with a fresh view, and puts it in its list. */
  const change = async (request: Promise<Result<View>>): Promise<Result<View>> => {
    const res = await request;
    if (res.ok) put(res.value);
    return res;
  };
  return {
    put,
    change,
    /** Reads a workspace's campaigns, keeping why it failed when it does. */
    async load(workspaceId: string): Promise<void> {
      const res = await api.list(workspaceId);
      const errors = { ...get().errors, [workspaceId]: res.ok ? null : res.error };
      set({ errors, ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: res.value } } : {}) });
    },
    /** Reads a page of a campaign's import report. */
    async loadIssues(id: string, offset: number): Promise<void> {
      const res = await api.issues(id, offset, PAGE);
      if (res.ok) set({ issues: { ...res.value, id, offset } });
    },
    /** Queues again what the operator checked (`again`), then starts the campaign; the first refusal is the answer. */
    async againThenStart(again: () => Promise<Result<View>>, start: () => Promise<Result<View>>): Promise<Result<View>> {
      const queued = await change(again());
      return queued.ok ? change(start()) : queued;
    },
  };
}

/** Keeps a pushed progress in a store's map; returns the one it replaces. */
export function keepProgress<Progress extends { readonly campaignId: string }>(
  store: {
    getState(): { readonly progress: Readonly<Record<string, Progress>> };
    setState(partial: { progress: Readonly<Record<string, Progress>> }): void;
  },
  pushed: Progress,
): Progress | undefined {
  const { progress } = store.getState();
  store.setState({ progress: { ...progress, [pushed.campaignId]: pushed } });
  return progress[pushed.campaignId];
}
