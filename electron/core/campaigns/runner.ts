/**
 * One run of a campaign: holds the sending lease, resolves whose key pays, then sends due
 * messages through the sender's token bucket — each row marked in flight before its request —
 * until nothing is left, or the campaign is paused, cancelled or its key is refused. Rows left
 * in doubt (a crash, a 5xx, a timeout) are looked up (Twilio) or repeated with their own
 * idempotency key (Resend, SendGrid) before anything is sent again; where neither is possible
 * (Exotel) they fail, so no one gets a message twice.
 */
import { randomUUID } from 'node:crypto';
import type { CampaignProgress } from '../../../shared/campaigns';
import { AppError } from '../../../shared/errors';
import { getProvider } from '../../../shared/providers/catalog';
import type { Actor, AuditLog } from '../audit/audit';
import type { Buckets, Slot, TokenBucket } from '../messaging/bucket';
import type { DoNotContact } from '../messaging/dnc';
import type { MessageRow, Outbox } from '../messaging/outbox';
import { createSender, SECRET_WORDS } from '../messaging/senders';
import type { Outgoing, Sender, SendResult } from '../messaging/senders/types';
import type { Resolver } from '../onboarding/resolve';
import type { Db } from '../store/db';
import type { Usage } from '../usage/usage';
import type { Workspaces } from '../workspaces/workspaces';
import { Claimer } from './claim';
import type { CampaignRepo, CampaignRow } from './repo';
import { backoffMs, type Followup, giveUp, type Payer, settle } from './settle';
import { progressOf } from './view';

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
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly emit: (p: CampaignProgress) => void;
  readonly options?: RunOptions;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const toOutgoing = (r: MessageRow): Outgoing => ({ id: r.id, recipient: r.recipient, subject: r.subject, body: r.body });

/** A campaign being sent by this process. */
export class CampaignRun {
  private readonly inFlight = new Set<number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly sentTimes: number[] = [];
  private readonly abort = new AbortController();
  private stopping: 'pause' | 'cancel' | 'auth' | 'external' | null = null;
  private lastPoll = 0;
  private lastBeat = 0;
  private lastEmit = 0;

  constructor(
    private readonly d: RunDeps,
    readonly campaignId: string,
    private readonly actor: Actor,
  ) {}

  private get now(): number {
    return this.d.now().getTime();
  }

  /** Asks the run to stop sending (in-flight requests finish); the caller records the new state. */
  stop(why: 'pause' | 'cancel'): void {
    this.stopping ??= why;
  }

  /** Sends until done, paused, cancelled or refused. Resolves when every request has settled. */
  async run(): Promise<void> {
    const c = this.d.repo.get(this.campaignId);
    if (c.state === 'completed' || c.state === 'cancelled') return;
    this.d.repo.acquireLease(c.id, process.pid);
    try {
      let ready: ReturnType<CampaignRun['prepare']>;
      try {
        ready = this.prepare(c);
      } catch (err) {
        // No key may pay (none validated, or agency fallback forbidden): stop before any request, saying why.
        if (!(err instanceof AppError) || err.code !== 'NO_CREDENTIAL') throw err;
        this.stopping = 'auth';
        if (this.d.repo.setState(c.id, 'paused', ['ready', 'paused', 'running'], err.message)) {
          this.d.audit.append({ actor: 'system', action: 'campaign.pause', workspaceId: c.workspace_id, target: c.id, detail: { reason: err.message } });
        }
        return;
      }
      if (!this.d.repo.setState(c.id, 'running', ['ready', 'paused', 'running'])) return;
      this.d.audit.append({ actor: this.actor, action: c.state === 'ready' ? 'campaign.start' : 'campaign.resume', workspaceId: c.workspace_id, target: c.id });
      await this.optOuts(c, ready.sender);
      await this.loop(c, ready.sender, ready.payer, ready.bucket);
    } finally {
      await Promise.allSettled([...this.pending]);
      this.d.repo.releaseLease(c.id, process.pid);
      this.emit(true);
    }
  }

  /** Resolves the key that pays and builds its sender; NO_CREDENTIAL says why none can. */
  private prepare(c: CampaignRow): { sender: Sender; payer: Payer; bucket: TokenBucket } {
    const ws = this.d.workspaces.get(c.workspace_id);
    const key = this.d.resolver.resolve(ws.id, c.channel === 'sms' ? 'sms' : 'email');
    const whose = key.owner === 'own' && ws.kind === 'client' ? "The client's" : "The agency's";
    const sender = createSender(key, this.d.env, whose);
    this.d.repo.setKey(c.id, key.provider, key.credentialId, key.owner);
    const bucket = this.d.buckets.get(sender.senderKey, c.rate ?? sender.defaultRate);
    return { sender, payer: { workspaceId: ws.id, credentialId: key.credentialId, owner: key.owner }, bucket };
  }

