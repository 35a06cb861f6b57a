/** Workspaces: the agency and its clients, and which one the console is looking at. */
import { create } from 'zustand';
import type { Workspace } from '../../../shared/domain';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

const CURRENT_KEY = 'switchboard.workspace';

interface WorkspacesState {
  /** Every workspace, archived ones included (the switcher hides them unless asked). */
  readonly all: readonly Workspace[];
  readonly currentId: string | null;
  readonly loading: boolean;
  readonly loaded: boolean;
  readonly error: ErrorInfo | null;
  load(): Promise<void>;
  select(id: string): void;
  create(name: string): Promise<Result<Workspace>>;
  rename(id: string, name: string): Promise<Result<Workspace>>;
  setArchived(id: string, archived: boolean): Promise<Result<Workspace>>;
  setMode(id: string, mode: Workspace['mode']): Promise<Result<Workspace>>;
  setFallback(id: string, allow: boolean): Promise<Result<Workspace>>;
  /** Sets the workspace's default country (null clears it). */
  setCountry(id: string, country: string | null): Promise<Result<Workspace>>;
}

/** The workspace the console showed last time, if any (read before the list arrives). */
export function remembered(): string | null {
  try {
    return localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

function remember(id: string): void {
  try {
    localStorage.setItem(CURRENT_KEY, id);
  } catch {
    // Not remembered across restarts; harmless.
  }
}

/** Picks a live workspace: the wanted one if it is live, else the agency, else the first. */
function pick(all: readonly Workspace[], wanted: string | null): string | null {
  const live = all.filter((w) => !w.archivedAt);
  return (live.find((w) => w.id === wanted) ?? live.find((w) => w.kind === 'agency') ?? live[0])?.id ?? null;
}

/** The workspaces store. */
export const useWorkspaces = create<WorkspacesState>()((set, get) => {
  /** Replaces one workspace in the list after a change. */
  const put = (ws: Workspace): void => {
    const exists = get().all.some((w) => w.id === ws.id);
    set({ all: exists ? get().all.map((w) => (w.id === ws.id ? ws : w)) : [...get().all, ws] });
  };
  const change = async (r: Promise<Result<Workspace>>): Promise<Result<Workspace>> => {
    const res = await r;
    if (res.ok) put(res.value);
    return res;
  };
  return {
    all: [],
    currentId: null,
    loading: false,
    loaded: false,
    error: null,
    async load() {
      set({ loading: true });
      const res = await call('workspaces:list', { includeArchived: true });
      if (!res.ok) {
        set({ loading: false, error: res.error });
        return;
      }
      const currentId = pick(res.value, get().currentId ?? remembered());
      if (currentId) remember(currentId);
      set({ all: res.value, loading: false, loaded: true, error: null, currentId });
    },
    select(id) {
      remember(id);
      set({ currentId: id });
    },
    async create(name) {
      const res = await change(call('workspaces:create', { name }));
      if (res.ok) get().select(res.value.id);
      return res;
    },
    rename: (id, name) => change(call('workspaces:rename', { id, name })),
    async setArchived(id, archived) {
      const res = await change(call('workspaces:archive', { id, archived }));
      if (res.ok && archived && get().currentId === id) set({ currentId: pick(get().all, null) });
      return res;
    },
    setMode: (id, mode) => change(call('workspaces:setMode', { id, mode })),
    setFallback: (id, allow) => change(call('workspaces:setFallback', { id, allow })),
    setCountry: (id, country) => change(call('workspaces:setCountry', { id, country })),
  };
});

/** The workspace being looked at, if loaded. */
export function useCurrentWorkspace(): Workspace | null {
  return useWorkspaces((s) => s.all.find((w) => w.id === s.currentId) ?? null);
}

registerStore('workspaces', useWorkspaces);
