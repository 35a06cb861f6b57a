/**
 * Inbound numbers: one of a workspace's own carrier numbers attached to one of its agents. Attaching
 * reads the number's voice configuration whole and keeps it, then points the number at this
 * computer's runner while one answers (or at the away message while none does); detaching writes the
 * kept configuration back exactly. A runner that answers numbers points every attached number at
 * itself when it starts and back at the away message when it stops; should it die instead, the
 * carrier's fallback (the away message) answers. Audited; nothing here is a secret.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import {
  DEFAULT_AWAY_MESSAGE,
  InboundNumberAttachSchema,
  whenAwaySentence,
  type InboundNumberAttach,
  type InboundNumberView,
} from '../../../../shared/voice-numbers';
import type { Actor, AuditLog } from '../../audit/audit';
import type { Resolved, Resolver } from '../../onboarding/resolve';
import type { Workspaces } from '../../workspaces/workspaces';
import type { Agents } from '../agents/agents';
import { type Db, tx } from '../../store/db';
import type { AwayPlan, Carrier, CarrierReach } from '../carriers/carrier';
import { CARRIERS } from '../carriers/catalog';
import { toE164 } from '../call/number';
import { CARRIER_IDS, type CarrierId } from '../types';
import { NumbersRepo, type NumberRow } from './repo';

/** What the numbers need (named here, not taken from the voice wing's door, which names this service). */
export interface NumbersDeps {
  readonly db: Db;
  readonly workspaces: Pick<Workspaces, 'get'>;
  readonly resolver: Pick<Resolver, 'resolve'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>> | undefined;
  readonly agents: Pick<Agents, 'get'>;
  /** Time limit of each carrier request (default 15 s). */
  readonly timeoutMs?: number;
}

/** One number a runner could not point, and why. */
export interface PointFailure {
  readonly number: string;
  readonly reason: string;
}

/** The answer route of a number on a runner's public URL. */
export const answerUrlOf = (publicUrl: string, row: Pick<NumberRow, 'carrier' | 'ref'>): string =>
  `${publicUrl.replace(/\/+$/, '')}/${row.carrier}/answer/${row.ref}`;

/** The numbers workspaces answer with their agents. */
export class InboundNumbers {
  private readonly repo: NumbersRepo;
  /** The public URL of the runner in this process that answers numbers, or null. */
  private answering: string | null = null;

  constructor(private readonly deps: NumbersDeps) {
    this.repo = new NumbersRepo(deps.db);
  }

  /** A workspace's attached numbers. */
  list(workspaceId: string): InboundNumberView[] {
    const ws = this.deps.workspaces.get(workspaceId);
    return this.repo.list(ws.id).map((row) => this.view(row));
  }

  /** Every attached number (the runner points them all). */
  all(): NumberRow[] {
    return this.repo.all();
  }

  /** The number whose answer route has this ref. */
  byRef(ref: string): NumberRow | undefined {
    return this.repo.byRef(ref);
  }

  /** Refuses to let an agent that answers a number go (called inside the agent's deletion). */
  assertNotAnswering(agentId: string): void {
    const rows = this.repo.ofAgent(agentId);
    if (rows.length > 0)
      throw new AppError('CONFLICT', `That agent answers ${rows.map((r) => r.number).join(', ')}: detach the number first.`);
  }

