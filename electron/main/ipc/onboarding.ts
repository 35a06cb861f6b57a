/** Onboarding, credential resolution and usage channels. */
import type { HandlerContext, ServiceMap } from './handler';

type OnboardingChannel =
  | 'onboarding:get'
  | 'onboarding:complete'
  | 'onboarding:revertToPlatform'
  | 'usage:summary'
  | 'usage:setAlert'
  | 'usage:alerts'
  | 'usage:billingCsv'
  | 'resolve:describe';

/** Onboarding, usage and resolution handlers. */
export function onboardingHandlers({ core, actor }: HandlerContext): ServiceMap<OnboardingChannel> {
  return {
    'onboarding:get': ({ workspaceId }) => core.onboarding.get(workspaceId),
    'onboarding:complete': ({ workspaceId }) => core.onboarding.complete(workspaceId, actor),
    // The schema already demands confirm: true; the console asked the operator before sending it.
    'onboarding:revertToPlatform': ({ workspaceId }) => ({ deleted: core.onboarding.revertToPlatform(workspaceId, actor) }),
    'usage:summary': ({ workspaceId }) => core.usage.summary(workspaceId),
    'usage:setAlert': ({ workspaceId, provider, monthlyUsd }) => core.usage.setAlert(workspaceId, provider, monthlyUsd, actor),
    'usage:alerts': ({ workspaceId }) => core.usage.alerts(workspaceId),
    'usage:billingCsv': ({ month, workspaceId }) => {
      const scope = workspaceId
        ? core.workspaces
            .get(workspaceId)
            .name.replace(/[^\w.-]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .toLowerCase() || 'workspace'
        : 'all-workspaces';
      return { filename: `switchboard-billing-${month}-${scope}.csv`, content: core.usage.billingCsv(month, workspaceId) };
    },
    'resolve:describe': ({ workspaceId, capability }) => {
      const described = core.resolver.describe(workspaceId, capability);
      return described ? { provider: described.provider, owner: described.owner, credentialId: described.credentialId } : null;
    },
  };
}
