/**
 * The navigation registry: one entry per screen, in sidebar order. A feature joins the console by
 * appending one line, e.g.
 *   screen({ path: 'campaigns', label: 'Campaigns', icon: 'send', scope: 'workspace' }, () => import('../features/campaigns/CampaignsPage')),
  screen({ path: 'voice', label: 'Voice', icon: 'phone', scope: 'workspace' }, () => import('../features/voice/VoicePage')),
 * Its page is code-split, so it costs nothing until opened; `scope: 'workspace'` lists it under the workspace.
 */
import { createElement, lazy, type ComponentType } from 'react';
import type { IconName } from '../components/Icon';

/** One screen of the console. */
export interface RouteDef {
  /** First path segment: `#/keys`. */
  readonly path: string;
  readonly label: string;
  readonly icon: IconName;
  /** `workspace` screens act on the selected workspace; `system` ones on the whole app. */
  readonly scope: 'workspace' | 'system';
  readonly page: ComponentType;
  /** Fetches the page's code; called early for the screen being opened, so it loads alongside data. */
  readonly preload: () => Promise<unknown>;
  /** True once the page's code has arrived (it then renders without suspending). */
  readonly isLoaded: () => boolean;
}

/**
 * Makes a route entry whose page is code-split: `preload` starts fetching it, `page` renders it.
 * Once the code is in, `page` renders it directly instead of through React.lazy: a lazy component
 * always suspends on first render, and React holds a revealed Suspense boundary back for up to
 * 300 ms, which would delay even a screen whose code arrived long before its data.
 */
export function screen(def: Omit<RouteDef, 'page' | 'preload' | 'isLoaded'>, load: () => Promise<{ default: ComponentType }>): RouteDef {
  let loaded: ComponentType | null = null;
  const preload = (): Promise<{ default: ComponentType }> =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(preload);
  const page = (): ReturnType<typeof createElement> => createElement(loaded ?? Lazy);
  return { ...def, page, preload, isLoaded: () => loaded !== null };
}

/** Every screen, in the order the sidebar lists them. */
export const routes: RouteDef[] = [
  screen({ path: 'keys', label: 'API Keys', icon: 'key', scope: 'workspace' }, () => import('../features/api-keys/DashboardPage')),
  screen({ path: 'settings', label: 'Settings', icon: 'settings', scope: 'workspace' }, () => import('../features/settings/SettingsPage')),
  screen(
    { path: 'onboarding', label: 'Onboarding', icon: 'checklist', scope: 'workspace' },
    () => import('../features/onboarding/OnboardingPage'),
  ),
  screen({ path: 'campaigns', label: 'Campaigns', icon: 'send', scope: 'workspace' }, () => import('../features/campaigns/CampaignsPage')),
  screen({ path: 'voice', label: 'Voice', icon: 'phone', scope: 'workspace' }, () => import('../features/voice/VoicePage')),
  screen({ path: 'usage', label: 'Usage & billing', icon: 'chart', scope: 'workspace' }, () => import('../features/usage/UsagePage')),
  screen(
    { path: 'transfer', label: 'Import & export', icon: 'transfer', scope: 'workspace' },
    () => import('../features/transfer/TransferPage'),
  ),
  screen({ path: 'audit', label: 'Audit', icon: 'audit', scope: 'system' }, () => import('../features/audit/AuditPage')),
  screen({ path: 'vault', label: 'Vault', icon: 'lock', scope: 'system' }, () => import('../features/vault/VaultPage')),
];

/** The screen shown for an unknown or empty path. */
export const DEFAULT_PATH = 'keys';
