/** The Details column of the audit table in words ("Twilio · production · in use"), not raw key/value pairs. */
import { getProvider, isProviderId } from '../../../../shared/providers/catalog';
import { actionLabel } from './actions';

function providerName(v: unknown): string {
  return typeof v === 'string' && isProviderId(v) ? getProvider(v).name : String(v);
}

function plural(n: unknown, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** "callSid" → "call sid". */
function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]/g, ' ')
    .toLowerCase();
}

function plain(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(plain).join(', ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Phrases for the detail keys the core writes; null leaves a value out. */
const PHRASES: Readonly<Record<string, (v: unknown) => string | null>> = {
  provider: providerName,
  providers: (v) => (Array.isArray(v) ? v.map(providerName).join(', ') : providerName(v)),
  environment: (v) => String(v),
  nickname: (v) => `“${String(v)}”`,
  active: (v) => (v ? 'in use' : 'on standby'),
  result: (v) => `checked: ${String(v)}`,
  changed: (v) => `changed ${plain(v)}`,
  field: (v) => `field ${String(v)}`,
  format: (v) => `${String(v).toUpperCase()} file`,
  filter: (v) => `only “${actionLabel(String(v))}”`,
  ok: (v) => (v ? 'chain intact' : 'chain broken'),
  rows: (v) => plural(v, 'row', 'rows'),
  deleted: (v) => `${plural(v, 'key', 'keys')} deleted`,
  allow: (v) => (v ? 'falling back to the agency allowed' : 'falling back to the agency not allowed'),
  owner: (v) => (v === 'own' ? 'the workspace’s own key' : v === 'agency' ? 'the agency’s key' : String(v)),
  replace: (v) => (v ? 'replacing the list' : null),
  estimatedUsd: (v) => (typeof v === 'number' ? `estimated $${v.toFixed(2)}` : null),
  name: (v) => `“${String(v)}”`,
  kind: (v) => `${String(v)} workspace`,
  mode: (v) => MODES[String(v)] ?? String(v),
  // A rotation's switch: how much moved to the new key.
  workspaces: (v) => plural(v, 'workspace', 'workspaces'),
  campaigns: (v) => plural(v, 'campaign', 'campaigns'),
  workflows: (v) => plural(v, 'workflow rule', 'workflow rules'),
  agents: (v) => plural(v, 'voice agent', 'voice agents'),
  replacedBy: () => null,
};

const MODES: Readonly<Record<string, string>> = {
  byok: 'its own keys (BYOK)',
  bundled: 'the agency’s keys (bundled)',
  passphrase: 'protected by a passphrase',
  keychain: 'held by the system keychain',
};

/** One readable line for an audit row's detail. */
export function detailText(detail: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  const { from, to } = detail;
  const paired = from !== undefined && to !== undefined;
  if (paired) parts.push(`${plain(from)} → ${plain(to)}`);
  for (const [k, v] of Object.entries(detail)) {
    if (paired && (k === 'from' || k === 'to')) continue;
    if (v === null || v === undefined) continue;
    const phrase = PHRASES[k];
    const text = phrase ? phrase(v) : `${words(k)} ${plain(v)}`;
    if (text) parts.push(text);
  }
  return parts.join(' · ');
}
