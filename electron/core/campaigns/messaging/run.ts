/**
 * One run of a campaign: holds the sending lease, resolves whose key pays, then sends due
 * messages through the sender's token bucket — each row marked in flight before its request —
 * until nothing is left, or the campaign is paused, cancelled or its key is refused. Rows left
 * in doubt (a crash, a 5xx, a timeout) are looked up (Twilio) or repeated with their own
 * idempotency key (Resend) before anything is sent again; where neither is possible (Exotel,
 * SendGrid) they fail as unconfirmed, so no one gets a message twice.
 */
import { randomUUID } from 'node:crypto';
import type { CampaignProgress } from '../../../../shared/campaigns';
import { AppError } from '../../../../shared/errors';
import { getProvider } from '../../../../shared/providers/catalog';
import type { Actor, AuditLog } from '../../audit/audit';
import { CredentialRepo } from '../../credentials/repo';
import type { Buckets, Pace, Slot } from '../../messaging/bucket';
import type { DoNotContact } from '../../messaging/dnc';
import type { MessageRow, Outbox } from '../../messaging/outbox';
import { createSender, SECRET_WORDS } from '../../messaging/senders';
import type { Outgoing, Sender, SendResult } from '../../messaging/senders/types';
import type { Resolver } from '../../onboarding/resolve';
import type { Db } from '../../store/db';
import type { Usage } from '../../usage/usage';
import type { Clock } from '../../voice/clock';
import type { Workspaces } from '../../workspaces/workspaces';
import { claimDue, type Queue } from '../kernel/claim';
import { RunControl } from '../kernel/control';
import { Gate } from '../kernel/gate';
import { RateMeter } from '../kernel/progress';
import type { CampaignRepo, CampaignRow } from '../repo';
import { progressOf } from '../view';
import type { SenderLeases } from './sender-lease';
import { backoffMs, type Followup, giveUp, type Payer, settle } from './settle';

/** Tunables of a run (tests and benchmarks set some). */
export interface RunOptions {
  /** How long an in-doubt Twilio message rests before the lookup, so Twilio's list has caught up (default 1 s). */
  readonly settleMs?: number;
  /** Requests in flight at once (default 8). */
  readonly maxInFlight?: number;
  /** Attempts per message before it fails (default 6). */
  readonly maxAttempts?: number;
}

/** What a run needs. */
export interface RunDeps {
  readonly db: Db;
  readonly repo: CampaignRepo;
  readonly outbox: Outbox;
  readonly dnc: DoNotContact;
  readonly resolver: Resolver;
  readonly usage: Usage;
  readonly audit: AuditLog;
  readonly workspaces: Workspaces;
  readonly buckets: Buckets;
  readonly leases: SenderLeases;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  /** Paces the run: waits, throttles and the sent-per-second figure read it, never the wall clock. */
  readonly clock: Clock;
  readonly emit: (progress: CampaignProgress) => void;
  readonly options?: RunOptions;
}

/** What a request is sent with: the campaign, the sender bound to one key, whose key pays, and the pace; replaced whole when the key changes. */
type Ctx = { readonly c: CampaignRow; readonly sender: Sender; readonly payer: Payer; readonly bucket: Pace; readonly keyVersion: number };

/** Why rows still in doubt when a campaign is cancelled end as failed. */
export const CANCELLED_IN_DOUBT = 'in doubt when the campaign was cancelled: it may have arrived; check the provider’s log';

/** Margin kept under a provider's idempotency-key lifetime before a repeat is no longer trusted. */
const KEY_MARGIN_MS = 3_600_000;

const toOutgoing = (row: MessageRow): Outgoing => ({ id: row.id, recipient: row.recipient, subject: row.subject, body: row.body });

/** A messaging campaign being sent by this process: the kernel's run (campaigns/kernel/control.ts) sending messages. */
export class MessagingRun {
  /** The lease, state, stopping, requests in flight and time, shared with voice runs. */
  private readonly control: RunControl;
  // Elapsed time is measured on the run's clock (monotonic): a wall clock that jumps, or the core's injected one, must not skew it.
  private readonly sent: RateMeter;
  private readonly abort = new AbortController();
  /** The sending identity this run holds against other processes, once it does. */
  private senderKey: string | null = null;
  /** Why nothing is sent just now, for the progress line. */
  private note: string | null = null;
  /** What new requests go out with; a rotation or a re-keyed key replaces it between two messages. */
  private ctx: Ctx | null = null;
  /** Asked which version of the paying key is in use: the credentials table is its. */
  private readonly keys: CredentialRepo;

