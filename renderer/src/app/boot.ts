/**
 * What starts before React renders anything: the opened screen's code, the vault state and the
 * workspaces, then each selected workspace's keys and usage. The screens ask for the same data
 * when they mount and simply join these reads, so a cold start is one round of requests, not three.
 */
import { currentPath } from '../lib/navigation';
import { useCredentials } from '../stores/credentials';
import { useUsage } from '../stores/usage';
import { useVault } from '../stores/vault';
import { remembered, useWorkspaces } from '../stores/workspaces';
import { DEFAULT_PATH, routes } from './routes';

/** Kicks off the first loads; call once, before the first render. */
export function boot(): void {
  const path = currentPath()[0] ?? DEFAULT_PATH;
  void (routes.find((r) => r.path === path) ?? routes.find((r) => r.path === DEFAULT_PATH))?.preload();
  useWorkspaces.subscribe((s, prev) => {
    if (s.currentId && s.currentId !== prev.currentId) {
      void useCredentials.getState().load(s.currentId);
      void useUsage.getState().load(s.currentId);
    }
  });
  // On later launches the last workspace is known before the list arrives: read its keys at once.
  const last = remembered();
  if (last) {
    void useCredentials.getState().load(last);
    void useUsage.getState().load(last);
  }
  void useVault.getState().load();
  void useWorkspaces.getState().load();
}
