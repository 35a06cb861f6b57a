/** Credential channels. */
import type { HandlerContext, ServiceMap } from './handler';

type CredentialChannel =
  | 'credentials:list'
  | 'credentials:add'
  | 'credentials:update'
  | 'credentials:activate'
  | 'credentials:deactivate'
  | 'credentials:reveal'
  | 'credentials:copy'
  | 'credentials:delete'
  | 'credentials:test'
  | 'credentials:testAll'
  | 'credentials:history';

/** Credential handlers. */
export function credentialHandlers({ core, actor, emit }: HandlerContext): ServiceMap<CredentialChannel> {
  const c = core.credentials;
  return {
    'credentials:list': ({ workspaceId }) => c.list(workspaceId),
    'credentials:add': (input) => c.add(input, actor),
    'credentials:update': ({ id, ...rest }) => c.update(id, rest, actor),
    'credentials:activate': ({ id }) => c.activate(id, actor),
    'credentials:deactivate': ({ id }) => c.deactivate(id, actor),
    'credentials:reveal': ({ id }) => c.reveal(id, actor),
    'credentials:copy': ({ id, field }) => c.copy(id, field, actor),
    'credentials:delete': ({ id }) => {
      c.delete(id, actor);
      return { deleted: true as const };
    },
    'credentials:test': ({ id }) => core.checks.test(id, actor, (line) => emit('event:checkLine', { credentialId: id, line })),
    'credentials:testAll': ({ workspaceId }) => {
      core.workspaces.get(workspaceId);
      return core.checks.testWorkspace(workspaceId, actor, (p) => emit('event:checkProgress', p));
    },
    'credentials:history': ({ id }) => {
      c.get(id);
      return core.checks.history(id);
    },
  };
}
