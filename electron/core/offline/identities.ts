/**
 * The age X25519 identities Switchboard holds: the agency's own (so teammates exchange bundles
 * without a shared passphrase) and one-client intake identities. The `AGE-SECRET-KEY-1…` string
 * is sealed with the owning workspace's data key, bound to its row, as a credential's fields are.
 */
import { randomUUID } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AppError } from '../../../shared/errors';
import type { Actor } from '../audit/audit';
import type { Core } from '../app';
import { checkpointTruncate, stmt, tx } from '../store/db';
import { openText, sealText } from '../vault/seal';

/** Which job an identity does. */
export type IdentityKind = 'agency' | 'intake';

/** An identity as shown: never its secret half. */
export interface IdentityView {
  readonly id: string;
  readonly kind: IdentityKind;
  readonly workspaceId: string;
  readonly recipient: string;
  readonly createdAt: string;
}

/** An identity opened for one decryption; the secret stays inside the core. */
export interface OpenIdentity extends IdentityView {
  readonly identity: string;
}

interface Row {
  id: string;
  kind: IdentityKind;
  workspace_id: string;
  recipient: string;
  ciphertext: Buffer | null;
  created_at: string;
}

const aad = (id: string): string => `age-identity:${id}`;
const view = (r: Row): IdentityView => ({
  id: r.id,
  kind: r.kind,
  workspaceId: r.workspace_id,
  recipient: r.recipient,
  createdAt: r.created_at,
});

/** Makes and stores a new identity for a workspace; returns its public recipient. */
export async function createIdentity(core: Core, kind: IdentityKind, workspaceId: string): Promise<IdentityView> {
  const secret = await generateX25519Identity();
  const recipient = await identityToRecipient(secret);
  const id = randomUUID();
  const at = (core.config.now?.() ?? new Date()).toISOString();
  const row: Row = {
    id,
    kind,
    workspace_id: workspaceId,
    recipient,
    ciphertext: sealText(core.vault.dataKey(workspaceId), secret, aad(id)),
    created_at: at,
  };
  stmt(
    core.db,
    'INSERT INTO age_identities (id, kind, workspace_id, recipient, ciphertext, created_at) VALUES (@id, @kind, @workspace_id, @recipient, @ciphertext, @created_at)',
  ).run(row);
  return view(row);
}

/** The agency's identity if it has one (public half only); needs no unlocked vault. */
export function findAgencyIdentity(core: Core): IdentityView | null {
  const row = stmt(core.db, "SELECT * FROM age_identities WHERE kind = 'agency' AND destroyed_at IS NULL").get() as Row | undefined;
  return row ? view(row) : null;
}

/** The agency's identity, made on first use (the vault must be open then); a creation is audited as bundle.identity when an actor is named. */
export async function agencyIdentity(core: Core, actor?: Actor): Promise<IdentityView> {
  const found = findAgencyIdentity(core);
  if (found) return found;
  const made = await createIdentity(core, 'agency', core.workspaces.agency().id);
  if (actor)
    core.audit.append({
      actor,
      action: 'bundle.identity',
      workspaceId: made.workspaceId,
      target: made.id,
      detail: { recipient: made.recipient },
    });
  return made;
}

/** Every identity that can still decrypt, opened: the agency's first, then intakes oldest first. */
export function openIdentities(core: Core): OpenIdentity[] {
  const rows = stmt(core.db, "SELECT * FROM age_identities WHERE destroyed_at IS NULL ORDER BY kind = 'intake', created_at").all() as Row[];
  return rows.map((r) => ({
    ...view(r),
    identity: openText(core.vault.dataKey(r.workspace_id), r.ciphertext ?? Buffer.alloc(0), aad(r.id)),
  }));
}

/** Live intake identities of a workspace (public halves only). */
export function intakeIdentities(core: Core, workspaceId: string): IdentityView[] {
  return (
    stmt(
      core.db,
      "SELECT * FROM age_identities WHERE kind = 'intake' AND workspace_id = ? AND destroyed_at IS NULL ORDER BY created_at",
    ).all(workspaceId) as Row[]
  ).map(view);
}

/**
 * Destroys an identity's secret half (its row stays, without ciphertext, for the audit trail).
 * Call inside the transaction of the import it served (or of the close, `used: false`); checkpoint after it commits.
 */
export function destroyIdentity(core: Core, id: string, opts: { used?: boolean } = {}): void {
  const at = (core.config.now?.() ?? new Date()).toISOString();
  tx(core.db, () => {
    const r = stmt(
      core.db,
      'UPDATE age_identities SET ciphertext = NULL, destroyed_at = ?, used_at = ? WHERE id = ? AND destroyed_at IS NULL',
    ).run(at, opts.used === false ? null : at, id);
    if (r.changes !== 1) throw new AppError('CONFLICT', 'That intake was already used; nothing was imported.');
  });
}

/** Empties the -wal file after a destroy has committed, so no copy of the secret half stays there. */
export function forgetDestroyed(core: Core): void {
  checkpointTruncate(core.db);
}