  constructor(
    private readonly deps: RunDeps,
    readonly campaignId: string,
    actor: Actor,
  ) {
    this.keys = new CredentialRepo(deps.db);
    this.control = new RunControl({ rows: deps.repo, audit: deps.audit, clock: deps.clock }, campaignId, actor);
    this.sent = new RateMeter(() => deps.clock.now());
  }

  /** The rows this run has in flight (a recovery leaves them alone). */
  private get inFlight(): ReadonlySet<number> {
    return this.control.held;
  }

  private get now(): number {
    return this.deps.now().getTime();
  }

  /** Asks the run to stop sending (in-flight requests finish); the caller records the new state. */
  stop(why: 'pause' | 'cancel'): void {
    this.control.stop(why);
  }

  /** Whether the run is winding down (a new run may follow once it has). */
  get isStopping(): boolean {
    return this.control.isStopping;
  }

  /** Sends until done, paused, cancelled or refused. Resolves when every request has settled. */
  run(): Promise<void> {
    return this.control.run(this.deps.repo.get(this.campaignId), {
      // No key may pay (none validated, or agency fallback forbidden): stop before any request, saying why.
      refusals: ['NO_CREDENTIAL'],
      prepare: (campaign) => {
        this.ctx = { c: campaign, ...this.prepare(campaign) };
      },
      // A long request (reading STOP replies) must not let the sender's lease go stale either.
      beat: () => {
        if (this.senderKey) this.deps.leases.renew(this.senderKey);
      },
      body: async (campaign) => {
        const ctx = this.ctx as Ctx;
        if (!(await this.holdSender(ctx.sender.senderKey))) return;
        await this.optOuts(campaign, ctx.sender, ctx.bucket);
        await this.loop(campaign);
      },
      wrapUp: () => {
        this.ctx?.bucket.leave();
        if (this.senderKey) this.deps.leases.release(this.senderKey);
        // Cancelled: rows still in doubt will not be looked at again; say so rather than leave them 'sending'.
        if (this.deps.repo.get(this.campaignId).state === 'cancelled')
          this.deps.outbox.failInDoubt(this.campaignId, this.inFlight, CANCELLED_IN_DOUBT);
      },
      emit: (force) => this.emit(force),
    });
  }

  /** Resolves the key that pays and builds its sender; NO_CREDENTIAL says why none can. */
  private prepare(campaign: CampaignRow): { sender: Sender; payer: Payer; bucket: Pace; keyVersion: number } {
    const { sender, payer, keyVersion } = this.resolveSender(campaign);
    const bucket = this.deps.buckets.join(sender.senderKey, campaign.id, campaign.rate ?? sender.defaultRate);
    return { sender, payer, bucket, keyVersion };
  }

  /** The key that pays now, its sender, and the version of the key it was built from; records the key on the campaign. */
  private resolveSender(campaign: CampaignRow): { sender: Sender; payer: Payer; keyVersion: number } {
    const ws = this.deps.workspaces.get(campaign.workspace_id);
    const key = this.deps.resolver.resolve(ws.id, campaign.channel === 'sms' ? 'sms' : 'email');
    const whose = key.owner === 'own' && ws.kind === 'client' ? "The client's" : "The agency's";
    const sender = createSender(key, this.deps.env, whose);
    this.deps.repo.setKey(campaign.id, key.provider, key.credentialId, key.owner);
    const version = this.keys.versionOf(key.credentialId) ?? 0;
    return { sender, payer: { workspaceId: ws.id, credentialId: key.credentialId, owner: key.owner }, keyVersion: version };
  }

