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
  a: AnthropicLimit,
  o: { campaignCap: number; runnerMax: number; carrierCps: number; workspaceCallsNow: number; sharedWith: number },
): CeilingView {
  const ceiling = Math.min(a.concurrency, o.campaignCap, o.runnerMax);
  const limitedBy: CeilingView['limitedBy'] = ceiling === a.concurrency ? 'anthropic' : ceiling === o.campaignCap ? 'campaign' : 'runner';
  const whose = a.owner === 'own' ? "the client's" : "the agency's";
  const key = !a.checked
    ? `${whose} Anthropic key has not been checked, so its rate limits are unknown: 1 call at a time until it is`
    : a.tier && a.tier !== 'unknown'
      ? `${whose} Anthropic key is tier ${a.tier}: about ${a.concurrency} call${a.concurrency === 1 ? '' : 's'} at once from its rate limits`
      : `${whose} Anthropic key did not report its tier: ${a.concurrency} call${a.concurrency === 1 ? '' : 's'} at once`;
  const by =
    limitedBy === 'anthropic'
      ? key
      : limitedBy === 'campaign'
        ? `the campaign's own cap is ${o.campaignCap} (${key})`
        : `the runner holds at most ${o.runnerMax} calls (${key})`;
  const shared =
    o.sharedWith > 0 ? `; shared with ${o.sharedWith} other running campaign${o.sharedWith === 1 ? '' : 's'} of this workspace` : '';
  const reason = `${ceiling} call${ceiling === 1 ? '' : 's'} at once: ${by}${shared}; dialled at most ${o.carrierCps} per second.`;
  return {
    ceiling,
    limitedBy,
    anthropic: a.checked ? { concurrency: a.concurrency, tier: a.tier, owner: a.owner } : null,
    campaignCap: o.campaignCap,
    runnerMax: o.runnerMax,
    carrierCps: o.carrierCps,
    workspaceCallsNow: o.workspaceCallsNow,
    sharedWith: o.sharedWith,
    reason,
  };
}
