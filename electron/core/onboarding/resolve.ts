/**
 * Credential resolution (docs/ARCHITECTURE.md, Flows): which stored key pays for a send or a call.
 * BYOK → the workspace's own validated key, else the agency's if the workspace allows falling
 * back; bundled → the agency's key (the workspace's own keys stay dormant); else NO_CREDENTIAL.
 * A validated key counts only if it can serve the capability (readiness.ts, the rule the
 * onboarding checklist applies): a number the account does not own, say, passes to the next key.
 */
import { AppError } from '../../../shared/errors';
import type { Environment, Workspace } from '../../../shared/domain';
import type { Capability, ProviderId } from '../../../shared/providers/types';
import type { Credentials } from '../credentials/credentials';
import type { Workspaces } from '../workspaces/workspaces';
import { article, CAPABILITY_WORDS, providerNames, providersFor } from './capabilities';
import { asSentence, blockerOf, keyLabel } from './readiness';

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

type Choice = { readonly ok: true; readonly value: Described } | { readonly ok: false; readonly message: string };

/** What one holder's keys offer: the key to use, or what stops its validated keys (null when it has none). */
type Offer = { readonly ok: true; readonly value: Described } | { readonly ok: false; readonly blocked: string | null };

/** The refusal: the plain sentence, or, when a validated key exists but cannot serve, what stops it. */
function refuse(plain: string, unusable: string, blocked: string | null): Choice {
  return { ok: false, message: blocked ? `${unusable} ${asSentence(blocked)}` : plain };
}

/** Picks the key that pays for a capability in a workspace. */
export class Resolver {
  constructor(
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
    if (providers.length === 0)
      return {
        ok: false,
        message: `No provider Switchboard knows of offers ${words}${opts.providers ? ` among ${opts.providers.join(', ')}` : ''}.`,
      };
    const env = environment === 'test' ? ' test' : '';
    const add = `add and check ${article(providers)} ${providerNames(providers)}${env} key`;

    if (ws.kind === 'agency') {
      const own = this.pick(ws, capability, providers, environment, 'own');
      return own.ok
        ? own
        : refuse(
            `The agency has no validated ${words}${env} key: ${add} in the agency workspace.`,
            `The agency has no usable ${words}${env} key.`,
            own.blocked,
          );
    }
    const agency = (): Offer => this.pick(this.workspaces.agency(), capability, providers, environment, 'agency');
    if (ws.mode === 'bundled') {
      const theirs = agency();
      return theirs.ok
        ? theirs
        : refuse(
            `${ws.name} uses the agency's keys (bundled), and the agency has no validated ${words}${env} key: ${add} in the agency workspace.`,
            `${ws.name} uses the agency's keys (bundled), and the agency has no usable ${words}${env} key.`,
            theirs.blocked,
          );
    }
    const own = this.pick(ws, capability, providers, environment, 'own');
    if (own.ok) return own;
    if (!ws.allowAgencyFallback) {
      return refuse(
        `${ws.name} has no validated ${words}${env} key and does not allow falling back to the agency's keys.`,
        `${ws.name} has no usable ${words}${env} key and does not allow falling back to the agency's keys.`,
        own.blocked,
      );
    }
    const theirs = agency();
    return theirs.ok
      ? theirs
      : refuse(
          `Neither ${ws.name} nor the agency has a validated ${words}${env} key: ${add}.`,
          `Neither ${ws.name} nor the agency has a usable ${words}${env} key.`,
          own.blocked ?? theirs.blocked,
        );
  }

  /** The first provider (in preference order) whose active key in this workspace is validated and can serve the capability. */
  private pick(
    holder: Workspace,
    capability: Capability,
    providers: readonly ProviderId[],
    environment: Environment,
    owner: KeyOwner,
  ): Offer {
    // One query per holder (the statement is cached: every send resolves), then the preference order picks.
    const rows = this.credentials.repo.usable(holder.id, environment);
    let blocked: string | null = null;
    for (const provider of providers) {
      const row = rows.find((r) => r.provider === provider);
      if (!row) continue;
      const blocker = blockerOf(this.credentials.repo, row, capability, keyLabel(holder.kind === 'agency' ? null : holder.name, row));
      if (!blocker)
        return {
          ok: true,
          value: { credentialId: row.id, provider, owner, keyWorkspaceId: holder.id, endpoint: row.endpoint, environment },
        };
      blocked ??= blocker;
    }
    return { ok: false, blocked };
  }
}
