/** The console shell: sidebar, the current screen, the switcher, toasts; loads what every screen needs. */
import { lazy, Suspense, useEffect, useReducer, type ReactElement } from 'react';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Page';
import { currentPath, navigate, useHash } from '../lib/navigation';
import { followChecks } from '../stores/credentials';
import { followVault } from '../stores/vault';
import { useUi } from '../stores/ui';
import { useWorkspaces } from '../stores/workspaces';
import { Toaster } from '../components/Toaster';
import { DEFAULT_PATH, routes } from './routes';
import { Sidebar } from './Sidebar';
import { VaultBar } from './VaultBar';

// The switcher (and the dialog code under it) loads the first time it opens, not at start-up.
const WorkspaceSwitcher = lazy(() => import('./WorkspaceSwitcher'));

/** ⌘/Ctrl+K toggles the workspace switcher from anywhere, inputs included. */
function useSwitcherShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const ui = useUi.getState();
        ui.setSwitcherOpen(!ui.switcherOpen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The whole console. */
export function App(): ReactElement {
  useHash();
  useSwitcherShortcut();
  const loaded = useWorkspaces((s) => s.loaded);
  const wsError = useWorkspaces((s) => s.error);
  const currentId = useWorkspaces((s) => s.currentId);
  const switcherWanted = useUi((s) => s.switcherOpen);
  const [switcherUsed, markSwitcherUsed] = useReducer(() => true, false);
  if (switcherWanted && !switcherUsed) markSwitcherUsed();

  useEffect(() => {
    const stops = [followVault(), followChecks()];
    return () => stops.forEach((stop) => stop());
  }, []);

  const [first] = currentPath();
  const route = routes.find((r) => r.path === first);
  useEffect(() => {
    if (!route) navigate(DEFAULT_PATH);
  }, [route]);
  // Until the screen's code is in, show the shell's own loading line rather than suspending:
  // React holds a Suspense reveal back for up to 300 ms, which a cold start would pay in full.
  const [, codeArrived] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (route && !route.isLoaded()) void route.preload().then(codeArrived, codeArrived);
  }, [route]);
  const Page = route?.isLoaded() ? route.page : undefined;

  return (
    <div className="shell">
      <Sidebar active={route?.path ?? ''} />
      <main className="main" id="main">
        {route?.scope === 'workspace' ? <VaultBar /> : null}
        {wsError ? (
          <ErrorBanner title="Workspaces could not be loaded" error={wsError} onRetry={() => void useWorkspaces.getState().load()} />
        ) : null}
        {Page && route && (route.scope === 'system' || (loaded && currentId)) ? (
          <Suspense fallback={<Loading />}>
            {/* Keyed by workspace so a screen's local state never leaks from one client into another. */}
            <Page key={route.scope === 'workspace' ? currentId : route.path} />
          </Suspense>
        ) : (
          <Loading />
        )}
      </main>
      {switcherUsed ? (
        <Suspense fallback={null}>
          <WorkspaceSwitcher />
        </Suspense>
      ) : null}
      <Toaster />
    </div>
  );
}