  /**
   * Between two messages: if the key that pays was rotated out, deactivated, deleted or re-keyed,
   * resolve again and send every later message with the key in use now. Requests already in flight
   * finish with the key they left with (a rotated-out key stays valid at the provider until revoked).
   * False when no key may pay any more (the campaign pauses, saying why).
   */
  private async followKey(ctx: Ctx): Promise<boolean> {
    if (this.keyInUse(ctx)) return true;
    let next: ReturnType<MessagingRun['resolveSender']>;
    try {
      next = this.resolveSender(ctx.c);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NO_CREDENTIAL') throw err;
      this.pause(ctx.c, err.message);
      return false;
    }
    let bucket = ctx.bucket;
    if (next.sender.senderKey !== ctx.sender.senderKey) {
      // Another number or address: its own pace, and its own lease against other processes.
      ctx.bucket.leave();
      bucket = this.deps.buckets.join(next.sender.senderKey, ctx.c.id, ctx.c.rate ?? next.sender.defaultRate);
      if (this.senderKey) this.deps.leases.release(this.senderKey);
      this.senderKey = null;
      this.ctx = { ...ctx, ...next, bucket };
      if (!(await this.holdSender(next.sender.senderKey))) return false;
    }
    this.ctx = { ...ctx, ...next, bucket };
    this.deps.audit.append({
      actor: 'system',
      action: 'campaign.switch-key',
      workspaceId: ctx.c.workspace_id,
      target: ctx.c.id,
      detail: { provider: next.sender.provider, from: ctx.payer.credentialId, to: next.payer.credentialId, owner: next.payer.owner },
    });
    return true;
  }

  /** Whether the key a context sends with is still the one in use (one indexed lookup, so it runs before every request). */
  private keyInUse(ctx: Ctx): boolean {
    return this.keys.inUse(ctx.payer.credentialId, ctx.keyVersion);
  }

  /**
   * Waits until this process may send as the identity: another Switchboard process sending from
   * the same number would otherwise pace itself to the same full rate. False if stopped meanwhile.
   */
  private async holdSender(senderKey: string): Promise<boolean> {
    for (;;) {
      const lease = this.deps.leases.acquire(senderKey);
      if (lease.ok) break;
      const from = senderKey.slice(senderKey.indexOf(':') + 1);
      this.note = `Another Switchboard process (pid ${lease.holder}) is sending from ${from}; this campaign starts as soon as it is done.`;
      this.emit(false);
      if (this.control.stopped()) return false;
      await this.control.wait(500);
    }
    this.note = null;
    this.senderKey = senderKey;
    return true;
  }

  /** Records STOP replies to the sending number since the campaign was created, before sending to anyone. */
  private async optOuts(campaign: CampaignRow, sender: Sender, bucket: Pace): Promise<void> {
    if (!sender.inboundOptOuts) return;
    const slot = bucket.reserve();
    await this.control.wait(slot.wait);
    slot.commit();
    const stops = await sender.inboundOptOuts(Date.parse(campaign.created_at) - 24 * 3_600_000, this.abort.signal);
    if (stops.length > 0)
      this.deps.dnc.add(
        { kind: 'workspace', workspaceId: campaign.workspace_id },
        [...new Set(stops)],
        'opt-out',
        'system',
        'replied STOP',
      );
  }

  private pause(campaign: CampaignRow, reason: string): void {
    this.control.halt(campaign.workspace_id, reason);
  }

