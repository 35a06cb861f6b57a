/** Campaign, do-not-contact and workflow channels; progress is forwarded to the window as `event:campaignProgress`. */
import { Readable } from 'node:stream';
import { dncAddress, type DncScope } from '../../core/messaging/dnc';
import { readDncFile } from '../../core/messaging/dnc-file';
import type { HandlerContext, ServiceMap } from './handler';

type CampaignChannel =
  | 'campaigns:list'
  | 'campaigns:get'
  | 'campaigns:create'
  | 'campaigns:start'
  | 'campaigns:pause'
  | 'campaigns:cancel'
  | 'campaigns:sendAgain'
  | 'campaigns:messages'
  | 'campaigns:issues'
  | 'campaigns:preview'
  | 'dnc:list'
  | 'dnc:add'
  | 'dnc:remove'
  | 'dnc:import'
  | 'workflows:list'
  | 'workflows:add'
  | 'workflows:setEnabled'
  | 'workflows:remove';

/** Campaign handlers; subscribes the window to campaign progress. */
export function campaignHandlers({ core, actor, emit }: HandlerContext): ServiceMap<CampaignChannel> {
  core.campaigns.onProgress((p) => emit('event:campaignProgress', p));
  const campaigns = core.campaigns;
  /** The default country a list's numbers are read with. */
  const countryOf = (scope: DncScope): string | null =>
    scope.kind === 'workspace' ? core.workspaces.get(scope.workspaceId).defaultCountry : scope.kind === 'ncpr' ? 'IN' : null;
  const checkScope = (scope: DncScope): DncScope => {
    if (scope.kind === 'workspace') core.workspaces.get(scope.workspaceId);
    return scope;
  };
  return {
    'campaigns:list': ({ workspaceId }) => campaigns.list(workspaceId),
    'campaigns:get': ({ id }) => campaigns.get(id),
    'campaigns:create': ({ workspaceId, name, channel, csv, template, window, rate, country }) =>
      campaigns.create(
        { workspaceId, name, channel, contacts: Readable.from([Buffer.from(csv, 'utf8')]), template, window, rate, country },
        actor,
      ),
    'campaigns:start': ({ id }) => campaigns.start(id, actor),
    'campaigns:pause': ({ id }) => campaigns.pause(id, actor),
    'campaigns:cancel': ({ id }) => campaigns.cancel(id, actor),
    'campaigns:sendAgain': ({ id, expected }) => campaigns.sendAgain(id, actor, expected),
    'campaigns:messages': ({ id, status, offset, limit }) => campaigns.messages(id, { status, offset, limit }),
    'campaigns:issues': ({ id, offset, limit }) => campaigns.issues(id, { offset, limit }),
    'campaigns:preview': ({ id, index }) => campaigns.preview(id, index),

    'dnc:list': ({ scope, prefix, offset, limit }) => campaigns.dnc.list(checkScope(scope), { prefix, offset, limit }),
    'dnc:add': ({ scope, values, optOut }) => {
      const country = countryOf(checkScope(scope));
      const ok: string[] = [];
      const invalid: { value: string; reason: string }[] = [];
      for (const value of values) {
        const parsed = dncAddress(value, country);
        if (parsed.ok) ok.push(parsed.address);
        else invalid.push({ value: value.slice(0, 80), reason: parsed.reason });
      }
      const added =
        ok.length > 0 ? campaigns.dnc.add(scope, ok, optOut ? 'opt-out' : 'operator', actor, optOut ? 'marked by the operator' : null) : 0;
      return { added, invalid };
    },
    'dnc:remove': ({ scope, values }) => {
      const country = countryOf(checkScope(scope));
      const addresses = values.flatMap((value) => {
        const parsed = dncAddress(value, country);
        return parsed.ok ? [parsed.address] : [];
      });
      return { removed: campaigns.dnc.remove(scope, addresses, actor) };
    },
    'dnc:import': async ({ scope, content, replace }) => {
      const read = readDncFile(Readable.from([Buffer.from(content, 'utf8')]), {
        defaultCountry: countryOf(checkScope(scope)),
        onlyPrefix: scope.kind === 'ncpr' ? '+91' : undefined,
      });
      const result = await campaigns.dnc.importStream(scope, read.addresses, { replace, actor });
      return { ...result, ...read.report };
    },

    'workflows:list': ({ workspaceId }) => core.workflows.rules(workspaceId),
    'workflows:add': ({ workspaceId, outcome, channel, template }) =>
      core.workflows.addRule({ workspaceId, outcome, channel, template }, actor),
    'workflows:setEnabled': ({ id, enabled }) => core.workflows.setEnabled(id, enabled, actor),
    'workflows:remove': ({ id }) => {
      core.workflows.removeRule(id, actor);
      return { removed: true as const };
    },
  };
}
