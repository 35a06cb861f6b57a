/**
 * Stands in for `react-remove-scroll-bar` (used by Radix dialogs): that package locks page scroll
 * by injecting a <style> element, which the console's CSP (style-src 'self') refuses. The console's
 * body never scrolls (the shell scrolls its panes), so there is nothing to lock: render nothing.
 * Wired in electron.vite.config.ts as an alias; the scroll-blocking event handlers stay active.
 */

/** Renders nothing: no inline style, no CSP violation. */
export function RemoveScrollBar(): null {
  return null;
}
