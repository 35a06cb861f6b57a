/** The sidebar: workspace button (⌘K), the registry's screens, vault state and the theme toggle. */
import type { ReactElement } from 'react';
import { Icon } from '../components/Icon';
import { useCurrentWorkspace } from '../stores/workspaces';
import { useUi, type ThemeChoice } from '../stores/ui';
import { useVault } from '../stores/vault';
import { routes } from './routes';
import { initials } from './WorkspaceRow';

const THEME_LABEL: Readonly<Record<ThemeChoice, string>> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };
const THEME_ICON = { system: 'monitor', light: 'sun', dark: 'moon' } as const;

/** True on macOS, where the shortcut reads ⌘K rather than Ctrl K. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const shortcut = isMac ? '⌘K' : 'Ctrl K';

/** The left column. */
export function Sidebar({ active }: { active: string }): ReactElement {
  const ws = useCurrentWorkspace();
  const openSwitcher = useUi((s) => s.setSwitcherOpen);
  const theme = useUi((s) => s.theme);
  const cycleTheme = useUi((s) => s.cycleTheme);
  const vault = useVault((s) => s.status);
  const groups = [
    { title: ws ? ws.name : 'Workspace', items: routes.filter((r) => r.scope === 'workspace') },
    { title: 'Switchboard', items: routes.filter((r) => r.scope === 'system') },
  ];
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <Icon name="grid" size={14} />
        </span>
        <span className="brand-name">Switchboard</span>
      </div>
      <button
        type="button"
        className="ws-button"
        onClick={() => openSwitcher(true)}
        aria-label={`Workspace: ${ws?.name ?? 'none'}. Switch workspace`}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        // The shortcut hint gives way to the name in a narrow window; the tooltip keeps both.
        title={`${ws?.name ?? 'Workspace'} — switch workspace (${shortcut})`}
        data-testid="workspace-button"
      >
        <span className={`switcher-avatar${ws?.kind === 'agency' ? ' is-agency' : ''}`} aria-hidden>
          {ws?.kind === 'agency' ? <Icon name="building" size={14} /> : initials(ws?.name ?? '?')}
        </span>
        <span className="ws-text">
          <span className="ws-name">{ws?.name ?? 'Loading…'}</span>
          <span className="ws-kind">
            {ws ? (ws.kind === 'agency' ? 'Agency workspace' : ws.mode === 'byok' ? 'Client · BYOK' : 'Client · Bundled') : ''}
          </span>
        </span>
        <kbd aria-hidden>{shortcut}</kbd>
      </button>
      {groups.map((g) => (
        <div className="nav-group" key={g.title}>
          <p className="nav-title">{g.title === ws?.name ? 'Workspace' : g.title}</p>
          <ul>
            {g.items.map((r) => (
              <li key={r.path}>
                <a
                  href={`#/${r.path}`}
                  className={`nav-item${active === r.path ? ' is-active' : ''}`}
                  aria-current={active === r.path ? 'page' : undefined}
                >
                  <Icon name={r.icon} />
                  <span>{r.label}</span>
                  {r.path === 'vault' && vault ? (
                    <span className={`nav-pill ${vault.locked ? 'is-locked' : 'is-open'}`}>
                      {!vault.initialized ? 'Set up' : vault.locked ? 'Locked' : 'Open'}
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="sidebar-foot">
        <button
          type="button"
          className="theme-toggle"
          onClick={cycleTheme}
          title="Change theme"
          aria-label={`${THEME_LABEL[theme]}. Change theme`}
          data-testid="theme-toggle"
        >
          <Icon name={THEME_ICON[theme]} />
          <span>{THEME_LABEL[theme]}</span>
        </button>
      </div>
    </nav>
  );
}
