/** Workspace channels. */
import type { HandlerContext, ServiceMap } from './handler';

/** Workspace handlers. */
export function workspaceHandlers({
  core,
  actor,
}: HandlerContext): ServiceMap<
  | 'workspaces:list'
  | 'workspaces:create'
  | 'workspaces:rename'
  | 'workspaces:archive'
  | 'workspaces:setMode'
  | 'workspaces:setFallback'
  | 'workspaces:setCountry'
> {
  const ws = core.workspaces;
  return {
    'workspaces:list': ({ includeArchived }) => ws.list({ includeArchived }),
    'workspaces:create': ({ name, mode }) => ws.create({ name, mode }, actor),
    'workspaces:rename': ({ id, name }) => ws.rename(id, name, actor),
    'workspaces:archive': ({ id, archived }) => ws.setArchived(id, archived, actor),
    'workspaces:setMode': ({ id, mode }) => ws.setMode(id, mode, actor),
    'workspaces:setFallback': ({ id, allow }) => ws.setFallback(id, allow, actor),
    'workspaces:setCountry': ({ id, country }) => ws.setCountry(id, country, actor),
  };
}