  private async loop(campaign: CampaignRow): Promise<void> {
    const gate = new Gate({ start: campaign.window_start, end: campaign.window_end }, this.deps.dnc.exclusionFor(campaign.workspace_id));
    const { outbox } = this.deps;
    const queue: Queue<MessageRow> = {
      due: (now, limit) => outbox.dueQueued(campaign.id, now, limit),
      skip: (id, reason) => outbox.markSkipped(id, reason),
      defer: (id, at) => outbox.defer(id, at),
    };
    const maxInFlight = this.deps.options?.maxInFlight ?? 8;
    while (!this.control.stopped()) {
      this.emit(false);
      if (this.inFlight.size >= maxInFlight) {
        await this.control.untilSettled(250);
        continue;
      }
      if (!this.ctx || !(await this.followKey(this.ctx))) break;
      const ctx = this.ctx;
      const { sender, bucket } = ctx;
      const doubt = this.deps.outbox.dueInDoubt(campaign.id, this.now, this.inFlight, 1)[0];
      if (doubt) {
        await this.recover(ctx, doubt, gate);
        continue;
      }
      const batch = claimDue(queue, gate, this.now, sender.maxBatch);
      if (batch.length > 0) {
        const slot = bucket.reserve();
        if (slot.wait > 0) await this.control.wait(slot.wait);
        if (this.control.stopped()) {
          slot.release();
          break;
        }
        if (!this.keyInUse(ctx)) {
          // Rotated while this message waited for its slot: it goes with the new key instead.
          slot.release();
          continue;
        }
        this.launch(ctx, batch, sender.idempotent ? `sb-${campaign.id.slice(0, 8)}-${randomUUID()}` : null, slot);
        // Let the request reach the socket before the loop's own database work (a checkpoint can
        // take tens of ms), so it leaves when its slot says, not bunched with the next one.
        await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      const next = this.deps.outbox.nextDue(campaign.id);
      if (next === null && this.control.inFlight === 0) {
        // Completes only if still nothing is queued: a workflow message may have arrived since nextDue.
        if (this.deps.repo.completeIfDrained(campaign.id)) {
          this.deps.audit.append({
            actor: 'system',
            action: 'campaign.complete',
            workspaceId: campaign.workspace_id,
            target: campaign.id,
            detail: { ...this.deps.outbox.counts(campaign.id) },
          });
          break;
        }
        if (this.deps.repo.get(campaign.id).state !== 'running') break;
        continue;
      }
      await this.control.untilSettled(next === null ? 250 : Math.min(Math.max(next - this.now, 5), 1000));
    }
  }

  /** Marks rows in flight, then sends them without waiting (up to maxInFlight requests at once). */
  private launch(ctx: Ctx, claimed: readonly MessageRow[], batchKey: string | null, slot: Slot): void {
    const moved = this.deps.outbox.markInFlight(
      claimed.map((r) => r.id),
      { batchKey, sender: ctx.sender.senderKey, at: this.now },
    );
    // Only what really moved to 'sending' goes: a row cancelled meanwhile by another process stays unsent.
    const rows = claimed.filter((r) => moved.has(r.id));
    if (rows.length === 0) {
      slot.release();
      return;
    }
    // The slot counts from here, after the write: a slow write (a WAL checkpoint) must not
    // bunch this request up with the next one.
    slot.commit();
    this.track(
      rows.map((r) => r.id),
      async () => {
        const result = await ctx.sender.send(rows.map(toOutgoing), batchKey ?? '', this.abort.signal);
        this.apply(ctx, rows, result);
      },
    );
  }

  /**
   * Takes another look at an in-doubt row (and the rest of its batch). Nothing goes again unless
   * it provably was not accepted (Twilio's list), or the repeat is the very same request under a
   * key the provider still remembers (Resend) — and then only inside every recipient's window and
   * to no one who opted out since. Otherwise the message fails as unconfirmed, for the operator.
   */
  private async recover(ctx: Ctx, row: MessageRow, gate: Gate): Promise<void> {
    const { sender, bucket } = ctx;
    const max = this.deps.options?.maxAttempts ?? 6;
    const name = getProvider(sender.provider).name;
    if (row.sender && row.sender !== sender.senderKey) {
      // It went out from another number, service or address (the key changed since): this one
      // cannot see or repeat it, and sending again could send twice.
      const rows = row.batch_key ? this.deps.outbox.batch(row.batch_key) : [row];
      this.deps.outbox.markFailed(
        rows.map((r) => r.id),
        'in doubt: it was sent from a sender this key no longer uses; check the provider’s log before sending it again',
        'unconfirmed',
      );
      return;
    }
    if (sender.idempotent) {
      const rows = row.batch_key ? this.deps.outbox.batch(row.batch_key) : [row];
      const ids = rows.map((r) => r.id);
      if (giveUp(this.deps.outbox, rows, max)) return;
      if (
        sender.idempotencyTtlMs !== undefined &&
        row.inflight_at !== null &&
        this.now - row.inflight_at > sender.idempotencyTtlMs - KEY_MARGIN_MS
      ) {
        this.deps.outbox.markFailed(
          ids,
          `in doubt for longer than ${name} remembers a request, so it is not repeated; check ${name}’s log before sending it again`,
          'unconfirmed',
        );
        return;
      }
      const when = gate.checkAll(rows, this.now);
      if ('excluded' in when) {
        this.deps.outbox.markFailed(
          ids,
          `in doubt, and a recipient of its request is now ${when.excluded}, so the request is not repeated; check ${name}’s log`,
          'unconfirmed',
        );
        return;
      }
      if (when.at > this.now) {
        this.deps.outbox.retryLater(ids, when.at, 'in doubt; repeated when every recipient’s window is open');
        return;
      }
      const slot = bucket.reserve();
      await this.control.wait(slot.wait);
      // The same rows with the same key: the provider answers a repeat with the first result.
      this.launch(ctx, rows, row.batch_key ?? `sb-${ctx.c.id.slice(0, 8)}-${randomUUID()}`, slot);
      return;
    }
    if (!sender.lookup) {
      // Neither repeatable nor answerable (Exotel cannot list messages by recipient, SendGrid has
      // no idempotency key): sending again could send twice, so it goes at most once and the operator checks.
      const log = ctx.c.channel === 'sms' ? 'SMS log' : 'activity feed';
      this.deps.outbox.markFailed(
        [row.id],
        `in doubt: the request may have reached ${name}, which cannot be asked; check its ${log} before sending again`,
        'unconfirmed',
      );
      return;
    }
    const settleAt = (row.inflight_at ?? 0) + (this.deps.options?.settleMs ?? 1000);
    if (this.now < settleAt) {
      this.deps.outbox.retryLater([row.id], settleAt, row.error ?? 'in doubt after an interruption');
      return;
    }
    if (giveUp(this.deps.outbox, [row], max)) return;
    this.track([row.id], async () => {
      const lookupSlot = bucket.reserve();
      await this.control.wait(lookupSlot.wait);
      lookupSlot.commit();
      const found = await sender.lookup?.(
        toOutgoing(row),
        row.inflight_at ?? 0,
        (id) => this.deps.outbox.knownProviderId(id),
        this.abort.signal,
      );
      if (!found) return;
      switch (found.kind) {
        case 'found':
          return this.apply(ctx, [row], { kind: 'accepted', ids: [found.id] });
        case 'auth':
          // The key was refused while asking: stay in doubt (asked again after the key is fixed) and pause.
          this.deps.outbox.retryLater([row.id], this.now, `in doubt: ${name} refused the key when asked about it`);
          return this.pauseForAuth(ctx, found.reason);
        case 'unknown':
          // Each failed lookup counts, so a provider that never answers ends in giveUp, not a loop.
          return this.deps.outbox.retryLater([row.id], this.now + backoffMs(row.attempts), found.reason, { countAttempt: true });
        case 'absent':
          // Never accepted: it queues again and goes like any other message — inside its
          // recipient's window, and not at all if the recipient opted out since.
          return this.deps.outbox.requeue([row.id], this.now, null);
      }
    });
  }

  private apply(ctx: Ctx, rows: readonly MessageRow[], result: SendResult): void {
    const followup: Followup = settle(
      {
        db: this.deps.db,
        outbox: this.deps.outbox,
        usage: this.deps.usage,
        dnc: this.deps.dnc,
        payer: ctx.payer,
        sender: ctx.sender,
        channel: ctx.c.channel,
        maxAttempts: this.deps.options?.maxAttempts ?? 6,
        now: () => this.now,
      },
      rows,
      result,
    );
    if (result.kind === 'accepted') this.sent.add(rows.length - (result.refused?.size ?? 0));
    if (followup.kind === 'hold') ctx.bucket.holdFor(followup.ms);
    // A key rotated out since this request left (and revoked at once): its rows went back to the
    // queue and go with the key in use now, so that is no reason to pause.
    if (followup.kind === 'pause' && this.keyInUse(ctx)) this.pauseForAuth(ctx, followup.detail);
  }

  /** Pauses because the provider refused the key, naming whose key and what it answered. */
  private pauseForAuth(ctx: Ctx, detail: string): void {
    const whose =
      ctx.payer.owner === 'own' && this.deps.workspaces.get(ctx.c.workspace_id).kind === 'client' ? "The client's" : "The agency's";
    const secret = SECRET_WORDS[ctx.sender.provider] ?? `${ctx.sender.provider} key`;
    this.pause(
      ctx.c,
      `${whose} ${secret} was revoked or changed (${getProvider(ctx.sender.provider).name} answered ${detail}). Nothing more was sent: ` +
        `update the key, then resume.`,
    );
  }

  private track(ids: readonly number[], work: () => Promise<void>): void {
    this.control.track(ids, work, (err) =>
      console.error(`[campaign] a send failed unexpectedly: ${err instanceof Error ? err.name : 'error'}`),
    );
  }

  private emit(force: boolean): void {
    // Counting a large campaign's rows takes a few ms: twice a second is enough for a progress bar.
    if (!this.control.progressDue(force)) return;
    this.deps.emit(progressOf(this.deps.repo.get(this.campaignId), this.deps.outbox, this.now, this.sent.perSecond(), this.note));
  }
}
