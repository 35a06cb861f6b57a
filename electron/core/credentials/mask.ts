/** Masked hints of secrets: enough to tell two keys apart, never enough to use one. */

/**
 * The prefixes each provider documents for its keys (Anthropic `sk-ant-api03-`, OpenAI `sk-proj-`,
 * Resend `re_`, SendGrid `SG.`, GitHub `ghp_`, …), longest first. Only these are shown:
 * a guessed prefix could reach into the random body of a key.
 */
const PREFIXES = [
  'sk-ant-admin01-',
  'sk-ant-api03-',
  'sk-svcacct-',
  'github_pat_',
  'sk-admin-',
  'sk-proj-',
  'sk_live_',
  'sk_test_',
  'rk_live_',
  'rk_test_',
  'sntryu_',
  'sntrys_',
  'sk_car_',
  'sk-ant-',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'sk-',
  're_',
  'SG.',
] as const;

/** Shown form of a prefix: Anthropic's version segment is dropped, as in `sk-ant-…9xQa`. */
const SHOWN: Readonly<Record<string, string>> = { 'sk-ant-api03-': 'sk-ant-', 'sk-ant-admin01-': 'sk-ant-admin-' };

/** `sk-ant-…9xQa`, `re_…f3Kq`, `…a41c` — the provider prefix and the last four characters. */
export function maskSecret(value: string): string {
  if (value.length < 12) return '••••';
  const prefix = PREFIXES.find((p) => value.startsWith(p)) ?? '';
  // Keep at least 8 hidden characters between the prefix and the tail.
  const shown = value.length - prefix.length - 4 >= 8 ? (SHOWN[prefix] ?? prefix) : '';
  return `${shown}…${value.slice(-4)}`;
}
