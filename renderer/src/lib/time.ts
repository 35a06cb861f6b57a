/** Human times: "just now", "5 min ago", "Nov 21, 14:02". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Formatters are built once: toLocaleString with options builds a new one per call, which shows
// up when a dashboard renders dozens of rows.
const SHORT = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const FULL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A relative time for recent moments, a short date for older ones. */
export function timeAgo(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const d = now - t;
  if (d < 45_000) return 'just now';
  if (d < HOUR) return `${Math.round(d / MINUTE)} min ago`;
  if (d < DAY) return `${Math.round(d / HOUR)} h ago`;
  if (d < 7 * DAY) return `${Math.round(d / DAY)} d ago`;
  return shortDate(iso);
}

/** "Nov 21, 2026, 14:02" in the operator's locale. */
export function shortDate(iso: string): string {
  return SHORT.format(new Date(iso));
}

/** A full timestamp for tooltips and the audit table. */
export function fullTime(iso: string): string {
  return FULL.format(new Date(iso));
}
