/**
 * Channel and event names alone (no schemas), so the sandboxed preload stays a few lines.
 * `contract.ts` fails the type check if this list and the contract ever differ.
 */
export const CHANNEL_NAMES = [
  'vault:status',
  'vault:unlock',
  'vault:lock',
  'vault:rotate',
  'workspaces:list',
  'workspaces:create',
  'workspaces:rename',
  'workspaces:archive',
  'workspaces:setMode',
  'workspaces:setFallback',
  'credentials:list',
  'credentials:add',
  'credentials:update',
  'credentials:activate',
  'credentials:reveal',
  'credentials:copy',
  'credentials:delete',
  'credentials:test',
  'credentials:testAll',
  'credentials:history',
  'audit:list',
  'audit:verify',
  'audit:export',
  'onboarding:get',
  'onboarding:complete',
  'onboarding:revertToPlatform',
  'usage:summary',
  'usage:setAlert',
  'usage:alerts',
  'resolve:describe',
] as const;

/** Pushes from main to the renderer. */
export const EVENT_NAMES = ['event:vault', 'event:checkProgress', 'event:campaignProgress'] as const;
