/** Shell state: theme and the workspace switcher. */
import { create } from 'zustand';
import { registerStore } from './devtools';

/** The theme choice; `system` follows prefers-color-scheme. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'switchboard.theme';

function readTheme(): ThemeChoice {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** Puts the choice on <html data-theme>, which the CSS tokens read. */
function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

interface UiState {
  readonly theme: ThemeChoice;
  readonly switcherOpen: boolean;
  setTheme(theme: ThemeChoice): void;
  /** Cycles system → light → dark. */
  cycleTheme(): void;
  setSwitcherOpen(open: boolean): void;
}

/** The shell's own state. */
export const useUi = create<UiState>()((set, get) => ({
  theme: readTheme(),
  switcherOpen: false,
  setTheme(theme) {
    applyTheme(theme);
    try {
      if (theme === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Storage may be unavailable; the choice still holds for this session.
    }
    set({ theme });
  },
  cycleTheme() {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    get().setTheme(order[(order.indexOf(get().theme) + 1) % order.length] ?? 'system');
  },
  setSwitcherOpen(open) {
    set({ switcherOpen: open });
  },
}));

applyTheme(useUi.getState().theme);
registerStore('ui', useUi);
