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
  const c = core.campaigns;
  /** The default country a list's numbers are read with. */
  const countryOf = (scope: DncScope): string | null =>
    scope.kind === 'workspace' ? core.workspaces.get(scope.workspaceId).defaultCountry : scope.kind === 'ncpr' ? 'IN' : null;
  const checkScope = (scope: DncScope): DncScope => {
    if (scope.kind === 'workspace') core.workspaces.get(scope.workspaceId);
    return scope;
  };
  return {
    'campaigns:list': ({ workspaceId }) => c.list(workspaceId),
    'campaigns:get': ({ id }) => c.get(id),
    'campaigns:create': ({ workspaceId, name, channel, csv, template, window, rate, country }) =>
      c.create({ workspaceId, name, channel, contacts: Readable.from([Buffer.from(csv, 'utf8')]), template, window, rate, country }, actor),
    'campaigns:start': ({ id }) => c.start(id, actor),
    'campaigns:pause': ({ id }) => c.pause(id, actor),
    'campaigns:cancel': ({ id }) => c.cancel(id, actor),
    'campaigns:sendAgain': ({ id, expected }) => c.sendAgain(id, actor, expected),
    'campaigns:messages': ({ id, status, offset, limit }) => c.messages(id, { status, offset, limit }),
    'campaigns:issues': ({ id, offset, limit }) => c.issues(id, { offset, limit }),
    'campaigns:preview': ({ id, index }) => c.preview(id, index),

    'dnc:list': ({ scope, prefix, offset, limit }) => c.dnc.list(checkScope(scope), { prefix, offset, limit }),
    'dnc:add': ({ scope, values, optOut }) => {
      const country = countryOf(checkScope(scope));
      const ok: string[] = [];
      const invalid: { value: string; reason: string }[] = [];
      for (const v of values) {
        const a = dncAddress(v, country);
        if (a.ok) ok.push(a.address);
        else invalid.push({ value: v.slice(0, 80), reason: a.reason });
      }
      const added =
        ok.length > 0 ? c.dnc.add(scope, ok, optOut ? 'opt-out' : 'operator', actor, optOut ? 'marked by the operator' : null) : 0;
      return { added, invalid };
    },
    'dnc:remove': ({ scope, values }) => {
      const country = countryOf(checkScope(scope));
      const addresses = values.flatMap((v) => {
        const a = dncAddress(v, country);
        return a.ok ? [a.address] : [];
      });
      return { removed: c.dnc.remove(scope, addresses, actor) };
    },
    'dnc:import': async ({ scope, content, replace }) => {
      const read = readDncFile(Readable.from([Buffer.from(content, 'utf8')]), {
        defaultCountry: countryOf(checkScope(scope)),
        onlyPrefix: scope.kind === 'ncpr' ? '+91' : undefined,
      });
      const result = await c.dnc.importStream(scope, read.addresses, { replace, actor });
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
