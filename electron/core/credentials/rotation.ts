/**
 * Two-phase key rotation. Phase one: the new key is checked live before anything changes, then
 * one transaction stores it as the active key of its provider and environment, puts the old one
 * on standby (kept sealed, never resolved) and proves that everything that resolved to the old
 * key now resolves to the new one — or rolls back. Phase two: once the operator confirms the old
 * key was revoked at the provider, its ciphertext is destroyed, as a delete does.
 *
 * There is no offline rotation: resolution uses only keys a live check accepted, so a key stored
 * unchecked would switch nothing — every send would fall back or stop. The new key must pass first.
 */
import { normalName } from '../../../shared/names';
import { randomUUID } from 'node:crypto';
import type { CheckLineView, Environment } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { getProvider, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { DependentsView, KeyAgeView, RotationResultView, StandbyView } from '../../../shared/rotation';
import type { Actor, AuditLog } from '../audit/audit';
import { CAPABILITY_WORDS } from '../onboarding/capabilities';
import { checkpointTruncate, type Db, tx } from '../store/db';
import type { CredentialChecks } from './checks';
import type { Credentials } from './credentials';
import { type DependentsDeps, dependentsOf, resolvedUses } from './dependents';
import { ageInDays, rotationDue } from './key-age';
import type { CredentialRow } from './repo';
import { type RotationRow, RotationsRepo } from './rotations-repo';

/** What a rotation takes: the new key's fields (public ones default to the old key's) and, optionally, a new nickname. */
export interface RotateInput {
  readonly fields: Readonly<Record<string, string>>;
  readonly nickname?: string;
}

/** What the rotation service is built from. */
export interface RotationDeps extends DependentsDeps {
  readonly db: Db;
  readonly credentials: Credentials;
  readonly checks: Pick<CredentialChecks, 'preview'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** A rollback that carries the sentence saying why the switch did not happen. */
class NotSwitched extends Error {}

/** Ages, dependents, the rotation itself and the confirmation that destroys the old key. */
export class Rotation {
  readonly repo: RotationsRepo;

  constructor(private readonly d: RotationDeps) {
    this.repo = new RotationsRepo(d.db);
  }

  /** Each live key of a workspace with its age, whether the reminder shows, and any standby it replaced. */
  ages(workspaceId: string): KeyAgeView[] {
    this.d.workspaces.get(workspaceId);
    const open = this.repo.openIn(workspaceId);
    return this.d.credentials.repo.list(workspaceId).map((row) => this.ageOf(row, open));
  }

  /** Everything that would use a key now, and its age. */
  dependents(id: string): DependentsView {
    const row = this.d.credentials.live(id);
    return { ...dependentsOf(this.d, row), nickname: row.nickname, age: this.ageOf(row, this.repo.openIn(row.workspace_id)) };
  }

  /** The key waiting on standby for a workspace's provider and environment, if any. */
  standby(workspaceId: string, provider: ProviderId, environment: Environment): StandbyView | null {
    const r = this.repo.openFor(workspaceId, provider, environment);
    return r ? this.standbyView(r) : null;
  }

  /**
   * Checks the new key live and, if it passes, switches to it in one transaction. A key refused
   * or not reached switches nothing (`switched: false` with the reason); bad input throws
   * INVALID_INPUT before anything is checked or written.
   */
  async rotate(id: string, input: RotateInput, actor: Actor, onLine?: (line: CheckLineView) => void): Promise<RotationResultView> {
    const old = this.d.credentials.live(id);
    const name = getProvider(old.provider).name;
    this.refuseUnrotatable(old);
    const fields = this.newFields(old, input.fields);
    const nickname = input.nickname?.trim() ? input.nickname : old.nickname;
    if (normalName(nickname).length > 60) throw new AppError('INVALID_INPUT', 'A nickname can be at most 60 characters long.');

    this.d.audit.append({
      actor,
      action: 'credential.rotate.start',
      workspaceId: old.workspace_id,
      target: old.id,
      detail: { provider: old.provider, environment: old.environment },
    });
    const result = await this.d.checks.preview(old.provider, fields, old.environment, old.endpoint, onLine);
    const check = { status: result.status, summary: result.summary, lines: result.lines.map((l) => ({ ...l })) };
    const none = { workspaces: 0, campaigns: 0, workflows: 0, agents: 0 };
    if (result.status === 'invalid' || result.status === 'unreachable') {
      this.d.audit.append({
        actor,
        action: 'credential.rotate.abort',
        workspaceId: old.workspace_id,
        target: old.id,
        detail: { provider: old.provider, result: result.status },
      });
      const reason =
        result.status === 'unreachable'
          ? `${name} could not be reached, so nothing was switched: a new key is put in use only once a live check passes. “${old.nickname}” stays in use; rotate again when ${name} can be reached.`
          : `${name} refused the new key, so nothing was switched: “${old.nickname}” stays in use.`;
      return { switched: false, reason, check, newCredentialId: null, standby: null, moved: none };
    }

    try {
      const { newId, rotation, moved } = tx(this.d.db, () => this.switchTo(old, fields, nickname, result, actor));
      return { switched: true, reason: null, check, newCredentialId: newId, standby: this.standbyView(rotation), moved };
    } catch (err) {
      // Every started rotation ends in the audit log: switched, or aborted with why.
      this.d.audit.append({
        actor,
        action: 'credential.rotate.abort',
        workspaceId: old.workspace_id,
        target: old.id,
        detail: {
          provider: old.provider,
          result: err instanceof NotSwitched ? 'cannot-serve' : err instanceof AppError ? err.code.toLowerCase() : 'error',
        },
      });
      if (!(err instanceof NotSwitched)) throw err;
      return { switched: false, reason: err.message, check, newCredentialId: null, standby: null, moved: none };
    }
  }

  /** After the operator revoked the old key at the provider: destroys its ciphertext (a tombstone stays) and closes the rotation. */
  confirmRevoked(id: string, actor: Actor): { destroyed: string; nickname: string; provider: ProviderId } {
    const row = this.d.credentials.live(id);
    const r = this.repo.byOld(id);
    if (!r)
      throw new AppError(
        'NOT_FOUND',
        `“${row.nickname}” is not a key waiting on standby after a rotation; only a rotated-out key is confirmed revoked.`,
      );
    tx(this.d.db, () => {
      this.d.credentials.delete(id, actor);
      this.repo.confirm(r.id, this.d.now().toISOString());
      this.d.audit.append({
        actor,
        action: 'credential.rotate.confirm',
        workspaceId: r.workspace_id,
        target: id,
        detail: { provider: r.provider, environment: r.environment, nickname: row.nickname, replacedBy: r.new_credential_id },
      });
    });
    // Inside the transaction the delete could not empty the -wal file; now it can.
    checkpointTruncate(this.d.db);
    return { destroyed: id, nickname: row.nickname, provider: row.provider };
  }

  /** The switch, inside the caller's transaction; throws NotSwitched (rolling back) if a dependent would not follow. */
  private switchTo(
    old: CredentialRow,
    fields: Record<string, string>,
    nickname: string,
    result: Awaited<ReturnType<CredentialChecks['preview']>>,
    actor: Actor,
  ): { newId: string; rotation: RotationRow; moved: RotationResultView['moved'] } {
    const at = this.d.now().toISOString();
    // Checked again inside the transaction: another process may have rotated or removed it meanwhile.
    const current = this.d.credentials.live(old.id);
    this.refuseUnrotatable(current);
    const before = dependentsOf(this.d, current);
    const added = this.d.credentials.add(
      {
        workspaceId: old.workspace_id,
        provider: old.provider,
        fields,
        nickname,
        environment: old.environment,
        endpoint: old.endpoint,
        activate: true,
      },
      actor,
    );
    // Stored already checked: the live check just ran on these very fields.
    this.d.credentials.repo.insertCheck({
      credentialId: added.id,
      status: result.status,
      summary: result.summary,
      lines: result.lines,
      details: result.details,
      durationMs: result.durationMs,
      checkedAt: at,
    });
    this.d.credentials.repo.patch(added.id, {
      status: result.status === 'warning' ? 'warning' : 'valid',
      last_tested_at: at,
      last_check_status: result.status,
      last_check_summary: result.summary,
    });
    this.repo.closeOrphans(old.workspace_id, old.provider, old.environment, at);
    const rotation: Omit<RotationRow, 'confirmed_at'> = {
      id: randomUUID(),
      workspace_id: old.workspace_id,
      provider: old.provider,
      environment: old.environment,
      old_credential_id: old.id,
      new_credential_id: added.id,
      switched_at: at,
    };
    this.repo.insert(rotation);
    this.d.campaigns.repo.moveToKey(old.id, added.id, at);
    // Everything that resolved to the old key must resolve to the new one, or nothing switches.
    for (const u of before.workspaces) {
      for (const use of resolvedUses(old.provider, old.environment).filter((x) => u.capabilities.includes(x.capability))) {
        const choice = this.d.resolver.choose(u.workspaceId, use.capability, use.options);
        if (choice.ok && choice.value.credentialId === added.id) continue;
        const why = choice.ok ? `it would be served by another key` : choice.message;
        throw new NotSwitched(
          `The new key cannot take over ${CAPABILITY_WORDS[use.capability]} for ${u.name}, so nothing was switched: ${why.replace(/\.$/, '')}.`,
        );
      }
    }
    const moved = {
      workspaces: before.workspaces.length,
      campaigns: before.campaigns.length,
      workflows: before.workflows.length,
      agents: before.agents.length,
    };
    this.d.audit.append({
      actor,
      action: 'credential.rotate.switch',
      workspaceId: old.workspace_id,
      target: added.id,
      detail: { provider: old.provider, environment: old.environment, from: old.id, to: added.id, ...moved },
    });
    return { newId: added.id, rotation: { ...rotation, confirmed_at: null }, moved };
  }

  /** Only the key in use is rotated, and one rotation waits at a time. */
  private refuseUnrotatable(row: CredentialRow): void {
    const name = getProvider(row.provider).name;
    if (this.repo.byOld(row.id))
      throw new AppError(
        'CONFLICT',
        `“${row.nickname}” is already on standby after a rotation: confirm it was revoked at ${name} instead.`,
      );
    if (row.active !== 1)
      throw new AppError(
        'INVALID_INPUT',
        `Only the key in use is rotated, and “${row.nickname}” is not in use: make it active first, or remove it.`,
      );
    const waiting = this.repo.openFor(row.workspace_id, row.provider, row.environment);
    if (waiting) {
      const prev = this.d.credentials.repo.get(waiting.old_credential_id);
      throw new AppError(
        'CONFLICT',
        `The previous ${name} key “${prev?.nickname ?? 'rotated out'}” is still on standby: confirm it was revoked at ${name} before rotating again.`,
      );
    }
  }

  /** The new key's fields: public ones the operator left out are the old key's; every secret is typed again, and must be new. */
  private newFields(old: CredentialRow, typed: Readonly<Record<string, string>>): Record<string, string> {
    const descriptor = getProvider(old.provider);
    const known = new Set(descriptor.fields.map((f) => f.name));
    // The name is not repeated: a pasted secret can land where a field name belongs.
    if (Object.keys(typed).some((k) => !known.has(k)))
      throw new AppError(
        'INVALID_INPUT',
        `${descriptor.name} keys have no field by one of those names; their fields are ${descriptor.fields.map((f) => f.name).join(', ')}.`,
      );
    const secrets = descriptor.fields.filter((f) => f.secret);
    const missing = secrets.find((f) => !typed[f.name]?.trim());
    if (missing) throw new AppError('INVALID_INPUT', `Type the new ${missing.label}: a rotation needs every secret of the new key.`);
    const merged = { ...(JSON.parse(old.public_fields) as Record<string, string>), ...typed };
    const checked = validateFields(old.provider, merged);
    if (!checked.ok) throw new AppError('INVALID_INPUT', Object.values(checked.errors)[0] ?? 'Those fields are not valid.');
    const current = this.d.credentials.fieldsFor(old.id);
    if (secrets.every((f) => checked.fields[f.name] === current[f.name]))
      throw new AppError(
        'INVALID_INPUT',
        `That is the ${descriptor.name} key already in use: paste the new one you created at ${descriptor.name}.`,
      );
    return checked.fields;
  }

  private ageOf(row: CredentialRow, open: readonly RotationRow[]): KeyAgeView {
    const now = this.d.now();
    const standby = open.some((r) => r.old_credential_id === row.id);
    const replaced = open.find((r) => r.new_credential_id === row.id);
    return {
      credentialId: row.id,
      ageDays: ageInDays(row.created_at, now),
      rotationDue: rotationDue(row, standby, now),
      standby,
      replaces: replaced ? this.standbyView(replaced) : null,
    };
  }

  private standbyView(r: RotationRow): StandbyView {
    const old = this.d.credentials.live(r.old_credential_id);
    return {
      credentialId: old.id,
      nickname: old.nickname,
      hints: JSON.parse(old.hints) as Record<string, string>,
      replacedBy: r.new_credential_id,
      switchedAt: r.switched_at,
    };
  }
}
