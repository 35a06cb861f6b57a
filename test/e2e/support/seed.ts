/** Data a test starts from, put in through the core itself (the UI paths have their own tests). */
import type { CredentialView, Environment } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import type { E2EApp } from './app';

/** Creates a client workspace and returns its id. */
export function clientWorkspace(app: E2EApp, name: string, mode: 'byok' | 'bundled' = 'byok'): string {
  return app.core.workspaces.create({ name, mode }, 'console').id;
}

/** Stores a key with the simulator's accepted fields (plus overrides) and, unless told not to, checks it. */
export async function addKey(
  app: E2EApp,
  workspaceId: string,
  provider: ProviderId,
  opts: { fields?: Record<string, string>; nickname?: string; environment?: Environment; check?: boolean; activate?: boolean } = {},
): Promise<CredentialView> {
  const key = app.core.credentials.add(
    {
      workspaceId,
      provider,
      fields: { ...app.sim(provider).fields, ...opts.fields },
      nickname: opts.nickname,
      environment: opts.environment,
      activate: opts.activate,
    },
    'console',
  );
  if (opts.check !== false) await app.core.checks.test(key.id, 'console');
  return app.core.credentials.get(key.id);
}
