/**
 * Bundles: chosen workspaces' keys and non-secret settings exported as one age file, and imported
 * after every entry is checked — all or nothing, in one transaction. A file opened by a client
 * intake identity lands only in that intake's workspace, and the identity is destroyed with it.
 */
import { normalName } from '../../../shared/names';
import { AppError } from '../../../shared/errors';
import type { Environment } from '../../../shared/domain';
import { getProvider, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { Actor } from '../audit/audit';
import type { Core } from '../app';
import { cleanEndpoint } from '../credentials/credentials';
import { isProviderHost } from '../providers/origin';
import { maskSecret } from '../credentials/mask';
import { checkpointTruncate, tx } from '../store/db';
import {
  type BundleCredential,
  type BundleLock,
  BUNDLE_FORMAT,
  type BundlePayload,
  decryptFile,
  encryptText,
  needsPassphrase,
  type Opened,
  parseBundle,
} from './bundle-file';
import { type EnvPreview, planEnv } from './env-import';
import { destroyIdentity, openIdentities } from './identities';

/** Exports workspaces (ids) to an armored age file; audited as bundle.export. */
export async function exportBundle(
  core: Core,
  input: { workspaceIds: readonly string[]; lock: BundleLock },
  actor: Actor,
): Promise<string> {
  if (input.workspaceIds.length === 0) throw new AppError('INVALID_INPUT', 'Name at least one workspace to export.');
  const workspaces = [...new Set(input.workspaceIds)].map((id) => core.workspaces.get(id));
  const payload: BundlePayload = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: (core.config.now?.() ?? new Date()).toISOString(),
    workspaces: workspaces.map((ws) => ({
      name: ws.name,
      kind: ws.kind,
      mode: ws.mode,
      allowAgencyFallback: ws.allowAgencyFallback,
      defaultCountry: ws.defaultCountry,
      // A key rotated out waits to be revoked: it never leaves this machine to be used elsewhere.
      credentials: core.credentials
        .list(ws.id)
        .filter((k) => !core.credentials.onStandby(k.id))
        .map((k) => ({
          provider: k.provider,
          environment: k.environment,
          nickname: k.nickname,
          endpoint: k.endpoint,
          active: k.active,
          fields: core.credentials.fieldsFor(k.id),
        })),
    })),
  };
  const file = await encryptText(JSON.stringify(payload), input.lock);
  const keys = payload.workspaces.reduce((n, w) => n + w.credentials.length, 0);
  core.audit.append({
    actor,
    action: 'bundle.export',
    detail: {
      workspaces: workspaces.map((w) => w.name),
      keys,
      to: 'passphrase' in input.lock ? 'passphrase' : `${input.lock.recipients.length} recipient(s)`,
    },
  });
  return file;
}

/** One key an import would write. */
export interface PlannedKey {
  readonly provider: ProviderId;
  readonly providerName: string;
  readonly environment: Environment;
  readonly nickname: string;
  /** add: a new key; replace: new fields for the live key of the same provider, environment and nickname. */
  readonly action: 'add' | 'replace';
  readonly hints: Readonly<Record<string, string>>;
  /** Where the key's traffic goes instead of the provider's default API, if anywhere. */
  readonly endpoint: string | null;
  /** The key's region field (Exotel, AWS), which also decides its API host. */
  readonly region: string | null;
  /** The endpoint's host when it is not the provider's own: importing needs that host confirmed. */
  readonly foreignHost: string | null;
}

/** One workspace an import would touch. */
export interface PlannedWorkspace {
  readonly name: string;
  readonly action: 'create' | 'update' | 'keep';
  /** Settings that would change, in words ("mode byok → bundled"). */
  readonly changes: readonly string[];
  readonly keys: readonly PlannedKey[];
}

/** What an import would do, without any value. */
export interface ImportPreview {
  readonly via: 'passphrase' | 'agency' | 'intake';
  readonly workspaces: readonly PlannedWorkspace[];
  /** For a client's .env sent through an intake: what its lines held. */
  readonly env: EnvPreview | null;
}

interface Step {
  readonly workspace: PlannedWorkspace;
  readonly existingId: string | null;
  readonly settings: { mode: 'byok' | 'bundled'; allowAgencyFallback: boolean; defaultCountry: string | null } | null;
  readonly keys: readonly (PlannedKey & {
    fields: Record<string, string>;
    endpoint: string | null;
    active: boolean;
    replaceId: string | null;
  })[];
}

/** A decrypted, checked import, ready to apply; values stay inside it. */
export interface ImportPlan {
  readonly preview: ImportPreview;
  readonly steps: readonly Step[];
  readonly intakeId: string | null;
  readonly intakeWorkspaceId: string | null;
}

