/**
 * The credentials service: add, update, list (hints only), reveal, copy and delete keys.
 * Secret fields are sealed with the workspace's data key, bound to `credential:<id>:v<version>`.
 */
import { normalName } from '../../../shared/names';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { CredentialView, Environment } from '../../../shared/domain';
import { getProvider, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { Actor, AuditLog } from '../audit/audit';
import { carriesKeysSafely } from '../providers/origin';
import { checkpointTruncate, type Db, tx } from '../store/db';
import { openText, sealText } from '../vault/seal';
import type { Vault } from '../vault/vault';
import type { Workspaces } from '../workspaces/workspaces';
import { type Clipboard, copyWithExpiry } from './clipboard';
import { maskSecret } from './mask';
import { type CredentialRow, CredentialRepo, toView } from './repo';
import { RotationsRepo } from './rotations-repo';

/** What it takes to add a key. */
export interface AddCredentialInput {
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly fields: Readonly<Record<string, string>>;
  readonly nickname?: string;
  readonly environment?: Environment;
  /** Advanced: the API origin for this key (regional host, proxy, self-hosted). */
  readonly endpoint?: string | null;
  /** Make it the active key of its provider and environment (default true). */
  readonly activate?: boolean;
}

/** What an update may change. Changing any field means re-entering every secret field. */
export interface UpdateCredentialInput {
  readonly nickname?: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly endpoint?: string | null;
}

const aad = (id: string, version: number): string => `credential:${id}:v${version}`;

/** Checks an endpoint override: an https origin (plain http only to this computer) without credentials in it. */
export function cleanEndpoint(endpoint: string | null | undefined): string | null {
  if (endpoint === undefined || endpoint === null || endpoint.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new AppError('INVALID_INPUT', 'The endpoint must be a full URL such as https://api.eu.sendgrid.com.');
  }
  // The rule every check applies (origin.ts): an endpoint saved here must be one a check will call.
  if (!carriesKeysSafely(url))
    throw new AppError(
      'INVALID_INPUT',
      'The endpoint must start with https:// (plain http:// is allowed only to this computer, for a local proxy).',
    );
  if (url.username || url.password) throw new AppError('INVALID_INPUT', 'The endpoint must not contain a user name or password.');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function cleanNickname(nickname: string | undefined, fallback: string): string {
  const n = normalName(nickname ?? '');
  if (n.length > 60) throw new AppError('INVALID_INPUT', 'A nickname can be at most 60 characters long.');
  return n || fallback;
}

/** Stores and serves provider keys. */
export class Credentials {
  readonly repo: CredentialRepo;
  private readonly rotations: RotationsRepo;
  private clipboard: Clipboard | null = null;

  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly audit: AuditLog,
    private readonly workspaces: Workspaces,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new CredentialRepo(db);
    this.rotations = new RotationsRepo(db);
  }

  /** Whether a key was rotated out and waits on standby for the operator to confirm it was revoked. */
  onStandby(id: string): boolean {
    return this.rotations.onStandby(id);
  }

  /** Gives the service a clipboard (the desktop app has one; the CLI does not). */
  setClipboard(clipboard: Clipboard | null): void {
    this.clipboard = clipboard;
  }

  /** Validates, seals and stores a new key. It starts unverified until checked. */
  add(input: AddCredentialInput, actor: Actor): CredentialView {
    const ws = this.workspaces.get(input.workspaceId);
    const descriptor = getProvider(input.provider);
    const { secret, pub } = this.split(input.provider, input.fields);
    const environment = input.environment ?? 'production';
    const nickname = cleanNickname(input.nickname, `${descriptor.name} ${environment}`);
    const endpoint = cleanEndpoint(input.endpoint);
    const id = randomUUID();
    const at = this.now().toISOString();
    const key = this.vault.dataKey(ws.id);
    const row: CredentialRow = {
      id,
      workspace_id: ws.id,
      provider: input.provider,
      environment,
      nickname,
      public_fields: JSON.stringify(pub),
      hints: JSON.stringify(hintsOf(secret)),
      ciphertext: sealText(key, JSON.stringify(secret), aad(id, 1)),
      version: 1,
      active: 0,
      status: 'unverified',
      endpoint,
      last_tested_at: null,
      last_check_status: null,
      last_check_summary: null,
      next_check_at: null,
      check_failures: 0,
      usage_count: 0,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    return tx(this.db, () => {
      const activate = input.activate ?? true;
      const hasActive = this.repo.active(ws.id, input.provider, environment) !== undefined;
      if (activate) this.repo.deactivateSiblings(row);
      row.active = activate || !hasActive ? 1 : 0;
      this.repo.insert(row);
      this.audit.append({
        actor,
        action: 'credential.add',
        workspaceId: ws.id,
        target: id,
        detail: { provider: input.provider, environment, nickname, active: row.active === 1 },
      });
      return toView(row);
    });
  }

  /** Changes nickname, endpoint or fields; new field values mean every secret is re-entered. */
  update(id: string, input: UpdateCredentialInput, actor: Actor): CredentialView {
    const row = this.live(id);
    if (input.fields !== undefined) this.refuseStandby(row);
    const cols: Partial<CredentialRow> = { updated_at: this.now().toISOString() };
    const changed: string[] = [];
    if (input.nickname !== undefined) {
      cols.nickname = cleanNickname(input.nickname, row.nickname);
      changed.push('nickname');
    }
    if (input.endpoint !== undefined) {
      cols.endpoint = cleanEndpoint(input.endpoint);
      cols.status = 'unverified';
      changed.push('endpoint');
    }
    if (input.fields !== undefined) {
      const { secret, pub } = this.split(row.provider, input.fields);
      const version = row.version + 1;
      cols.version = version;
      cols.public_fields = JSON.stringify(pub);
      cols.hints = JSON.stringify(hintsOf(secret));
      cols.ciphertext = sealText(this.vault.dataKey(row.workspace_id), JSON.stringify(secret), aad(id, version));
      cols.status = 'unverified';
      cols.last_check_status = null;
      cols.last_check_summary = null;
      cols.check_failures = 0;
      cols.next_check_at = null;
      changed.push('fields');
    }
    const view = tx(this.db, () => {
      this.repo.patch(id, cols);
      this.audit.append({
        actor,
        action: 'credential.update',
        workspaceId: row.workspace_id,
        target: id,
        detail: { provider: row.provider, changed },
      });
      return toView(this.live(id));
    });
    // The replaced ciphertext must not outlive the update in the -wal file or the database file.
    if (input.fields !== undefined) checkpointTruncate(this.db);
    return view;
  }

  /** Makes a key the active one of its provider and environment. */
  activate(id: string, actor: Actor): CredentialView {
    const row = this.live(id);
    this.refuseStandby(row);
    return tx(this.db, () => {
      this.repo.deactivateSiblings(row);
      this.repo.patch(id, { active: 1, updated_at: this.now().toISOString() });
      this.audit.append({
        actor,
        action: 'credential.activate',
        workspaceId: row.workspace_id,
        target: id,
        detail: { provider: row.provider, environment: row.environment },
      });
      return toView(this.live(id));
    });
  }

  /**
   * Puts a key on standby: it stays stored (sealed, hints, history), but resolution skips it, so
   * sends fall back to the agency's key. Turning a custom service off in Settings → Messaging does
   * this (seed 000: disabling falls back to the platform; the key is kept, not deleted).
   */
  deactivate(id: string, actor: Actor): CredentialView {
    const row = this.live(id);
    if (row.active === 0) return toView(row);
    // The agency's keys are what every client falls back to: standby there would quietly stop bundled sending.
    if (this.workspaces.get(row.workspace_id).kind === 'agency')
      throw new AppError(
        'FORBIDDEN',
        "The agency's keys are the platform credentials every client falls back to, so they are not put on standby: make another key active, or remove this one.",
      );
    return tx(this.db, () => {
      this.repo.patch(id, { active: 0, updated_at: this.now().toISOString() });
      this.audit.append({
        actor,
        action: 'credential.deactivate',
        workspaceId: row.workspace_id,
        target: id,
        detail: { provider: row.provider, environment: row.environment },
      });
      return toView(this.live(id));
    });
  }

  /** Keys of a workspace, masked. */
  list(workspaceId: string, opts: { provider?: ProviderId } = {}): CredentialView[] {
    this.workspaces.get(workspaceId);
    return this.repo.list(workspaceId, opts).map(toView);
  }

  /** One key, masked. */
  get(id: string): CredentialView {
    return toView(this.live(id));
  }

  /** Every field in plaintext, once, for the operator who asked; the reveal is audited. */
  reveal(id: string, actor: Actor): Record<string, string> {
    const row = this.live(id);
    const fields = { ...JSON.parse(row.public_fields), ...this.openSecrets(row) } as Record<string, string>;
    this.audit.append({
      actor,
      action: 'credential.reveal',
      workspaceId: row.workspace_id,
      target: id,
      detail: { provider: row.provider },
    });
    return fields;
  }

  /** Puts one field on the clipboard from the main process and clears it after 30 s; audited. */
  async copy(id: string, field: string, actor: Actor): Promise<{ clearsInMs: number }> {
    if (!this.clipboard) throw new AppError('FORBIDDEN', 'Copying needs the desktop app; the command line has no clipboard.');
    const row = this.live(id);
    const descriptor = getProvider(row.provider);
    // The name is not repeated: whatever was passed, it could be a pasted secret.
    if (!descriptor.fields.some((f) => f.name === field))
      throw new AppError(
        'INVALID_INPUT',
        `${descriptor.name} keys have no field by that name; their fields are ${descriptor.fields.map((f) => f.name).join(', ')}.`,
      );
    const all = { ...JSON.parse(row.public_fields), ...this.openSecrets(row) } as Record<string, string>;
    const value = all[field];
    if (value === undefined) throw new AppError('NOT_FOUND', 'That field is empty for this key.');
    await copyWithExpiry(this.clipboard, value);
    this.audit.append({
      actor,
      action: 'credential.copy',
      workspaceId: row.workspace_id,
      target: id,
      detail: { provider: row.provider, field },
    });
    return { clearsInMs: 30_000 };
  }

  /**
   * Destroys the ciphertext; a tombstone keeps the non-secret metadata for audit and usage. No copy
   * stays behind: secure_delete zeroes it in the page and the checkpoint empties the -wal file
   * (a caller deleting inside its own transaction checkpoints after it commits).
   */
  delete(id: string, actor: Actor): void {
    const row = this.live(id);
    const at = this.now().toISOString();
    tx(this.db, () => {
      this.repo.patch(id, { ciphertext: null, hints: '{}', active: 0, deleted_at: at, updated_at: at });
      this.audit.append({
        actor,
        action: 'credential.delete',
        workspaceId: row.workspace_id,
        target: id,
        detail: { provider: row.provider, environment: row.environment, nickname: row.nickname },
      });
    });
    checkpointTruncate(this.db);
  }

  /**
   * All fields of a key in memory, for a check or a send; not audited as a reveal. A background
   * use (`activity: false`, the periodic re-check) does not hold off the vault's auto-lock.
   */
  fieldsFor(id: string, o: { activity?: boolean } = {}): Record<string, string> {
    const row = this.live(id);
    return { ...(JSON.parse(row.public_fields) as Record<string, string>), ...this.openSecrets(row, o.activity) };
  }

  /** A live (not deleted) row, or NOT_FOUND. */
  live(id: string): CredentialRow {
    const row = this.repo.get(id);
    if (!row || row.deleted_at) throw new AppError('NOT_FOUND', 'That key does not exist (it may have been deleted).');
    return row;
  }

  /** A key rotated out stays unused until it is confirmed revoked and destroyed: it is never put back in use or re-keyed. */
  private refuseStandby(row: CredentialRow): void {
    if (this.onStandby(row.id))
      throw new AppError(
        'CONFLICT',
        `“${row.nickname}” was rotated out and waits to be confirmed revoked at ${getProvider(row.provider).name}; it is not used again. Rotate the key in use instead.`,
      );
  }

  private openSecrets(row: CredentialRow, activity = true): Record<string, string> {
    if (!row.ciphertext) throw new AppError('NOT_FOUND', 'That key was deleted.');
    const plain = openText(this.vault.dataKey(row.workspace_id, { activity }), row.ciphertext, aad(row.id, row.version));
    return JSON.parse(plain) as Record<string, string>;
  }

  private split(
    provider: ProviderId,
    fields: Readonly<Record<string, string>>,
  ): { secret: Record<string, string>; pub: Record<string, string> } {
    const result = validateFields(provider, fields);
    if (!result.ok) {
      const first = Object.values(result.errors)[0] ?? 'Those fields are not valid.';
      throw new AppError('INVALID_INPUT', first);
    }
    const descriptor = getProvider(provider);
    const secret: Record<string, string> = {};
    const pub: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.fields)) {
      if (descriptor.fields.find((f) => f.name === name)?.secret) secret[name] = value;
      else pub[name] = value;
    }
    return { secret, pub };
  }
}

function hintsOf(secret: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, maskSecret(v)]));
}
