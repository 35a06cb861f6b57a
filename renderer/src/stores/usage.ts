/** Usage and cost per workspace this month: the dashboard's stat cards, the usage screen, spend alerts and the billing export. */
import { create } from 'zustand';
import type { Output } from '../../../shared/ipc/contract';
import type { ProviderId } from '../../../shared/providers/types';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

/** The stat cards' numbers. */
export type UsageSummary = Output<'usage:summary'>;

interface UsageState {
  readonly byWorkspace: Readonly<Record<string, UsageSummary>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  /** Reads the summary; joins a read already under way unless `fresh` (after a change). */
  load(workspaceId: string, opts?: { fresh?: boolean }): Promise<void>;
  setAlert(workspaceId: string, provider: ProviderId, monthlyUsd: number | null): Promise<Result<Output<'usage:setAlert'>>>;
  /** A month's billing CSV, for one workspace or (null) every workspace. */
  billingCsv(month: string, workspaceId: string | null): Promise<Result<Output<'usage:billingCsv'>>>;
}

const inflight = new Map<string, Promise<void>>();
/** When each workspace was last read: a screen mounting right after the shell's prefetch reuses it. */
const readAt = new Map<string, number>();
const REUSE_MS = 2_000;

/** The usage store. */
export const useUsage = create<UsageState>()((set, get) => ({
  byWorkspace: {},
  errors: {},
  load(workspaceId, opts) {
    const pending = inflight.get(workspaceId);
    if (pending && !opts?.fresh) return pending;
    if (!opts?.fresh && Date.now() - (readAt.get(workspaceId) ?? -Infinity) < REUSE_MS) return Promise.resolve();
    const read = (async () => {
      const res = await call('usage:summary', { workspaceId });
      if (res.ok) readAt.set(workspaceId, Date.now());
      set({
        errors: { ...get().errors, [workspaceId]: res.ok ? null : res.error },
        ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: res.value } } : {}),
      });
    })().finally(() => {
      if (inflight.get(workspaceId) === read) inflight.delete(workspaceId);
    });
    inflight.set(workspaceId, read);
    return read;
  },
  async setAlert(workspaceId, provider, monthlyUsd) {
    const res = await call('usage:setAlert', { workspaceId, provider, monthlyUsd });
    if (res.ok) await get().load(workspaceId, { fresh: true });
    return res;
  },
  billingCsv: (month, workspaceId) => call('usage:billingCsv', workspaceId ? { month, workspaceId } : { month }),
}));

registerStore('usage', useUsage);
