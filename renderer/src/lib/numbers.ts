/** Number and money formats for stat cards and usage. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US');

/** "$12.40". */
export function money(n: number): string {
  return usd.format(n);
}

/** "12,400" under 100k, "1.2M" above. */
export function count(n: number): string {
  return n < 100_000 ? whole.format(n) : compact.format(n);
}
