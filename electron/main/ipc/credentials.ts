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
  const credentials = core.credentials;
  return {
    'credentials:list': ({ workspaceId }) => credentials.list(workspaceId),
    'credentials:add': (input) => credentials.add(input, actor),
    'credentials:update': ({ id, ...rest }) => credentials.update(id, rest, actor),
    'credentials:activate': ({ id }) => credentials.activate(id, actor),
    'credentials:deactivate': ({ id }) => credentials.deactivate(id, actor),
    'credentials:reveal': ({ id }) => credentials.reveal(id, actor),
    'credentials:copy': ({ id, field }) => credentials.copy(id, field, actor),
    'credentials:delete': ({ id }) => {
      credentials.delete(id, actor);
      return { deleted: true as const };
    },
    'credentials:test': ({ id }) => core.checks.test(id, actor, (line) => emit('event:checkLine', { credentialId: id, line })),
    'credentials:testAll': ({ workspaceId }) => {
      core.workspaces.get(workspaceId);
      return core.checks.testWorkspace(workspaceId, actor, (p) => emit('event:checkProgress', p));
    },
    'credentials:history': ({ id }) => {
      credentials.get(id);
      return core.checks.history(id);
    },
  };
}
