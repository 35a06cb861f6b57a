/**
 * Credential resolution (DESIGN.md): which stored key pays for a send or a call.
 * BYOK → the workspace's own validated key, else the agency's if the workspace allows falling
 * back; bundled → the agency's key (the workspace's own keys stay dormant); else NO_CREDENTIAL.
 */
import { AppError } from '../../../shared/errors';
import type { Environment, Workspace } from '../../../shared/domain';
import type { Capability, ProviderId } from '../../../shared/providers/types';
import type { Statement } from 'better-sqlite3';
import type { Credentials } from '../credentials/credentials';
import type { CredentialRow } from '../credentials/repo';
import type { Db } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import { article, CAPABILITY_WORDS, providerNames, providersFor } from './capabilities';

/** Whose key pays: the workspace's own, or the agency's. */
export type KeyOwner = 'own' | 'agency';

/** Options of a resolution. */
export interface ResolveOptions {
  /** Key environment (default production). */
  readonly environment?: Environment;
  /** Only these providers qualify (preference order is kept). */
  readonly providers?: readonly ProviderId[];
}

/** Which key would be used, without opening it. */
export interface Described {
  readonly credentialId: string;
  readonly provider: ProviderId;
  readonly owner: KeyOwner;
  /** The workspace that holds the key (the agency's id when owner is 'agency'). */
  readonly keyWorkspaceId: string;
  readonly endpoint: string | null;
  readonly environment: Environment;
}

/** A resolved key with its fields decrypted in memory, for one send or call. */
export interface Resolved extends Described {
  readonly fields: Record<string, string>;
}

/** The active keys a send may use in a workspace and environment: proven to work (a warning does not stop a key from working). */
const USABLE_SQL = `SELECT id, provider, endpoint FROM credentials
  WHERE workspace_id = ? AND environment = ? AND active = 1 AND deleted_at IS NULL AND status IN ('valid', 'warning')`;

type Choice = { readonly ok: true; readonly value: Described } | { readonly ok: false; readonly message: string };

/** Picks the key that pays for a capability in a workspace. */
export class Resolver {
  private usableStmt: Statement | null = null;

  constructor(
    private readonly db: Db,
    private readonly workspaces: Workspaces,
    private readonly credentials: Credentials,
  ) {}

  /** The key that would pay, with its fields decrypted in memory; NO_CREDENTIAL when there is none. */
  resolve(workspaceId: string, capability: Capability, opts: ResolveOptions = {}): Resolved {
    const choice = this.choose(workspaceId, capability, opts);
    if (!choice.ok) throw new AppError('NO_CREDENTIAL', choice.message);
    return { ...choice.value, fields: this.credentials.fieldsFor(choice.value.credentialId) };
  }

  /** Whose key would pay, without decrypting anything (for the console); null when none would. */
  describe(workspaceId: string, capability: Capability, opts: ResolveOptions = {}): Described | null {
    const choice = this.choose(workspaceId, capability, opts);
    return choice.ok ? choice.value : null;
  }

  /** The choice, or the sentence saying why there is none and what to add. */
  choose(workspaceId: string, capability: Capability, opts: ResolveOptions = {}): Choice {
    const ws = this.workspaces.get(workspaceId);
    const environment = opts.environment ?? 'production';
    const providers = providersFor(capability, opts.providers);
    const words = CAPABILITY_WORDS[capability];
    if (providers.length === 0) return { ok: false, message: `No provider Switchboard knows of offers ${words}${opts.providers ? ` among ${opts.providers.join(', ')}` : ''}.` };
    const env = environment === 'test' ? ' test' : '';
    const add = `add and check ${article(providers)} ${providerNames(providers)}${env} key`;

    if (ws.kind === 'agency') {
      const own = this.pick(ws, providers, environment, 'own');
      return own ?? { ok: false, message: `The agency has no validated ${words}${env} key: ${add} in the agency workspace.` };
    }
    const agency = (): Choice | null => this.pick(this.workspaces.agency(), providers, environment, 'agency');
    if (ws.mode === 'bundled') {
      return agency() ?? { ok: false, message: `${ws.name} uses the agency's keys (bundled), and the agency has no validated ${words}${env} key: ${add} in the agency workspace.` };
    }
    const own = this.pick(ws, providers, environment, 'own');
    if (own) return own;
    if (!ws.allowAgencyFallback) {
      return { ok: false, message: `${ws.name} has no validated ${words}${env} key and does not allow falling back to the agency's keys.` };
    }
    return agency() ?? { ok: false, message: `Neither ${ws.name} nor the agency has a validated ${words}${env} key: ${add}.` };
  }

  /** The first provider (in preference order) whose active key in this workspace is usable. */
  private pick(holder: Workspace, providers: readonly ProviderId[], environment: Environment, owner: KeyOwner): Choice | null {
    // One query per holder (prepared once: every send resolves), then the preference order picks.
    this.usableStmt ??= this.db.prepare(USABLE_SQL);
    const rows = this.usableStmt.all(holder.id, environment) as Pick<CredentialRow, 'id' | 'provider' | 'endpoint'>[];
    for (const provider of providers) {
      const row = rows.find((r) => r.provider === provider);
      if (row) return { ok: true, value: { credentialId: row.id, provider, owner, keyWorkspaceId: holder.id, endpoint: row.endpoint, environment } };
    }
    return null;
  }
}
