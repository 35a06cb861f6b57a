/** Shared pieces of the provider integration tests: contexts against a simulator and the no-secret assertion. */
import { expect } from 'vitest';
import type { CheckContext, CheckResult } from '../../../electron/core/providers/types';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';

/** A check context pointed at a simulator, with no environment overrides leaking in. */
export function ctxFor(url: string, fields: Readonly<Record<string, string>>, extra: Partial<CheckContext> = {}): CheckContext {
  return { fields, environment: 'test', endpoint: url, env: {}, timeoutMs: 60_000, ...extra };
}

/** Asserts no secret value appears anywhere in a result (summary, lines, details). */
export function expectNoSecret(result: CheckResult, secrets: readonly string[]): void {
  const text = JSON.stringify(result);
  for (const s of secrets) expect(text).not.toContain(s);
}

/** The same credential with every secret field changed by one character: well-formed, but wrong. */
export function withWrongSecret(id: ProviderId, fields: Readonly<Record<string, string>>): Record<string, string> {
  const out = { ...fields };
  for (const f of getProvider(id).fields) {
    const v = out[f.name];
    if (f.secret && v) out[f.name] = v.slice(0, -1) + (v.endsWith('1') ? '2' : '1');
  }
  return out;
}
