/**
 * How many calls a voice campaign may hold at once, and why: the smallest of the Anthropic key's
 * concurrency (credentials/anthropic-limit.ts: read from its rate-limit headers at its last check), the
 * runner's own maximum and the campaign's cap. Every campaign of a workspace draws on the same key,
 * so the key's ceiling is shared: calls of the workspace's other running campaigns count against it.
 */
import type { CeilingView } from '../../../../shared/voice-campaigns';
import { anthropicLimit, type AnthropicLimit } from '../../credentials/anthropic-limit';
import type { VoiceDeps } from '../../voice/deps';

/** The limit for a workspace's calls now, without resolving (or decrypting) a key; null when no Anthropic key would pay. */
export function workspaceLimit(deps: Pick<VoiceDeps, 'checks' | 'resolver'>, workspaceId: string): AnthropicLimit | null {
  const llm = deps.resolver.describe(workspaceId, 'llm', { providers: ['anthropic'] });
  return llm ? anthropicLimit(deps, llm) : null;
}

/** The ceiling and its reason, in one sentence the console and the CLI show. */
export function ceilingOf(
  limit: AnthropicLimit,
  limits: { campaignCap: number; runnerMax: number; carrierCps: number; workspaceCallsNow: number; sharedWith: number },
): CeilingView {
  const ceiling = Math.min(limit.concurrency, limits.campaignCap, limits.runnerMax);
  const limitedBy: CeilingView['limitedBy'] =
    ceiling === limit.concurrency ? 'anthropic' : ceiling === limits.campaignCap ? 'campaign' : 'runner';
  const whose = limit.owner === 'own' ? "the client's" : "the agency's";
  const key = !limit.checked
    ? `${whose} Anthropic key has not been checked, so its rate limits are unknown: 1 call at a time until it is`
    : limit.tier && limit.tier !== 'unknown'
      ? `${whose} Anthropic key is tier ${limit.tier}: about ${limit.concurrency} call${limit.concurrency === 1 ? '' : 's'} at once from its rate limits`
      : `${whose} Anthropic key did not report its tier: ${limit.concurrency} call${limit.concurrency === 1 ? '' : 's'} at once`;
  const by =
    limitedBy === 'anthropic'
      ? key
      : limitedBy === 'campaign'
        ? `the campaign's own cap is ${limits.campaignCap} (${key})`
        : `the runner holds at most ${limits.runnerMax} calls (${key})`;
  const shared =
    limits.sharedWith > 0
      ? `; shared with ${limits.sharedWith} other running campaign${limits.sharedWith === 1 ? '' : 's'} of this workspace`
      : '';
  const reason = `${ceiling} call${ceiling === 1 ? '' : 's'} at once: ${by}${shared}; dialled at most ${limits.carrierCps} per second.`;
  return {
    ceiling,
    limitedBy,
    anthropic: limit.checked ? { concurrency: limit.concurrency, tier: limit.tier, owner: limit.owner } : null,
    campaignCap: limits.campaignCap,
    runnerMax: limits.runnerMax,
    carrierCps: limits.carrierCps,
    workspaceCallsNow: limits.workspaceCallsNow,
    sharedWith: limits.sharedWith,
    reason,
  };
}
