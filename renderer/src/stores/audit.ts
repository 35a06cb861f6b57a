/** The audit log as the console reads it: filtered rows, the chain verdict, exports. */
import { create } from 'zustand';
import type { Output } from '../../../shared/ipc/contract';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

/** One audit row. */
export type AuditRow = Output<'audit:list'>[number];
/** What "Verify chain" found. */
export type AuditVerdict = Output<'audit:verify'>;
/** An export's file name and content. */
export type AuditExport = Output<'audit:export'>;

/** Which rows to show. */
export interface AuditFilter {
  readonly workspaceId: string | null;
  readonly action: string | null;
}

interface AuditState {
  readonly rows: readonly AuditRow[];
  readonly filter: AuditFilter;
  readonly loading: boolean;
  readonly error: ErrorInfo | null;
  readonly verdict: AuditVerdict | null;
  readonly verifying: boolean;
  setFilter(change: Partial<AuditFilter>): Promise<void>;
  load(): Promise<void>;
  verify(): Promise<Result<AuditVerdict>>;
  exportAs(format: 'csv' | 'json'): Promise<Result<AuditExport>>;
}

const LIMIT = 1000;

/** The audit store. */
export const useAudit = create<AuditState>()((set, get) => ({
  rows: [],
  filter: { workspaceId: null, action: null },
  loading: false,
  error: null,
  verdict: null,
  verifying: false,
  async setFilter(change) {
    set({ filter: { ...get().filter, ...change } });
    await get().load();
  },
  async load() {
    const { workspaceId, action } = get().filter;
    set({ loading: true });
    const res = await call('audit:list', { limit: LIMIT, ...(workspaceId ? { workspaceId } : {}), ...(action ? { action } : {}) });
    set(res.ok ? { rows: res.value, loading: false, error: null } : { loading: false, error: res.error });
  },
  async verify() {
    set({ verifying: true });
    const res = await call('audit:verify', {});
    set({ verifying: false, ...(res.ok ? { verdict: res.value } : {}) });
    // Verifying is itself audited: show the new row.
    await get().load();
    return res;
  },
  async exportAs(format) {
    // The export holds exactly the rows the filter shows (all of them, not only the newest 1,000).
    const { workspaceId, action } = get().filter;
    const res = await call('audit:export', { format, ...(workspaceId ? { workspaceId } : {}), ...(action ? { action } : {}) });
    await get().load();
    return res;
  },
}));

registerStore('audit', useAudit);
