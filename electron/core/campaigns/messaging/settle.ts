/** What a send's result does to its outbox rows, usage and the do-not-contact list. */
import type { CampaignChannel } from '../../../../shared/campaigns';
import type { DoNotContact } from '../../messaging/dnc';
import type { MessageRow, Outbox } from '../../messaging/outbox';
import type { Sender, SendResult } from '../../messaging/senders/types';
import type { Db } from '../../store/db';
import type { Usage } from '../../usage/usage';

/** The key that pays, as recorded with each accepted message. */
export interface Payer {
  readonly workspaceId: string;
  readonly credentialId: string;
  readonly owner: 'own' | 'agency';
}

/** Retry timing: Retry-After when the provider gives one, else 1 s·2ⁿ up to a minute, with jitter. */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 50);
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** What the run must do after settling. */
export type Followup =
  | { readonly kind: 'none' }
  | { readonly kind: 'pause'; readonly status: number; readonly detail: string }
  | { readonly kind: 'hold'; readonly ms: number };

/** Applies one request's result to its rows (which are in 'sending'), in one transaction. */
export function settle(
  deps: {
    db: Db;
    outbox: Outbox;
    usage: Usage;
    dnc: DoNotContact;
    payer: Payer;
    sender: Sender;
    channel: CampaignChannel;
    maxAttempts: number;
    now: () => number;
  },
  rows: readonly MessageRow[],
  result: SendResult,
): Followup {
  const ids = rows.map((r) => r.id);
  // rows were read before markInFlight counted this attempt.
  const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
  return deps.db.transaction((): Followup => {
    switch (result.kind) {
      case 'accepted': {
        let units = 0;
        rows.forEach((row, index) => {
          const refused = result.refused?.get(index);
          if (refused !== undefined) deps.outbox.markFailed([row.id], refused, 'refused');
          else if (deps.outbox.markSent(row.id, result.ids[index] ?? '')) units += deps.channel === 'sms' ? row.segments : 1;
        });
        // SMS providers bill each segment as a message; usage counts billable messages.
        if (units > 0)
          deps.usage.record({
            workspaceId: deps.payer.workspaceId,
            provider: deps.sender.provider,
            credentialId: deps.payer.credentialId,
            owner: deps.payer.owner,
            unit: 'messages',
            amount: units,
          });
        return { kind: 'none' };
      }
      case 'rejected':
        deps.outbox.markFailed(ids, result.reason, 'refused');
        if (result.optOut)
          deps.dnc.add(
            { kind: 'workspace', workspaceId: deps.payer.workspaceId },
            rows.map((r) => r.recipient),
            'provider',
            'system',
            'replied STOP (reported by the provider)',
          );
        return { kind: 'none' };
      case 'auth':
        // Refused before anything was accepted: the rows may be sent as new requests once the key is fixed.
        deps.outbox.requeue(ids, deps.now(), null);
        return { kind: 'pause', status: result.status, detail: result.reason };
      case 'rate-limited': {
        const wait = backoffMs(attempts, result.retryAfterMs);
        // Not accepted. An idempotent batch keeps its key (same request again); a Twilio row is simply queued again.
        if (deps.sender.idempotent) deps.outbox.retryLater(ids, deps.now() + wait, 'rate limited by the provider');
        else deps.outbox.requeue(ids, deps.now() + wait, 'rate limited by the provider');
        return { kind: 'hold', ms: wait };
      }
      case 'unsent': {
        const wait = backoffMs(attempts);
        if (deps.sender.idempotent) deps.outbox.retryLater(ids, deps.now() + wait, result.reason);
        else deps.outbox.requeue(ids, deps.now() + wait, result.reason);
        return { kind: 'hold', ms: wait };
      }
      case 'transient': {
        const wait = backoffMs(attempts, result.retryAfterMs);
        deps.outbox.retryLater(ids, deps.now() + wait, result.reason);
        return result.retryAfterMs !== undefined ? { kind: 'hold', ms: wait } : { kind: 'none' };
      }
    }
  })();
}

/** Gives up on rows that used every attempt; returns true when it did. */
export function giveUp(outbox: Outbox, rows: readonly MessageRow[], maxAttempts: number): boolean {
  const first = rows[0];
  if (!first || first.attempts < maxAttempts) return false;
  outbox.markFailed(
    rows.map((r) => r.id),
    `gave up after ${first.attempts} attempts${first.error ? `: ${first.error}` : ''}`,
    'unconfirmed',
  );
  return true;
}
