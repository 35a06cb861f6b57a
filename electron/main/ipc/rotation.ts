/** Rotation channels: ages and dependents read freely; rotating and confirming need the vault (the core says so if locked). */
import type { HandlerContext, ServiceMap } from './handler';

/** Rotation handlers. */
export function rotationHandlers({
  core,
  actor,
  emit,
}: HandlerContext): ServiceMap<'rotation:ages' | 'rotation:dependents' | 'rotation:rotate' | 'rotation:confirmRevoked'> {
  const rotation = core.rotation;
  return {
    'rotation:ages': ({ workspaceId }) => rotation.ages(workspaceId),
    'rotation:dependents': ({ id }) => rotation.dependents(id),
    // The new key has no id until it is switched to: its check lines travel under the key being rotated.
    'rotation:rotate': ({ id, fields, nickname }) =>
      rotation.rotate(id, { fields, nickname }, actor, (line) => emit('event:checkLine', { credentialId: id, line })),
    'rotation:confirmRevoked': ({ id }) => rotation.confirmRevoked(id, actor),
  };
}