  /** Records STOP replies to the sending number since the campaign was created, before sending to anyone. */
  private async optOuts(c: CampaignRow, sender: Sender): Promise<void> {
    if (!sender.inboundOptOuts) return;
    const slot = (this.d.buckets.get(sender.senderKey, c.rate ?? sender.defaultRate)).reserve();
    await sleep(slot.wait);
    slot.commit();
    const stops = await sender.inboundOptOuts(Date.parse(c.created_at) - 24 * 3_600_000, this.abort.signal);
    if (stops.length > 0) this.d.dnc.add({ kind: 'workspace', workspaceId: c.workspace_id }, [...new Set(stops)], 'opt-out', 'system', 'replied STOP');
  }

  private pause(c: CampaignRow, reason: string): void {
    this.stopping = 'auth';
    if (this.d.repo.setState(c.id, 'paused', ['running'], reason)) {
      this.d.audit.append({ actor: 'system', action: 'campaign.pause', workspaceId: c.workspace_id, target: c.id, detail: { reason } });
    }
  }

  private stopped(): boolean {
    if (this.stopping) return true;
    const t = Date.now();
    if (t - this.lastPoll >= 100) {
      this.lastPoll = t;
      // A pause or cancel from another process (the CLI) shows up here.
      if (this.d.repo.get(this.campaignId).state !== 'running') this.stopping = 'external';
    }
    return this.stopping !== null;
  }

