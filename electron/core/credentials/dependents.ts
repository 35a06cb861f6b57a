/**
 * What depends on a key, found through the resolver rather than a list kept by hand: for every
 * workspace that could use it (its own; every client too when it is the agency's), the resolver
 * says which key would pay for each capability the provider serves — exactly as a send or a call
 * would resolve it. Campaigns, post-call workflows and voice agents of those workspaces hang off
 * the capabilities they resolve.
 */
import type { Environment, Workspace } from '../../../shared/domain';
import { getProvider } from '../../../shared/providers/catalog';
import type { Capability, ProviderId } from '../../../shared/providers/types';
import type { DependentsView } from '../../../shared/rotation';
import type { CampaignRepo } from '../campaigns/repo';
import type { Workflows } from '../campaigns/workflows';
import type { ResolveOptions, Resolver } from '../onboarding/resolve';
import type { Agents } from '../voice/agents/agents';
import type { Workspaces } from '../workspaces/workspaces';
import type { CredentialRow } from './repo';

/**
 * How each capability is resolved where it is used: campaigns and workflows ask for `sms` or
 * `email` (campaigns/messaging/run.ts), a call asks for its carrier, Deepgram, Anthropic and Cartesia
 * (voice/call/keys.ts); anything else is resolved plainly.
 */
const RESOLVED_AS: Partial<Record<Capability, readonly ProviderId[]>> = {
  'voice-carrier': ['twilio', 'exotel'],
  stt: ['deepgram'],
  llm: ['anthropic'],
  tts: ['cartesia'],
};

/** What a voice agent's call resolves. */
const CALL_CAPABILITIES: readonly Capability[] = ['voice-carrier', 'stt', 'llm', 'tts'];

/** Campaign states that will still send. */
const PENDING = new Set(['ready', 'running', 'paused']);

/** The services dependents are read from. */
export interface DependentsDeps {
  readonly resolver: Resolver;
  readonly workspaces: Workspaces;
  readonly campaigns: { readonly repo: CampaignRepo };
  readonly workflows: Pick<Workflows, 'rules'>;
  readonly agents: Pick<Agents, 'list'>;
}

type Uses = DependentsView['workspaces'][number];
type Found = Omit<DependentsView, 'age' | 'nickname'>;

/** The capabilities a provider's key can be resolved for, each with the options its users resolve it with. */
export function resolvedUses(
  provider: ProviderId,
  environment: Environment,
): { readonly capability: Capability; readonly options: ResolveOptions }[] {
  return getProvider(provider)
    .capabilities.filter((capability) => RESOLVED_AS[capability]?.includes(provider) ?? true)
    .map((capability) => {
      const only = RESOLVED_AS[capability];
      return { capability, options: { environment, ...(only ? { providers: only } : {}) } };
    });
}

/** The capabilities for which `ws` resolves to the key, and how it comes to. */
function usesIn(
  d: DependentsDeps,
  ws: Workspace,
  key: Pick<CredentialRow, 'id' | 'provider' | 'environment' | 'workspace_id'>,
): Uses | null {
  const capabilities = resolvedUses(key.provider, key.environment)
    .filter((u) => d.resolver.describe(ws.id, u.capability, u.options)?.credentialId === key.id)
    .map((u) => u.capability);
  if (capabilities.length === 0) return null;
  const via = ws.id === key.workspace_id ? 'own' : ws.mode === 'bundled' ? 'bundled' : 'fallback';
  return { workspaceId: ws.id, name: ws.name, via, capabilities };
}

/** Every workspace, campaign, workflow rule and voice agent that would use this key now. */
export function dependentsOf(d: DependentsDeps, key: Pick<CredentialRow, 'id' | 'provider' | 'environment' | 'workspace_id'>): Found {
  const holder = d.workspaces.get(key.workspace_id);
  // The agency's key is what clients fall back to; a client's key serves that client alone.
  const candidates = holder.kind === 'agency' ? [holder, ...d.workspaces.list().filter((w) => w.id !== holder.id)] : [holder];
  const workspaces = candidates.map((ws) => usesIn(d, ws, key)).filter((u): u is Uses => u !== null);
  const found: Found = {
    credentialId: key.id,
    workspaceId: key.workspace_id,
    provider: key.provider,
    environment: key.environment,
    workspaces,
    campaigns: [],
    workflows: [],
    agents: [],
  };
  // Campaigns, workflows and calls resolve production keys.
  if (key.environment !== ('production' satisfies Environment)) return found;
  for (const u of workspaces) {
    const serves = new Set<Capability>(u.capabilities);
    for (const c of d.campaigns.repo.list(u.workspaceId)) {
      if (c.kind === 'campaign' && PENDING.has(c.state) && serves.has(channelCapability(c.channel)))
        found.campaigns.push({
          id: c.id,
          name: c.name,
          workspaceId: u.workspaceId,
          workspaceName: u.name,
          channel: c.channel,
          state: c.state,
        });
    }
    for (const r of d.workflows.rules(u.workspaceId)) {
      if (r.enabled && serves.has(channelCapability(r.channel)))
        found.workflows.push({ id: r.id, workspaceId: u.workspaceId, workspaceName: u.name, outcome: r.outcome, channel: r.channel });
    }
    if (CALL_CAPABILITIES.some((c) => serves.has(c))) {
      for (const a of d.agents.list(u.workspaceId))
        found.agents.push({ id: a.id, name: a.name, workspaceId: u.workspaceId, workspaceName: u.name });
    }
  }
  return found;
}

/** The capability a campaign or workflow channel sends through. */
function channelCapability(channel: string): Capability {
  return channel === 'email' ? 'email' : channel === 'sms' ? 'sms' : 'voice-carrier';
}
