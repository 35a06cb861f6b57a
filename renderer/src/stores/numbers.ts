/** Inbound numbers of each workspace: attached to an agent, or detached back to their previous setup. */
import { create } from 'zustand';
import type { Input } from '../../../shared/ipc/contract';
import type { InboundNumberView } from '../../../shared/voice-numbers';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

interface NumbersState {
  readonly byWorkspace: Readonly<Record<string, readonly InboundNumberView[]>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  load(workspaceId: string): Promise<void>;
  attach(input: Input<'numbers:attach'>): Promise<Result<InboundNumberView>>;
  detach(workspaceId: string, number: string): Promise<Result<InboundNumberView>>;
}

const byNumber = (a: InboundNumberView, b: InboundNumberView): number => a.number.localeCompare(b.number);

/** The numbers store. */
export const useNumbers = create<NumbersState>()((set, get) => ({
  byWorkspace: {},
  errors: {},
  async load(workspaceId) {
    const res = await call('numbers:list', { workspaceId });
    set({
      errors: { ...get().errors, [workspaceId]: res.ok ? null : res.error },
      ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: [...res.value].sort(byNumber) } } : {}),
    });
  },
  async attach(input) {
    const res = await call('numbers:attach', input);
    if (res.ok) {
      const list = (get().byWorkspace[input.workspaceId] ?? []).filter((n) => n.id !== res.value.id);
      set({ byWorkspace: { ...get().byWorkspace, [input.workspaceId]: [...list, res.value].sort(byNumber) } });
    }
    return res;
  },
  async detach(workspaceId, number) {
    const res = await call('numbers:detach', { workspaceId, number });
    if (res.ok)
      set({
        byWorkspace: { ...get().byWorkspace, [workspaceId]: (get().byWorkspace[workspaceId] ?? []).filter((n) => n.number !== number) },
      });
    return res;
  },
}));

registerStore('numbers', useNumbers);
