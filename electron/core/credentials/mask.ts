/** Masked hints of secrets: enough to tell two keys apart, never enough to use one. */

const PREFIX = /^(?:[A-Za-z]{1,12}[-_.]){1,3}/;

/** `sk-ant-api03-…9xQa`, `re_…f3Kq`, `…a41c` — the provider prefix and the last four characters. */
export function maskSecret(value: string): string {
  if (value.length < 12) return '••••';
  const prefix = (value.match(PREFIX)?.[0] ?? '').slice(0, 14);
  // Keep at least 8 hidden characters between the prefix and the tail.
  const shown = value.length - prefix.length - 4 >= 8 ? prefix : '';
  return `${shown}…${value.slice(-4)}`;
}
