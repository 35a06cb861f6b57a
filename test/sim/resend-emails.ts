/**
 * The Resend simulator's sending routes, plugged in with addRoute: `POST /emails/batch` (up to
 * 100 e-mails) and `POST /emails`, with Resend's default limit of 2 requests a second (429 and
 * retry-after beyond it) and Idempotency-Key: a repeated key with the same body answers the
 * first response again without sending; with another body, 409 invalid_idempotent_request.
 * Batch validation as Resend does it: strict by default (one invalid e-mail fails the batch with
 * 422), or `x-batch-validation: permissive` (valid e-mails go, the rest come back in `errors`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { SendStats } from './rate-windows';
import { resendAuthError, resendError, type ResendState } from './resend';
import { type ProviderSim, type SimResponse, tokenTag } from './server';

/** An e-mail the simulator accepted. */
export interface SimEmail {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Which API key sent it (tokenTag of it). */
  readonly keyTag: string;
}

/** The sending side's state; tests read and steer it. */
export interface SimEmails {
  readonly emails: SimEmail[];
  readonly stats: SendStats;
  /** Requests answered from the idempotency store (repeats, nothing sent). */
  replays: number;
  /** Replace the API key once this many e-mails were accepted (null: never). */
  revokeAfter: number | null;
  revokedAt: number | null;
  /** Accept the next N requests but answer 500, as if the answer was lost on the way back. */
  failAfterAccept: number;
  /** Recipients Resend refuses as invalid (its validation is stricter than a format check). */
  readonly refuse: Set<string>;
  /** Runs after a request's e-mails are accepted and before it is answered, with the count so far: a test acts mid-campaign there. */
  onAccepted: ((emails: number) => Promise<void> | void) | null;
}

interface Draft {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  text?: unknown;
  html?: unknown;
}

function validate(d: Draft, refuse: ReadonlySet<string>): string | null {
  if (typeof d.from !== 'string' || !d.from.includes('@')) return 'The `from` field must be a valid email address.';
  const to = Array.isArray(d.to) ? d.to : [d.to];
  if (to.length === 0 || to.length > 50 || !to.every((t) => typeof t === 'string' && t.includes('@')))
    return 'The `to` field must be an email address or a list of up to 50.';
  if (to.some((t) => refuse.has(t as string)))
    return 'Invalid `to` field. The email address needs to follow the `email@example.com` format.';
  if (typeof d.subject !== 'string' || !d.subject) return 'The `subject` field is required.';
  if (typeof d.text !== 'string' && typeof d.html !== 'string') return 'Either `text` or `html` is required.';
  return null;
}

/** Serves /emails and /emails/batch on a Resend simulator. */
export function serveEmails(sim: ProviderSim<ResendState>, opts: { limitPerSecond?: number } = {}): SimEmails {
  const state: SimEmails = {
    emails: [],
    stats: new SendStats(opts.limitPerSecond ?? 2),
    replays: 0,
    revokeAfter: null,
    revokedAt: null,
    failAfterAccept: 0,
    refuse: new Set(),
    onAccepted: null,
  };
  const idempotency = new Map<string, { hash: string; response: SimResponse | null }>();

  const handle =
    (batch: boolean) =>
    async (req: { headers: Record<string, string | string[] | undefined>; body: string }, s: ResendState): Promise<SimResponse> => {
      const denied = resendAuthError(req, s, true);
      if (denied) return denied;
      if (state.stats.hit())
        return {
          ...resendError(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'),
          headers: { 'retry-after': '1' },
        };
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      const hash = createHash('sha256').update(req.body).digest('hex');
      if (key) {
        const seen = idempotency.get(key);
        if (seen && seen.hash !== hash)
          return resendError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        if (seen && !seen.response)
          return resendError(
            409,
            'concurrent_idempotent_requests',
            'Same idempotency key used while original request is still in progress.',
          );
        if (seen?.response) {
          state.replays += 1;
          return seen.response;
        }
      }
      let drafts: Draft[];
      try {
        const parsed = JSON.parse(req.body) as unknown;
        drafts = batch ? (parsed as Draft[]) : [parsed as Draft];
        if (!Array.isArray(drafts)) throw new Error('not a list');
      } catch {
        return resendError(422, 'validation_error', 'Invalid JSON body.');
      }
      if (drafts.length === 0 || drafts.length > 100)
        return resendError(422, 'validation_error', 'The batch must contain between 1 and 100 emails.');
      const permissive = batch && req.headers['x-batch-validation'] === 'permissive';
      const errors: { index: number; message: string }[] = [];
      drafts.forEach((d, index) => {
        const problem = validate(d, state.refuse);
        if (problem) errors.push({ index, message: problem });
      });
      if (errors.length > 0 && !permissive) return resendError(422, 'validation_error', errors[0]?.message ?? '');
      if (key) idempotency.set(key, { hash, response: null });
      const ids: string[] = [];
      for (const [index, d] of drafts.entries()) {
        if (errors.some((e) => e.index === index)) continue;
        for (const to of (Array.isArray(d.to) ? d.to : [d.to]) as string[]) {
          const e: SimEmail = {
            id: randomUUID(),
            from: d.from as string,
            to,
            subject: d.subject as string,
            text: (d.text as string | undefined) ?? '',
            keyTag: tokenTag(String(req.headers.authorization ?? '').slice(7)),
          };
          state.emails.push(e);
          state.stats.deliver(to);
          ids.push(e.id);
        }
      }
      if (state.revokeAfter !== null && state.emails.length >= state.revokeAfter && state.revokedAt === null) {
        s.apiKey = `re_Revoked_${randomUUID().replace(/-/g, '')}`;
        state.revokedAt = Date.now();
      }
      if (ids.length > 0) await state.onAccepted?.(state.emails.length);
      const data = ids.map((id) => ({ id }));
      const response: SimResponse = { status: 200, json: batch ? (permissive ? { data, errors } : { data }) : { id: ids[0] } };
      if (key) idempotency.set(key, { hash, response });
      if (state.failAfterAccept > 0) {
        state.failAfterAccept -= 1;
        return resendError(500, 'application_error', 'Internal server error');
      }
      return response;
    };

  sim.addRoute({ method: 'POST', path: '/emails/batch', handle: handle(true) });
  sim.addRoute({ method: 'POST', path: '/emails', handle: handle(false) });
  return state;
}
