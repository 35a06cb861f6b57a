/** CSV that spreadsheets open safely: quoted where needed, and no cell read as a formula. */

/** One cell: a leading = + - @ tab or CR is neutralised with an apostrophe (CSV/formula injection). */
export function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  const guarded = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** Rows to CSV text with a trailing newline. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
