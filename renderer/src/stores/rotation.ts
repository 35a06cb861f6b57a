/**
 * Key ages and rotation, per workspace: which key is due (90 days), which waits on standby after a
 * rotation, and the calls that rotate and confirm. No secret is kept here: the new key's fields
 * go straight from the dialog to main.
 */
import { create } from 'zustand';
import type { CheckLineView } from '../../../shared/domain';
import type { Output } from '../../../shared/ipc/contract';
import type { DependentsView, KeyAgeView, RotationResultView } from '../../../shared/rotation';
import { call, subscribe, type Result } from '../lib/api';
import { useCredentials } from './credentials';
import { registerStore } from './devtools';

interface RotationState {
  /** Each key's age and rotation state, by credential id. */
  readonly ages: Readonly<Record<string, KeyAgeView>>;
  /** Reads a workspace's key ages. */
  load(workspaceId: string): Promise<void>;
  dependents(id: string): Promise<Result<DependentsView>>;
  /** Checks the new key (each line to `onLine` as it finishes) and switches to it if it passes. */
  rotate(
    workspaceId: string,
    id: string,
    fields: Readonly<Record<string, string>>,
    nickname: string | undefined,
    onLine: (line: CheckLineView) => void,
  ): Promise<Result<RotationResultView>>;
  /** After the operator revoked it at the provider: destroys the standby key. */
  confirmRevoked(workspaceId: string, id: string): Promise<Result<Output<'rotation:confirmRevoked'>>>;
}

/** The rotation store. */
export const useRotation = create<RotationState>()((set, get) => {
  /** Reads the workspace's keys and ages again after a switch or a destruction. */
  const refresh = async (workspaceId: string): Promise<void> => {
    await useCredentials.getState().load(workspaceId, { fresh: true });
    await get().load(workspaceId);
  };
  return {
    ages: {},
    async load(workspaceId) {
      const res = await call('rotation:ages', { workspaceId });
      if (res.ok) set({ ages: { ...get().ages, ...Object.fromEntries(res.value.map((a) => [a.credentialId, a])) } });
    },
    dependents: (id) => call('rotation:dependents', { id }),
    async rotate(workspaceId, id, fields, nickname, onLine) {
      const stop = subscribe('event:checkLine', (payload) => {
        if (payload.credentialId === id) onLine(payload.line);
      });
      const res = await call('rotation:rotate', { id, fields: { ...fields }, ...(nickname ? { nickname } : {}) }).finally(stop);
      if (res.ok && res.value.switched) await refresh(workspaceId);
      return res;
    },
    async confirmRevoked(workspaceId, id) {
      const res = await call('rotation:confirmRevoked', { id });
      if (res.ok) await refresh(workspaceId);
      return res;
    },
  };
});

// Keys added, removed, checked or rotated anywhere: their ages are read again with them.
useCredentials.subscribe((s, prev) => {
  for (const [workspaceId, list] of Object.entries(s.byWorkspace))
    if (list !== prev.byWorkspace[workspaceId]) void useRotation.getState().load(workspaceId);
});
for (const workspaceId of Object.keys(useCredentials.getState().byWorkspace)) void useRotation.getState().load(workspaceId);

registerStore('rotation', useRotation);
