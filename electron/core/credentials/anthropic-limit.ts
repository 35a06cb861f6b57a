/**
 * What the Anthropic key's last check said about how many calls it carries at once: the one reading
 * of a check's `concurrency` and `tier` details (providers/anthropic.ts writes them from the key's
 * rate-limit headers: tier 1 ≈ 5, tier 2 ≈ 25). The voice runner and voice campaigns both ask here.
 */
import type { CredentialChecks } from './checks';

/** What the Anthropic key's last check said. */
export interface AnthropicLimit {
  readonly concurrency: number;
  readonly tier: string | null;
  readonly owner: 'own' | 'agency';
  readonly checked: boolean;
}

/** The Anthropic key's concurrency and tier from its last check (1 call when it was never checked); reads no secret. */
export function anthropicLimit(
  source: { readonly checks: Pick<CredentialChecks, 'history'> },
  key: { readonly credentialId: string; readonly owner: 'own' | 'agency' },
): AnthropicLimit {
  const last = source.checks.history(key.credentialId, 1)[0];
  const tier = last?.details.tier;
  const concurrency = last?.details.concurrency;
  return {
    concurrency: typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 1,
    tier: typeof tier === 'string' || typeof tier === 'number' ? String(tier) : null,
    owner: key.owner,
    checked: last !== undefined,
  };
}
