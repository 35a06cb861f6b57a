/** Usage and cost per workspace this month: the dashboard's stat cards and spend alerts. */
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
  load(workspaceId: string): Promise<void>;
  setAlert(workspaceId: string, provider: ProviderId, monthlyUsd: number | null): Promise<Result<Output<'usage:setAlert'>>>;
}

/** The usage store. */
export const useUsage = create<UsageState>()((set, get) => ({
  byWorkspace: {},
  errors: {},
  async load(workspaceId) {
    const res = await call('usage:summary', { workspaceId });
    set({
      errors: { ...get().errors, [workspaceId]: res.ok ? null : res.error },
      ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: res.value } } : {}),
    });
  },
  async setAlert(workspaceId, provider, monthlyUsd) {
    const res = await call('usage:setAlert', { workspaceId, provider, monthlyUsd });
    if (res.ok) await get().load(workspaceId);
    return res;
  },
}));

registerStore('usage', useUsage);