  private async loop(c: CampaignRow, sender: Sender, payer: Payer, bucket: TokenBucket): Promise<void> {
    const claimer = new Claimer(this.d.outbox, c.id, { start: c.window_start, end: c.window_end }, this.d.dnc.exclusionFor(c.workspace_id));
    const maxInFlight = this.d.options?.maxInFlight ?? 8;
    const ctx = { c, sender, payer, bucket };
    while (!this.stopped()) {
      this.tick();
      if (this.inFlight.size >= maxInFlight) {
        await this.oneSettled(250);
        continue;
      }
      const doubt = this.d.outbox.dueInDoubt(c.id, this.now, this.inFlight, 1)[0];
      if (doubt) {
        await this.recover(ctx, doubt);
        continue;
      }
      const batch = claimer.claim(this.now, sender.maxBatch);
      if (batch.length > 0) {
        const slot = bucket.reserve();
        if (slot.wait > 0) await sleep(slot.wait);
        if (this.stopped()) {
          slot.release();
          break;
        }
        this.launch(ctx, batch, sender.idempotent ? `sb-${c.id.slice(0, 8)}-${randomUUID()}` : null, slot);
        // Let the request reach the socket before the loop's own database work (a checkpoint can
        // take tens of ms), so it leaves when its slot says, not bunched with the next one.
        await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      const next = this.d.outbox.nextDue(c.id);
      if (next === null && this.pending.size === 0) {
        if (this.d.repo.setState(c.id, 'completed', ['running'])) this.d.audit.append({ actor: 'system', action: 'campaign.complete', workspaceId: c.workspace_id, target: c.id, detail: { ...this.d.outbox.counts(c.id) } });
        break;
      }
      await this.oneSettled(next === null ? 250 : Math.min(Math.max(next - this.now, 5), 1000));
    }
  }

  /** Marks rows in flight, then sends them without waiting (up to maxInFlight requests at once). */
  private launch(ctx: { c: CampaignRow; sender: Sender; payer: Payer; bucket: TokenBucket }, rows: readonly MessageRow[], batchKey: string | null, slot: Slot): void {
    const ids = rows.map((r) => r.id);
    this.d.outbox.markInFlight(ids, { batchKey, sender: ctx.sender.senderKey, at: this.now });
    // The slot counts from here, after the write: a slow write (a WAL checkpoint) must not
    // bunch this request up with the next one.
    slot.commit();
    this.track(ids, async () => {
      const result = await ctx.sender.send(rows.map(toOutgoing), batchKey ?? '', this.abort.signal);
      this.apply(ctx, rows, result);
    });
  }

  /** Takes another look at an in-doubt row (and the rest of its batch). */
  private async recover(ctx: { c: CampaignRow; sender: Sender; payer: Payer; bucket: TokenBucket }, row: MessageRow): Promise<void> {
    const { sender, bucket } = ctx;
    if (sender.idempotent) {
      const rows = row.batch_key ? this.d.outbox.batch(row.batch_key) : [row];
      if (giveUp(this.d.outbox, rows, this.d.options?.maxAttempts ?? 6)) return;
      const slot = bucket.reserve();
      await sleep(slot.wait);
      // The same rows with the same key: the provider answers a repeat with the first result.
      this.launch(ctx, rows, row.batch_key ?? `sb-${ctx.c.id.slice(0, 8)}-${randomUUID()}`, slot);
      return;
    }
    if (!sender.lookup) {
      // Neither repeatable nor answerable (Exotel cannot list messages by recipient, SendGrid has
      // no idempotency key): sending again could send twice, so it goes at most once and the operator checks.
      const name = getProvider(sender.provider).name;
      const log = ctx.c.channel === 'sms' ? 'SMS log' : 'activity feed';
      this.d.outbox.markFailed([row.id], `in doubt: the request may have reached ${name}, which cannot be asked; check its ${log} before sending again`, 'unconfirmed');
      return;
    }
    if (row.sender && row.sender !== sender.senderKey) {
      // It went out from another number or service (the key changed since): a lookup from this
      // one cannot see it, and sending again could send twice. Fail it, saying so.
      this.d.outbox.markFailed([row.id], 'in doubt: it was sent from a sender this key no longer uses; check the provider’s log before sending it again', 'unconfirmed');
      return;
    }
    const settleAt = (row.inflight_at ?? 0) + (this.d.options?.settleMs ?? 1000);
    if (this.now < settleAt) {
      this.d.outbox.retryLater([row.id], settleAt, row.error ?? 'in doubt after an interruption');
      return;
    }
    this.track([row.id], async () => {
      const lookupSlot = bucket.reserve();
      await sleep(lookupSlot.wait);
      lookupSlot.commit();
      const found = await sender.lookup?.(toOutgoing(row), row.inflight_at ?? 0, (id) => this.d.outbox.knownProviderId(id), this.abort.signal);
      if (found?.kind === 'found') return this.apply(ctx, [row], { kind: 'accepted', ids: [found.id] });
      if (found?.kind === 'unknown') return this.d.outbox.retryLater([row.id], this.now + backoffMs(row.attempts), found.reason);
      if (giveUp(this.d.outbox, [row], this.d.options?.maxAttempts ?? 6)) return;
      // Twilio has no record of it: it was never accepted, so it is sent now.
      if (this.stopped()) return this.d.outbox.requeue([row.id], this.now, null);
      const sendSlot = bucket.reserve();
      await sleep(sendSlot.wait);
      this.d.outbox.markInFlight([row.id], { batchKey: null, sender: sender.senderKey, at: this.now });
      sendSlot.commit();
      this.apply(ctx, [row], await sender.send([toOutgoing(row)], '', this.abort.signal));
    });
  }

  private apply(ctx: { c: CampaignRow; sender: Sender; payer: Payer; bucket: TokenBucket }, rows: readonly MessageRow[], result: SendResult): void {
    const f: Followup = settle(
      { db: this.d.db, outbox: this.d.outbox, usage: this.d.usage, dnc: this.d.dnc, payer: ctx.payer, sender: ctx.sender, channel: ctx.c.channel, maxAttempts: this.d.options?.maxAttempts ?? 6, now: () => this.now },
      rows,
      result,
    );
    if (result.kind === 'accepted') for (let i = 0; i < rows.length - (result.refused?.size ?? 0); i += 1) this.sentTimes.push(Date.now());
    if (f.kind === 'hold') ctx.bucket.holdFor(f.ms);
    if (f.kind === 'pause') {
      const whose = ctx.payer.owner === 'own' && this.d.workspaces.get(ctx.c.workspace_id).kind === 'client' ? "the client's" : "the agency's";
      const secret = SECRET_WORDS[ctx.sender.provider] ?? `${ctx.sender.provider} key`;
      this.pause(ctx.c, `Paused: ${whose} ${secret} was revoked or changed (${getProvider(ctx.sender.provider).name} answered ${f.detail}). Nothing more was sent: update the key, then resume.`);
    }
  }

  private track(ids: readonly number[], work: () => Promise<void>): void {
    for (const id of ids) this.inFlight.add(id);
    const p: Promise<void> = work()
      .catch((err: unknown) => console.error(`[campaign] a send failed unexpectedly: ${err instanceof Error ? err.name : 'error'}`))
      .finally(() => {
        for (const id of ids) this.inFlight.delete(id);
        this.pending.delete(p);
      });
    this.pending.add(p);
  }

  /** Waits until a request settles, or `ms` passes. */
  private async oneSettled(ms: number): Promise<void> {
    await Promise.race([sleep(ms), ...this.pending]);
  }

  private tick(): void {
    const t = Date.now();
    if (t - this.lastBeat >= 2000) {
      this.lastBeat = t;
      this.d.repo.heartbeat(this.campaignId, process.pid);
    }
    this.emit(false);
  }

  private emit(force: boolean): void {
    const t = Date.now();
    // Counting a large campaign's rows takes a few ms: twice a second is enough for a progress bar.
    if (!force && t - this.lastEmit < 500) return;
    this.lastEmit = t;
    while (this.sentTimes.length > 0 && (this.sentTimes[0] ?? 0) < t - 5000) this.sentTimes.shift();
    this.d.emit(progressOf(this.d.repo.get(this.campaignId), this.d.outbox, this.now, this.sentTimes.length / 5));
  }
}