/** Whether a bundle file needs a passphrase to open. */
export function bundleNeedsPassphrase(bytes: Uint8Array): boolean {
  return needsPassphrase(bytes);
}

/** Decrypts a file (passphrase, or the agency's and open intakes' identities) and checks every entry; writes nothing. */
export async function planImport(core: Core, bytes: Uint8Array, opts: { passphrase?: string } = {}): Promise<ImportPlan> {
  const opened: Opened =
    opts.passphrase !== undefined
      ? await decryptFile(bytes, { passphrase: opts.passphrase })
      : await decryptFile(bytes, { identities: openIdentities(core) });
  if (opened.via?.kind === 'intake') return planIntake(core, opened.text, opened.via.id, opened.via.workspaceId);
  const payload = parseBundle(opened.text);
  const steps = payload.workspaces.map((w) =>
    planWorkspace(core, w.kind === 'agency' ? core.workspaces.agency().id : findClient(core, w.name), w),
  );
  return {
    preview: { via: opened.via ? 'agency' : 'passphrase', workspaces: steps.map((s) => s.workspace), env: null },
    steps,
    intakeId: null,
    intakeWorkspaceId: null,
  };
}

function findClient(core: Core, name: string): string | null {
  const wanted = normalName(name).toLowerCase();
  return core.workspaces.list({ includeArchived: true }).find((w) => w.kind === 'client' && w.name.toLowerCase() === wanted)?.id ?? null;
}

function planWorkspace(
  core: Core,
  existingId: string | null,
  w:
    | Pick<BundlePayload['workspaces'][number], 'name' | 'kind' | 'mode' | 'allowAgencyFallback' | 'defaultCountry' | 'credentials'>
    | { name: string; credentials: readonly BundleCredential[]; kind?: undefined },
): Step {
  const existing = existingId ? core.workspaces.get(existingId) : null;
  // A key rotated out is never re-keyed or put back in use: an entry of the same name adds a key instead.
  const live = existing ? core.credentials.list(existing.id).filter((k) => !core.credentials.onStandby(k.id)) : [];
  const name = existing?.name ?? w.name;
  const keys = w.credentials.map((c, j) => {
    const checked = validateFields(c.provider, c.fields);
    const label = `Key ${j + 1} of ${name} (${getProvider(c.provider).name})`;
    if (!checked.ok)
      throw new AppError(
        'INVALID_INPUT',
        `${label} is not valid: ${Object.values(checked.errors)[0] ?? 'its fields do not match'} Nothing was imported.`,
      );
    const endpoint = cleanEndpoint(c.endpoint);
    const twin = live.find(
      (k) => k.provider === c.provider && k.environment === c.environment && k.nickname.toLowerCase() === c.nickname.toLowerCase(),
    );
    const descriptor = getProvider(c.provider);
    const hints = Object.fromEntries(
      Object.entries(checked.fields)
        .filter(([f]) => descriptor.fields.find((d) => d.name === f)?.secret)
        .map(([f, v]) => [f, maskSecret(v)]),
    );
    const foreignHost = endpoint && !isProviderHost(c.provider, new URL(endpoint).host) ? new URL(endpoint).host : null;
    const region = checked.fields.region || null;
    return {
      provider: c.provider,
      providerName: descriptor.name,
      environment: c.environment,
      nickname: c.nickname,
      action: twin ? ('replace' as const) : ('add' as const),
      hints,
      endpoint,
      region,
      foreignHost,
      fields: { ...checked.fields },
      active: c.active,
      replaceId: twin?.id ?? null,
    };
  });
  const changes: string[] = [];
  let settings: Step['settings'] = null;
  if (w.kind === 'client') {
    settings = { mode: w.mode, allowAgencyFallback: w.allowAgencyFallback, defaultCountry: w.defaultCountry };
    if (existing && existing.mode !== w.mode) changes.push(`mode ${existing.mode} → ${w.mode}`);
    if (existing && existing.allowAgencyFallback !== w.allowAgencyFallback)
      changes.push(`agency fallback ${existing.allowAgencyFallback ? 'on' : 'off'} → ${w.allowAgencyFallback ? 'on' : 'off'}`);
  }
  const action = !existing ? 'create' : changes.length > 0 ? 'update' : 'keep';
  return {
    workspace: { name, action, changes, keys: keys.map(({ fields: _f, active: _a, replaceId: _r, ...k }) => k) },
    existingId,
    settings,
    keys,
  };
}

