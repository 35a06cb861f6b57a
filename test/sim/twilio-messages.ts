/**
 * The Twilio simulator's Messages resource, plugged into a running Twilio simulator with
 * addRoute: `POST …/Messages.json` (201 with a queued message, or Twilio's 400 codes: 21211 bad
 * number, 21610 unsubscribed recipient) and `GET …/Messages.json` filtered by To, From and
 * DateSent>= like Twilio, newest first, paged. It counts requests per second window and
 * messages per recipient, can take inbound STOP replies, and can revoke the auth token after
 * N accepted messages (every later request then meets a 401), or accept a message and answer 500.
 */
import { randomBytes } from 'node:crypto';
import { SendStats } from './rate-windows';
import { basicCredentials, type ProviderSim, tokenTag } from './server';
import { twilioError, type TwilioState } from './twilio';

/** A message the simulator holds (outbound accepted, or an inbound reply). */
export interface SimMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly direction: 'outbound-api' | 'inbound';
  readonly createdAt: number;
  /** Which auth token sent it (tokenTag of it; null for an inbound reply). */
  readonly tokenTag: string | null;
}

/** The Messages resource's state; tests read and steer it. */
export interface SimMessaging {
  readonly messages: SimMessage[];
  readonly stats: SendStats;
  /** Numbers that replied STOP: sending to them answers 21610. */
  readonly unsubscribed: Set<string>;
  /** Revoke the auth token once this many messages were accepted (null: never). */
  revokeAfter: number | null;
  /** When the token was revoked (ms), or null. */
  revokedAt: number | null;
  /** Accept the next N messages but answer 500, as if the answer was lost on the way back. */
  failAfterAccept: number;
  /** A reply from a recipient to one of the account's numbers (STOP unsubscribes them). */
  inbound(from: string, to: string, body: string): void;
  /**
   * Runs after a message is accepted and before it is answered, with its position (1-based): a
   * test pauses the conversation there (the sender waits for the answer) to act mid-campaign.
   */
  onAccepted: ((n: number) => Promise<void> | void) | null;
  /**
   * Runs when an authenticated send arrives, before anything else, with the tag of its token; the
   * token is checked again afterwards, so a test can hold requests in flight while it revokes one.
   */
  onArrival: ((tokenTag: string) => Promise<void> | void) | null;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const STOP = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|optout|revoke)\s*$/i;
const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');

function resource(accountSid: string, m: SimMessage): Record<string, unknown> {
  return {
    sid: m.sid,
    account_sid: accountSid,
    to: m.to,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    body: m.body,
    status: m.direction === 'inbound' ? 'received' : 'queued',
    direction: m.direction,
    num_segments: '1',
    date_created: rfc2822(m.createdAt),
    date_updated: rfc2822(m.createdAt),
    date_sent: rfc2822(m.createdAt),
    price: null,
    error_code: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
  };
}

/** Serves Messages on a Twilio simulator. */
export function serveMessages(sim: ProviderSim<TwilioState>, opts: { limitPerSecond?: number } = {}): SimMessaging {
  const state: SimMessaging = {
    messages: [],
    stats: new SendStats(opts.limitPerSecond ?? null),
    unsubscribed: new Set(),
    revokeAfter: null,
    revokedAt: null,
    failAfterAccept: 0,
    onAccepted: null,
    onArrival: null,
    inbound(from, to, body) {
      state.messages.push({
        sid: `SM${randomBytes(16).toString('hex')}`,
        to,
        from,
        messagingServiceSid: null,
        body,
        direction: 'inbound',
        createdAt: Date.now(),
        tokenTag: null,
      });
      if (STOP.test(body)) state.unsubscribed.add(from);
    },
  };
  let accepted = 0;

  sim.addRoute({
    method: 'POST',
    path: '/2010-04-01/Accounts/:sid/Messages.json',
    handle: async (req, s) => {
      const token = basicCredentials(req)?.password ?? '';
      if (state.onArrival) {
        await state.onArrival(tokenTag(token));
        // Revoked while it waited: refused like any request with that token now.
        if (token !== s.authToken && token !== s.secondaryAuthToken) return twilioError(401, 20003, 'Authenticate');
      }
      state.stats.hit();
      if (req.params.sid !== s.accountSid) return twilioError(404, 20404, 'The requested resource was not found');
      const form = new URLSearchParams(req.body);
      const to = form.get('To') ?? '';
      const body = form.get('Body') ?? '';
      const mg = form.get('MessagingServiceSid');
      const from = mg ? (s.numbers[0]?.phoneNumber ?? '') : (form.get('From') ?? '');
      if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
      if (mg && !s.services.some((x) => x.sid === mg)) return twilioError(400, 21705, 'The Messaging Service Sid is invalid.');
      if (!mg && !s.numbers.some((n) => n.phoneNumber === from && n.capabilities.sms))
        return twilioError(
          400,
          21606,
          `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        );
      if (!body) return twilioError(400, 21602, 'Message body is required.');
      if (state.unsubscribed.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
      const m: SimMessage = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to,
        from,
        messagingServiceSid: mg,
        body,
        direction: 'outbound-api',
        createdAt: Date.now(),
        tokenTag: tokenTag(token),
      };
      state.messages.push(m);
      state.stats.deliver(to);
      accepted += 1;
      await state.onAccepted?.(accepted);
      if (state.revokeAfter !== null && accepted >= state.revokeAfter && state.revokedAt === null) {
        // The client rotates the token in the Twilio console: every later request is refused.
        s.authToken = randomBytes(16).toString('hex');
        state.revokedAt = Date.now();
      }
      if (state.failAfterAccept > 0) {
        state.failAfterAccept -= 1;
        return twilioError(500, 20500, 'Internal Server Error');
      }
      return { status: 201, json: resource(s.accountSid, m) };
    },
  });

  sim.addRoute({
    method: 'GET',
    path: '/2010-04-01/Accounts/:sid/Messages.json',
    handle: (req, s) => {
      if (req.params.sid !== s.accountSid) return twilioError(404, 20404, 'The requested resource was not found');
      const to = req.query.get('To');
      const from = req.query.get('From');
      const sentAfter = req.query.get('DateSent>');
      const since = sentAfter ? Date.parse(`${sentAfter.slice(0, 10)}T00:00:00Z`) : null;
      const size = Math.min(Number(req.query.get('PageSize') ?? 50) || 50, 1000);
      const page = Number(req.query.get('Page') ?? 0) || 0;
      const found = state.messages
        .filter((m) => (!to || m.to === to) && (!from || m.from === from) && (since === null || m.createdAt >= since))
        .sort((a, b) => b.createdAt - a.createdAt);
      const slice = found.slice(page * size, (page + 1) * size);
      const uri = `/2010-04-01/Accounts/${s.accountSid}/Messages.json`;
      const query = new URLSearchParams(req.query);
      query.set('Page', String(page + 1));
      query.set('PageSize', String(size));
      return {
        status: 200,
        json: {
          messages: slice.map((m) => resource(s.accountSid, m)),
          page,
          page_size: size,
          uri,
          first_page_uri: uri,
          next_page_uri: (page + 1) * size < found.length ? `${uri}?${query.toString()}` : null,
          previous_page_uri: null,
        },
      };
    },
  });
  return state;
}
