/** The port every messaging provider implements: send one request's worth of messages, and say plainly what happened. */
import type { ProviderId } from '../../../../shared/providers/types';

/** A message as a sender needs it. */
export interface Outgoing {
  readonly id: number;
  readonly recipient: string;
  readonly subject: string | null;
  readonly body: string;
}

/** What one request came to. */
export type SendResult =
  /**
   * Accepted: one provider id per message, in order. A batch may be accepted in part: the
   * messages the provider refused (by their index in the batch) fail with its reason, the rest are sent.
   */
  | { readonly kind: 'accepted'; readonly ids: readonly string[]; readonly refused?: ReadonlyMap<number, string> }
  /** Refused for good (bad number, unsubscribed recipient…): these messages fail, the campaign goes on. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly optOut?: boolean }
  /** The key itself was refused (401/403): the campaign pauses and sends nothing more. */
  | { readonly kind: 'auth'; readonly status: number; readonly reason: string }
  /** Not accepted; try again after the wait (Retry-After when given). */
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number | undefined }
  /** The request never left (unknown host, refused connection): nothing can have been accepted; try again later. */
  | { readonly kind: 'unsent'; readonly reason: string }
  /** 5xx, a timeout or a broken connection: the request may or may not have been accepted. */
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number };

/** What looking up an in-flight message at the provider found. */
export type LookupResult =
  | { readonly kind: 'found'; readonly id: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly reason: string }
  /** The key was refused (401/403) while asking: the campaign pauses; the message stays in doubt. */
  | { readonly kind: 'auth'; readonly status: number; readonly reason: string };

/** A provider's sending side, bound to one resolved key. */
export interface Sender {
  readonly provider: ProviderId;
  /** Messages per request (Resend's batch endpoint takes 100). */
  readonly maxBatch: number;
  /** The sending identity the rate limit belongs to (a number, a Messaging Service, a from-address). */
  readonly senderKey: string;
  /** Requests per second when the campaign sets none. */
  readonly defaultRate: number;
  /** How the default rate was chosen, for status output ("toll-free number: 3/s"). */
  readonly rateNote: string;
  /** Whether repeating a request with the same idempotency key is safe (no second send). */
  readonly idempotent: boolean;
  /** How long the provider remembers an idempotency key (a repeat after that could send twice). */
  readonly idempotencyTtlMs?: number;
  send(batch: readonly Outgoing[], idempotencyKey: string, signal: AbortSignal): Promise<SendResult>;
  /** Numbers that replied STOP (or another opt-out word) to this sender since `since` (Twilio). */
  inboundOptOuts?(since: number, signal: AbortSignal): Promise<readonly string[]>;
  /** Non-idempotent providers (Twilio): whether a message that was in flight was accepted. */
  lookup?(msg: Outgoing, inflightAt: number, isKnown: (providerId: string) => boolean, signal: AbortSignal): Promise<LookupResult>;
}
