/**
 * Agents' transfer targets: added, listed and removed (validated and audited), and read for a call.
 * The number is the operator's and only Switchboard dials it: the model picks a target by name and
 * never sees a number (tools/transfer-tool.ts).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import { MAX_TRANSFER_TARGETS, type TransferTargetView } from '../../../../shared/transfer-targets';
import { TransferTargetCreateSchema, type TransferTargetCreate } from '../../../../shared/transfer-target-schemas';
import type { Actor, AuditLog } from '../../audit/audit';
import { type Db, tx } from '../../store/db';
import type { Agents } from './agents';
import { TransferTargetsRepo } from './transfers-repo';

/** What TransferTargets needs. */
export interface TransferTargetsDeps {
  readonly db: Db;
  readonly agents: Pick<Agents, 'get'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** The transfer targets of every agent. */
export class TransferTargets {
  private readonly repo: TransferTargetsRepo;

  constructor(private readonly deps: TransferTargetsDeps) {
    this.repo = new TransferTargetsRepo(deps.db);
  }

  /** An agent's targets, by name. */
  list(workspaceId: string, agentRef: string): TransferTargetView[] {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    return this.repo.list(agent.id).map((r) => r.view);
  }

  /** Adds a target to an agent. */
  add(workspaceId: string, agentRef: string, input: TransferTargetCreate, actor: Actor): TransferTargetView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const parsed = TransferTargetCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        issue
          ? /^[A-Z“]/.test(issue.message)
            ? issue.message
            : `${issue.path.join('.')}: ${issue.message}`
          : 'That transfer target is not valid.',
      );
    }
    const checked = parsed.data;
    if (this.repo.find(agent.id, checked.name))
      throw new AppError('CONFLICT', `${agent.name} already has a transfer target called ${checked.name}.`);
    if (this.repo.count(agent.id) >= MAX_TRANSFER_TARGETS)
      throw new AppError('INVALID_INPUT', `An agent holds at most ${MAX_TRANSFER_TARGETS} transfer targets.`);
    const target: TransferTargetView = {
      id: randomUUID(),
      agentId: agent.id,
      name: checked.name,
      number: checked.number,
      whenToUse: checked.whenToUse,
      mode: checked.mode,
      createdAt: this.deps.now().toISOString(),
    };
    tx(this.deps.db, () => {
      this.repo.insert(target, agent.workspaceId);
      this.deps.audit.append({
        actor,
        action: 'agent.transfer.add',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { name: target.name, number: target.number, mode: target.mode },
      });
    });
    return target;
  }

  /** Removes a target. */
  remove(workspaceId: string, agentRef: string, targetRef: string, actor: Actor): TransferTargetView {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const row = this.repo.find(agent.id, targetRef);
    if (!row) throw new AppError('NOT_FOUND', `${agent.name} has no transfer target called ${targetRef.slice(0, 60)}.`);
    tx(this.deps.db, () => {
      this.repo.delete(row.view.id);
      this.deps.audit.append({
        actor,
        action: 'agent.transfer.remove',
        workspaceId: agent.workspaceId,
        target: agent.id,
        detail: { name: row.view.name },
      });
    });
    return row.view;
  }

  /** Deletes every target of a deleted agent (inside the delete's transaction). */
  purge(agentId: string): void {
    this.repo.deleteAll(agentId);
  }

  /** An agent's targets for one call. */
  forCall(workspaceId: string, agentId: string): TransferTargetView[] {
    return this.repo
      .list(agentId)
      .filter((r) => r.workspaceId === workspaceId)
      .map((r) => r.view);
  }
}
