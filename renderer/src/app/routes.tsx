/**
 * The navigation registry: one entry per screen, in sidebar order. A feature joins the console by
 * appending an entry here (its page is loaded lazily, so it costs nothing until opened).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { IconName } from '../components/Icon';

/** One screen of the console. */
export interface RouteDef {
  /** First path segment: `#/keys`. */
  readonly path: string;
  readonly label: string;
  readonly icon: IconName;
  /** `workspace` screens act on the selected workspace; `system` ones on the whole app. */
  readonly scope: 'workspace' | 'system';
  readonly page: LazyExoticComponent<ComponentType>;
}

/** Every screen, in the order the sidebar lists them. */
export const routes: RouteDef[] = [
  { path: 'keys', label: 'API Keys', icon: 'key', scope: 'workspace', page: lazy(() => import('../features/api-keys/DashboardPage')) },
  { path: 'settings', label: 'Settings', icon: 'settings', scope: 'workspace', page: lazy(() => import('../features/settings/SettingsPage')) },
  { path: 'onboarding', label: 'Onboarding', icon: 'checklist', scope: 'workspace', page: lazy(() => import('../features/onboarding/OnboardingPage')) },
  { path: 'audit', label: 'Audit', icon: 'audit', scope: 'system', page: lazy(() => import('../features/audit/AuditPage')) },
  { path: 'vault', label: 'Vault', icon: 'lock', scope: 'system', page: lazy(() => import('../features/vault/VaultPage')) },
];

/** The screen shown for an unknown or empty path. */
export const DEFAULT_PATH = 'keys';
