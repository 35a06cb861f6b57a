/**
 * Offline-preparation channels: .env import, bundles and client key intake through the core's
 * offline module. A bundle is previewed and imported in two calls; the import decrypts and checks
 * the file again and refuses it if what it would do differs from the preview the operator saw.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { newPassphraseProblem } from '../../../shared/passphrase';
import { applyImport, bundleNeedsPassphrase, exportBundle, type ImportPreview, planImport } from '../../core/offline/bundle';
import type { BundleLock } from '../../core/offline/bundle-file';
import { importEnv, previewEnv } from '../../core/offline/env-import';
import { agencyIdentity, findAgencyIdentity, intakeIdentities, type IdentityView } from '../../core/offline/identities';
import { closeIntake, createIntake } from '../../core/offline/intake';
import type { HandlerContext, ServiceMap } from './handler';

type OfflineChannel =
  | 'env:preview'
  | 'env:import'
  | 'bundles:identity'
  | 'bundles:createIdentity'
  | 'bundles:export'
  | 'bundles:preview'
  | 'bundles:import'
  | 'intake:create'
  | 'intake:list'
  | 'intake:close';

/** A digest of what an import would do (hints and names only), to tie the import to the preview shown. */
export function previewDigest(preview: ImportPreview): string {
  return createHash('sha256').update(JSON.stringify(preview)).digest('hex');
}

const shown = (identity: IdentityView): { id: string; recipient: string; createdAt: string } => ({
  id: identity.id,
  recipient: identity.recipient,
  createdAt: identity.createdAt,
});

function lockOf(input: { recipients?: readonly string[]; passphrase?: string; confirmation?: string }): BundleLock {
  const toRecipients = input.recipients !== undefined;
  if (toRecipients === (input.passphrase !== undefined))
    throw new AppError('INVALID_INPUT', 'Choose who can open the bundle: age recipients or a passphrase, not both.');
  if (input.recipients) return { recipients: input.recipients };
  const problem = newPassphraseProblem(input.passphrase ?? '', input.confirmation ?? '');
  if (problem) throw new AppError('INVALID_INPUT', `${problem} Nothing was exported.`);
  return { passphrase: input.passphrase ?? '' };
}

/** Offline-preparation handlers. */
export function offlineHandlers({ core, actor }: HandlerContext): ServiceMap<OfflineChannel> {
  return {
    'env:preview': ({ text }) => previewEnv(text),
    'env:import': ({ workspaceId, text, providers }) => ({
      stored: importEnv(core, { workspaceId, text, providers, source: 'console' }, actor).stored,
    }),
    'bundles:identity': () => {
      const id = findAgencyIdentity(core);
      return id ? shown(id) : null;
    },
    'bundles:createIdentity': async () => shown(await agencyIdentity(core, actor)),
    'bundles:export': async ({ workspaceIds, ...to }) => {
      const lock = lockOf(to);
      const content = await exportBundle(core, { workspaceIds, lock }, actor);
      const ids = [...new Set(workspaceIds)];
      const keys = ids.reduce((n, id) => n + core.credentials.list(id).length, 0);
      return { filename: `switchboard-bundle-${core.now().toISOString().slice(0, 10)}.age`, content, workspaces: ids.length, keys };
    },
    'bundles:preview': async ({ data, passphrase }) => {
      const bytes = Buffer.from(data, 'base64');
      if (bundleNeedsPassphrase(bytes) && passphrase === undefined) return { needsPassphrase: true, preview: null, digest: null };
      const plan = await planImport(core, bytes, { passphrase: bundleNeedsPassphrase(bytes) ? passphrase : undefined });
      return { needsPassphrase: bundleNeedsPassphrase(bytes), preview: plan.preview, digest: previewDigest(plan.preview) };
    },
    'bundles:import': async ({ data, passphrase, digest, trustedHosts }) => {
      const bytes = Buffer.from(data, 'base64');
      const plan = await planImport(core, bytes, { passphrase: bundleNeedsPassphrase(bytes) ? passphrase : undefined });
      if (previewDigest(plan.preview) !== digest)
        throw new AppError(
          'CONFLICT',
          'What this file would change is no longer what the preview showed; look at the new preview. Nothing was imported.',
        );
      const written = applyImport(core, plan, actor, { trustedHosts });
      return { ...written, intakeClosed: plan.intakeId !== null };
    },
    'intake:create': async ({ workspaceId, providers, agencyName }) => {
      const made = await createIntake(core, { workspaceId, providers, agencyName }, actor);
      return {
        id: made.identity.id,
        recipient: made.identity.recipient,
        workspaceName: made.workspaceName,
        providers: [...made.providers],
        sheet: made.sheet,
        html: made.html,
        createdAt: made.identity.createdAt,
      };
    },
    'intake:list': ({ workspaceId }) => intakeIdentities(core, workspaceId).map(shown),
    'intake:close': ({ workspaceId, id }) => {
      closeIntake(core, { workspaceId, id }, actor);
      return { closed: true as const };
    },
  };
}