function planIntake(core: Core, text: string, intakeId: string, workspaceId: string): ImportPlan {
  const ws = core.workspaces.get(workspaceId);
  let credentials: BundleCredential[];
  let env: EnvPreview | null = null;
  if (text.trimStart().startsWith('{')) {
    credentials = parseBundle(text).workspaces.flatMap((w) => w.credentials);
  } else {
    const plan = planEnv(text);
    env = plan.preview;
    credentials = plan.preview.credentials
      .filter((c) => c.verdict === 'ready')
      .map((c) => ({
        provider: c.provider,
        environment: c.environment,
        nickname: `${c.providerName} (from client)`,
        endpoint: null,
        active: true,
        fields: { ...(plan.values.get(c.provider) ?? {}) },
      }));
  }
  if (credentials.length === 0)
    throw new AppError(
      'INVALID_INPUT',
      `The client's file holds no complete key for ${ws.name}; nothing was imported and the intake stays open.`,
    );
  const step = planWorkspace(core, ws.id, { name: ws.name, credentials });
  return { preview: { via: 'intake', workspaces: [step.workspace], env }, steps: [step], intakeId, intakeWorkspaceId: ws.id };
}

/** The hosts, not the providers' own, that an import would send keys' traffic to. */
export function foreignHosts(preview: ImportPreview): string[] {
  return [...new Set(preview.workspaces.flatMap((w) => w.keys.flatMap((k) => (k.foreignHost ? [k.foreignHost] : []))))];
}

/**
 * Writes a plan: every workspace and key, or nothing; audited as bundle.import. A key whose
 * endpoint is not its provider's own is written only when its host is in `trustedHosts`: the
 * operator confirmed that host on its own, apart from the import as a whole.
 */
export function applyImport(
  core: Core,
  plan: ImportPlan,
  actor: Actor,
  o: { readonly trustedHosts?: readonly string[] } = {},
): { readonly workspaces: number; readonly keys: number } {
  for (const w of plan.preview.workspaces) {
    for (const [j, k] of w.keys.entries()) {
      if (k.foreignHost && !(o.trustedHosts ?? []).includes(k.foreignHost)) {
        throw new AppError(
          'INVALID_INPUT',
          `Key ${j + 1} of ${w.name} (${k.providerName}) would send its traffic to ${k.foreignHost}, not ${k.providerName}'s own API; confirm that host to import it. Nothing was imported.`,
        );
      }
    }
  }
  // Data keys of existing workspaces are opened first: a rollback must not leave a cached key without its row.
  for (const s of plan.steps) if (s.existingId) core.vault.dataKey(s.existingId);
  const counts = tx(core.db, () => {
    if (plan.intakeId) destroyIdentity(core, plan.intakeId);
    let keys = 0;
    for (const s of plan.steps) {
      let wsId = s.existingId;
      if (!wsId) {
        const created = core.workspaces.create(
          { name: s.workspace.name, mode: s.settings?.mode, defaultCountry: s.settings?.defaultCountry ?? null },
          actor,
        );
        wsId = created.id;
        if (s.settings && created.allowAgencyFallback !== s.settings.allowAgencyFallback)
          core.workspaces.setFallback(wsId, s.settings.allowAgencyFallback, actor);
      } else if (s.settings) {
        const ws = core.workspaces.get(wsId);
        if (ws.mode !== s.settings.mode) core.workspaces.setMode(wsId, s.settings.mode, actor);
        if (ws.allowAgencyFallback !== s.settings.allowAgencyFallback)
          core.workspaces.setFallback(wsId, s.settings.allowAgencyFallback, actor);
      }
      for (const k of s.keys) {
        if (k.replaceId) {
          core.credentials.update(k.replaceId, { fields: k.fields, endpoint: k.endpoint }, actor);
          if (k.active) core.credentials.activate(k.replaceId, actor);
        } else {
          core.credentials.add(
            {
              workspaceId: wsId,
              provider: k.provider,
              environment: k.environment,
              nickname: k.nickname,
              endpoint: k.endpoint,
              fields: k.fields,
              activate: k.active,
            },
            actor,
          );
        }
        keys += 1;
      }
    }
    const hosts = foreignHosts(plan.preview);
    core.audit.append({
      actor,
      action: 'bundle.import',
      workspaceId: plan.intakeWorkspaceId,
      target: plan.intakeId,
      detail: {
        via: plan.preview.via,
        workspaces: plan.steps.map((s) => s.workspace.name),
        keys,
        ...(hosts.length > 0 ? { foreignEndpoints: hosts } : {}),
      },
    });
    return { workspaces: plan.steps.length, keys };
  });
  // Replaced ciphertexts and a destroyed intake key must not outlive the import in the -wal file.
  checkpointTruncate(core.db);
  return counts;
}
