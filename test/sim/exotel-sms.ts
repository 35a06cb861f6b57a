/**
 * The Exotel simulator's SMS resource, plugged into a running Exotel simulator with addRoute:
 * `POST /v1/Accounts/:sid/Sms/send.json` (form From, To, Body; Basic apiKey:apiToken, checked by
 * the simulator's authorize) answering `{ SMSMessage: { Sid, Status: 'queued' } }`, or a 400
 * RestException for a bad number or an unknown sender. It counts requests per second window and
 * messages per recipient, and can revoke the API token after N accepted messages (every later
 * request then meets a 401), or accept a message and answer 500.
 */
import { randomBytes } from 'node:crypto';
import type { ExotelState } from './exotel';
import { SendStats } from './rate-windows';
import type { ProviderSim, SimResponse } from './server';

/** A message the simulator accepted. */
export interface ExotelSimSms {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly createdAt: number;
}

/** The SMS resource's state; tests read and steer it. */
export interface ExotelSimMessaging {
  readonly messages: ExotelSimSms[];
  readonly stats: SendStats;
  /** Revoke the API token once `messages` holds this many (null: never); tests empty `messages` between cases. */
  revokeAfter: number | null;
  /** When the token was revoked (ms), or null. */
  revokedAt: number | null;
  /** Accept the next N messages but answer 500, as if the answer was lost on the way back. */
  failAfterAccept: number;
}

const PHONE = /^\+?[0-9]{6,15}$/;
/** Exotel compares Indian numbers written several ways (+91…, 0…, bare): the last ten digits. */
const tail = (s: string): string => s.replace(/\D/g, '').slice(-10);

/** Exotel's v1 error envelope. */
function restException(status: number, code: number, message: string): SimResponse {
  return { status, json: { RestException: { Status: status, Code: code, Message: message } } };
}

/** Serves SMS on an Exotel simulator. */
export function serveExotelSms(sim: ProviderSim<ExotelState>, opts: { limitPerSecond?: number } = {}): ExotelSimMessaging {
  const state: ExotelSimMessaging = {
    messages: [],
    stats: new SendStats(opts.limitPerSecond ?? null),
    revokeAfter: null,
    revokedAt: null,
    failAfterAccept: 0,
  };
  sim.addRoute({
    method: 'POST',
    path: '/v1/Accounts/:sid/Sms/send.json',
    handle: (req, s) => {
      state.stats.hit();
      if (req.params.sid !== s.sid) return restException(403, 403, 'Not authorized for this account');
      const form = new URLSearchParams(req.body);
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? '';
      const body = form.get('Body') ?? '';
      if (!PHONE.test(to)) return restException(400, 10016, `Invalid 'To' number: ${to}`);
      if (!s.exoPhones.some((p) => tail(p.phone_number) === tail(from) && p.capabilities.sms))
        return restException(400, 10017, `${from} is not an SMS-capable ExoPhone of this account`);
      if (!body) return restException(400, 10015, 'Body is required');
      const m: ExotelSimSms = { sid: randomBytes(16).toString('hex'), to, from, body, createdAt: Date.now() };
      state.messages.push(m);
      state.stats.deliver(to);
      if (state.revokeAfter !== null && state.messages.length >= state.revokeAfter && state.revokedAt === null) {
        // The client regenerates the token in Exotel's API settings: every later request is refused.
        s.apiToken = randomBytes(20).toString('hex');
        state.revokedAt = Date.now();
      }
      if (state.failAfterAccept > 0) {
        state.failAfterAccept -= 1;
        return restException(500, 500, 'Internal error');
      }
      return {
        status: 200,
        json: {
          SMSMessage: {
            Sid: m.sid,
            AccountSid: s.sid,
            From: from,
            To: to,
            Body: body,
            Status: 'queued',
            DateCreated: new Date(m.createdAt).toISOString(),
          },
        },
      };
    },
  });
  return state;
}
