/**
 * Keys of each workspace, as hints only. Reveal hands plaintext straight back to the caller and
 * never keeps it here; copy happens in main. So nothing secret ever sits in this store.
 */
import { create } from 'zustand';
import type { CheckLineView, CheckResultView, CredentialView, Environment } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import { call, subscribe, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

/** What the Add Key dialog and the Messaging tab send. */
export interface NewKey {
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly fields: Readonly<Record<string, string>>;
  readonly nickname?: string;
  readonly environment?: Environment;
}

interface CredentialsState {
  readonly byWorkspace: Readonly<Record<string, readonly CredentialView[]>>;
  readonly loading: Readonly<Record<string, boolean>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  /** Keys with a check in flight (spinner). */
  readonly checking: Readonly<Record<string, true>>;
  /** Last check of each key in this session, for its lines. */
  readonly lastCheck: Readonly<Record<string, CheckResultView>>;
  /** Progress of a "check all" run: done of total. */
  readonly batch: { readonly workspaceId: string; readonly done: number; readonly total: number } | null;
  /** Reads a workspace's keys; joins a read already under way unless `fresh` (after a change). */
  load(workspaceId: string, opts?: { fresh?: boolean }): Promise<void>;
  add(key: NewKey): Promise<Result<CredentialView>>;
  /** Replaces every field (each secret re-entered) and/or the nickname. */
  update(id: string, change: { fields?: Readonly<Record<string, string>>; nickname?: string }): Promise<Result<CredentialView>>;
  /** Runs a key's live check; `onLine` hears each of its lines as main reports it, before the result. */
  test(id: string, onLine?: (line: CheckLineView) => void): Promise<Result<CheckResultView>>;
  /** Makes a standby key the one in use again (its siblings of the same provider and environment go on standby). */
  activate(id: string): Promise<Result<CredentialView>>;
  /** Puts a key on standby: kept, but nothing sends with it until it is activated again. */
  deactivate(id: string): Promise<Result<CredentialView>>;
  testAll(workspaceId: string): Promise<Result<readonly CheckResultView[]>>;
  remove(id: string): Promise<Result<{ deleted: true }>>;
  /** Plaintext of every field, for the one component that asked; audited in main, not stored. */
  reveal(id: string): Promise<Result<Record<string, string>>>;
  /** Main writes the clipboard and clears it after 30 s; the value never enters the renderer. */
  copy(id: string, field: string): Promise<Result<{ clearsInMs: number }>>;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

/** Reads under way, per workspace, so the shell's prefetch and a screen's own load share one call. */
const inflight = new Map<string, Promise<void>>();
/** When each workspace was last read: a screen mounting right after the shell's prefetch reuses it. */
const readAt = new Map<string, number>();
const REUSE_MS = 2_000;

/** The credentials store. */
export const useCredentials = create<CredentialsState>()((set, get) => {
  /** Puts a changed key in its workspace's list (or adds it). */
  const put = (view: CredentialView): void => {
    const list = get().byWorkspace[view.workspaceId] ?? [];
    const next = list.some((c) => c.id === view.id) ? list.map((c) => (c.id === view.id ? view : c)) : [...list, view];
    set({ byWorkspace: { ...get().byWorkspace, [view.workspaceId]: next } });
  };
  const workspaceOf = (id: string): string | undefined =>
    Object.entries(get().byWorkspace).find(([, list]) => list.some((c) => c.id === id))?.[0];
  const refreshOne = async (id: string): Promise<void> => {
    const ws = workspaceOf(id);
    if (ws) await get().load(ws, { fresh: true });
  };
  return {
    byWorkspace: {},
    loading: {},
    errors: {},
    checking: {},
    lastCheck: {},
    batch: null,
    load(workspaceId, opts) {
      const pending = inflight.get(workspaceId);
      if (pending && !opts?.fresh) return pending;
      if (!opts?.fresh && Date.now() - (readAt.get(workspaceId) ?? -Infinity) < REUSE_MS) return Promise.resolve();
      const read = (async () => {
        set({ loading: { ...get().loading, [workspaceId]: true } });
        const res = await call('credentials:list', { workspaceId });
        if (res.ok) readAt.set(workspaceId, Date.now());
        set({
          loading: { ...get().loading, [workspaceId]: false },
          errors: { ...get().errors, [workspaceId]: res.ok ? null : res.error },
          ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: res.value } } : {}),
        });
      })().finally(() => {
        if (inflight.get(workspaceId) === read) inflight.delete(workspaceId);
      });
      inflight.set(workspaceId, read);
      return read;
    },
    async add(key) {
      const res = await call('credentials:add', { ...key, fields: { ...key.fields } });
      if (res.ok) {
        // Adding may deactivate a sibling key, so the whole list is read again.
        put(res.value);
        await get().load(key.workspaceId, { fresh: true });
      }
      return res;
    },
    async update(id, change) {
      const res = await call('credentials:update', { id, ...change, ...(change.fields ? { fields: { ...change.fields } } : {}) });
      if (res.ok) put(res.value);
      return res;
    },
    async test(id, onLine) {
      set({ checking: { ...get().checking, [id]: true } });
      const stop = onLine ? followLines(id, onLine) : null;
      const res = await call('credentials:test', { id }).finally(() => stop?.());
      set({ checking: without(get().checking, id), ...(res.ok ? { lastCheck: { ...get().lastCheck, [id]: res.value } } : {}) });
      await refreshOne(id);
      return res;
    },
    async activate(id) {
      const res = await call('credentials:activate', { id });
      // Activating puts a sibling on standby, so the whole list is read again.
      if (res.ok) await get().load(res.value.workspaceId, { fresh: true });
      return res;
    },
    async deactivate(id) {
      const res = await call('credentials:deactivate', { id });
      if (res.ok) put(res.value);
      return res;
    },
    async testAll(workspaceId) {
      const ids = (get().byWorkspace[workspaceId] ?? []).map((c) => c.id);
      set({
        checking: { ...get().checking, ...Object.fromEntries(ids.map((id) => [id, true as const])) },
        batch: { workspaceId, done: 0, total: ids.length },
      });
      const res = await call('credentials:testAll', { workspaceId });
      let checking = { ...get().checking };
      for (const id of ids) checking = without(checking, id);
      set({ checking, batch: null });
      if (res.ok) set({ lastCheck: { ...get().lastCheck, ...Object.fromEntries(res.value.map((r) => [r.credentialId, r])) } });
      await get().load(workspaceId, { fresh: true });
      return res;
    },
    async remove(id) {
      const ws = workspaceOf(id);
      const res = await call('credentials:delete', { id });
      if (res.ok && ws) set({ byWorkspace: { ...get().byWorkspace, [ws]: (get().byWorkspace[ws] ?? []).filter((c) => c.id !== id) } });
      return res;
    },
    reveal: (id) => call('credentials:reveal', { id }),
    async copy(id, field) {
      const res = await call('credentials:copy', { id, field });
      return res;
    },
  };
});

/** Hands the lines main pushes for one key's check to `onLine` until the returned function is called. */
function followLines(id: string, onLine: (line: CheckLineView) => void): () => void {
  return subscribe('event:checkLine', (payload) => {
    if (payload.credentialId === id) onLine(payload.line);
  });
}

/** Follows check progress pushed from main during "check all": ticks the counter and stops each spinner. */
export function followChecks(): () => void {
  return subscribe('event:checkProgress', (payload) => {
    const s = useCredentials.getState();
    const id = payload.credentialId;
    useCredentials.setState({
      checking: without(s.checking, id),
      lastCheck: { ...s.lastCheck, [id]: payload.result },
      batch: s.batch ? { ...s.batch, done: payload.done, total: payload.total } : s.batch,
    });
  });
}

registerStore('credentials', useCredentials);
