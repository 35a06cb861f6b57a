/** Onboarding per workspace: the checklist, completing it, and reverting messaging to the agency's keys. */
import { create } from 'zustand';
import type { Output } from '../../../shared/ipc/contract';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';
import { useCredentials } from './credentials';
import { useWorkspaces } from './workspaces';

/** The checklist of one workspace. */
export type OnboardingView = Output<'onboarding:get'>;

interface OnboardingState {
  readonly byWorkspace: Readonly<Record<string, OnboardingView>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  load(workspaceId: string): Promise<void>;
  complete(workspaceId: string): Promise<Result<OnboardingView>>;
  /** Deletes the workspace's own messaging keys; the caller has asked the operator first. */
  revertToPlatform(workspaceId: string): Promise<Result<{ deleted: number }>>;
}

/** The onboarding store. */
export const useOnboarding = create<OnboardingState>()((set, get) => {
  const put = (view: OnboardingView): void =>
    set({ byWorkspace: { ...get().byWorkspace, [view.workspaceId]: view }, errors: { ...get().errors, [view.workspaceId]: null } });
  return {
    byWorkspace: {},
    errors: {},
    async load(workspaceId) {
      const res = await call('onboarding:get', { workspaceId });
      if (res.ok) put(res.value);
      else set({ errors: { ...get().errors, [workspaceId]: res.error } });
    },
    async complete(workspaceId) {
      const res = await call('onboarding:complete', { workspaceId });
      if (res.ok) {
        put(res.value);
        // The workspace row carries the completion time too.
        await useWorkspaces.getState().load();
      }
      return res;
    },
    async revertToPlatform(workspaceId) {
      const res = await call('onboarding:revertToPlatform', { workspaceId, confirm: true });
      await Promise.all([useCredentials.getState().load(workspaceId, { fresh: true }), get().load(workspaceId)]);
      return res;
    },
  };
});

registerStore('onboarding', useOnboarding);