  /**
   * Attaches one of the workspace's carrier numbers to an agent: its configuration is read and kept,
   * then it is pointed at the runner if one answers here, else at the away message.
   */
  async attach(input: InboundNumberAttach, actor: Actor): Promise<InboundNumberView> {
    const parsed = InboundNumberAttachSchema.safeParse(input);
    if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'That number cannot be attached.');
    const ws = this.deps.workspaces.get(parsed.data.workspaceId);
    const agent = this.deps.agents.get(ws.id, parsed.data.agent);
    const number = toE164(parsed.data.number, ws.defaultCountry);
    const taken = this.repo.byNumber(number);
    if (taken) {
      const owner = taken.workspaceId === ws.id ? 'this workspace' : 'another workspace';
      throw new AppError('CONFLICT', `${number} is already attached in ${owner}: detach it first.`);
    }
    const forwardTo = parsed.data.forwardTo ?? null;
    if (forwardTo === number)
      throw new AppError('INVALID_INPUT', 'The number to put callers through to cannot be the attached number itself.');
    const key = this.carrierKey(ws.id);
    const carrier = this.carrierOf(key.provider);
    const found = await this.numbersOf(carrier).find(key, this.reach(), number);
    if (!found) throw new AppError('NOT_FOUND', `${whose(ws.name, key)} ${carrier.name} account has no number ${number}.`);
    const row: NumberRow = {
      id: randomUUID(),
      workspaceId: ws.id,
      carrier: carrier.id,
      number,
      carrierNumberId: found.id,
      credentialId: key.credentialId,
      agentId: agent.id,
      ref: randomBytes(12).toString('base64url'),
      previous: found.config,
      forwardTo,
      awayMessage: parsed.data.awayMessage ?? DEFAULT_AWAY_MESSAGE,
      attachedAt: this.deps.now().toISOString(),
    };
    // Kept before anything changes at the carrier: a number is never pointed without a way back.
    this.repo.insert(row);
    try {
      await this.numbersOf(carrier).point(
        key,
        this.reach(),
        found.id,
        this.answering ? answerUrlOf(this.answering, row) : null,
        awayOf(row),
        row.previous,
      );
    } catch (err) {
      this.repo.delete(row.id);
      throw err;
    }
    this.deps.audit.append({
      actor,
      action: 'number.attach',
      workspaceId: ws.id,
      target: row.id,
      detail: { number, carrier: carrier.id, agent: agent.name, forwardTo, answering: this.answering !== null },
    });
    return this.view(row);
  }

  /**
   * Detaches a number: its kept configuration is written back at the carrier, then it is forgotten.
   * With `force`, it is forgotten without asking the carrier (a key that is gone), and the sentence
   * says what is left to do by hand.
   */
  async detach(
    workspaceId: string,
    rawNumber: string,
    actor: Actor,
    options: { readonly force?: boolean } = {},
  ): Promise<InboundNumberView> {
    const ws = this.deps.workspaces.get(workspaceId);
    const number = toE164(rawNumber, ws.defaultCountry);
    const row = this.repo.byNumber(number);
    if (!row || row.workspaceId !== ws.id) throw new AppError('NOT_FOUND', `${ws.name} has no attached number ${number}.`);
    if (!options.force) {
      const key = this.carrierKey(ws.id);
      await this.numbersOf(this.carrierOf(row.carrier)).restore(key, this.reach(), row.carrierNumberId, row.previous);
    }
    const view = this.view(row);
    tx(this.deps.db, () => {
      this.repo.delete(row.id);
      this.deps.audit.append({
        actor,
        action: 'number.detach',
        workspaceId: ws.id,
        target: row.id,
        detail: { number, carrier: row.carrier, restored: !options.force },
      });
    });
    return view;
  }

  /** A runner here answers numbers at this public URL: every attached number is pointed at it. */
  async goLive(publicUrl: string): Promise<PointFailure[]> {
    this.answering = publicUrl;
    return this.pointAll((row) => answerUrlOf(publicUrl, row));
  }

  /** The runner stopped answering: every attached number is pointed back at its away message. */
  async goAway(): Promise<PointFailure[]> {
    if (this.answering === null) return [];
    this.answering = null;
    return this.pointAll(() => null);
  }

  /** The key a number's calls are answered and checked with: the workspace's carrier key, as calls resolve it. */
  carrierKey(workspaceId: string): Resolved & { readonly provider: CarrierId } {
    const ws = this.deps.workspaces.get(workspaceId);
    const key = this.deps.resolver.resolve(ws.id, 'voice-carrier', { providers: CARRIER_IDS });
    if (!(CARRIER_IDS as readonly string[]).includes(key.provider))
      throw new AppError('NO_CREDENTIAL', `${ws.name} has no Twilio or Exotel key to answer calls with.`);
    return key as Resolved & { readonly provider: CarrierId };
  }

  private async pointAll(answerUrl: (row: NumberRow) => string | null): Promise<PointFailure[]> {
    const failures: PointFailure[] = [];
    for (const row of this.repo.all()) {
      try {
        const key = this.carrierKey(row.workspaceId);
        await this.numbersOf(this.carrierOf(row.carrier)).point(
          key,
          this.reach(),
          row.carrierNumberId,
          answerUrl(row),
          awayOf(row),
          row.previous,
        );
      } catch (err) {
        const reason = err instanceof AppError ? err.message : 'The carrier could not be asked.';
        failures.push({ number: row.number, reason });
        this.deps.audit.append({
          actor: 'system',
          action: 'number.point-failed',
          workspaceId: row.workspaceId,
          target: row.id,
          detail: { number: row.number, answering: answerUrl(row) !== null, reason },
        });
      }
    }
    return failures;
  }

  private view(row: NumberRow): InboundNumberView {
    let agentName = 'a deleted agent';
    try {
      agentName = this.deps.agents.get(row.workspaceId, row.agentId).name;
    } catch {
      // The agent is gone; its number still says where calls went.
    }
    return {
      id: row.id,
      workspaceId: row.workspaceId,
      carrier: row.carrier,
      number: row.number,
      agentId: row.agentId,
      agentName,
      forwardTo: row.forwardTo,
      awayMessage: row.awayMessage,
      whenAway: whenAwaySentence(row.awayMessage, row.forwardTo),
      attachedAt: row.attachedAt,
    };
  }

  private carrierOf(id: CarrierId): Carrier {
    return CARRIERS[id];
  }

  private numbersOf(carrier: Carrier): NonNullable<Carrier['numbers']> {
    if (!carrier.numbers) throw new AppError('INVALID_INPUT', carrier.numbersNote ?? `${carrier.name} numbers cannot be attached.`);
    return carrier.numbers;
  }

  private reach(): CarrierReach {
    return { env: this.deps.env, timeoutMs: this.deps.timeoutMs ?? 15_000 };
  }
}

/** What a caller of this number hears when the runner cannot take them. */
export const awayOf = (row: Pick<NumberRow, 'awayMessage' | 'forwardTo'>): AwayPlan => ({
  message: row.awayMessage,
  forwardTo: row.forwardTo,
});

function whose(workspaceName: string, key: Pick<Resolved, 'owner'>): string {
  return key.owner === 'own' ? `${workspaceName}'s` : "The agency's";
}
