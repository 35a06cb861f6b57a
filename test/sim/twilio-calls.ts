/**
 * The Twilio simulator's outbound-call route, `POST /2010-04-01/Accounts/{sid}/Calls.json`, plugged
 * into a running Twilio simulator with addRoute so its route table and state stay as they are.
 * It answers like Twilio: 201 with a queued call, or 400 with Twilio's error codes.
 */
import { randomBytes } from 'node:crypto';
import type { ProviderSim } from './server';
import { twilioError, type TwilioState } from './twilio';

/** A call the simulator accepted. */
export interface SimCall {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  readonly from: string;
  /** The TwiML sent with the call (or null when a Url was given instead). */
  readonly twiml: string | null;
  readonly url: string | null;
  readonly status: 'queued';
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Serves outbound calls on a Twilio simulator; returns the list the calls are recorded in. */
export function serveCalls(sim: ProviderSim<TwilioState>): SimCall[] {
  const calls: SimCall[] = [];
  sim.addRoute({
    method: 'POST',
    path: '/2010-04-01/Accounts/:sid/Calls.json',
    handle: (req, s) => {
      if (req.params.sid !== s.accountSid) return twilioError(404, 20404, 'The requested resource was not found');
      const form = new URLSearchParams(req.body);
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? '';
      const twiml = form.get('Twiml');
      const url = form.get('Url');
      if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
      const number = s.numbers.find((n) => n.phoneNumber === from);
      if (!number) return twilioError(400, 21210, `The source phone number provided, ${from}, is not yet verified for your account.`);
      if (!number.capabilities.voice) return twilioError(400, 21210, `The source phone number provided, ${from}, cannot make voice calls.`);
      if (!twiml && !url) return twilioError(400, 21205, 'Url, Twiml or ApplicationSid is required.');
      const call: SimCall = { sid: `CA${randomBytes(16).toString('hex')}`, accountSid: s.accountSid, to, from, twiml, url, status: 'queued' };
      calls.push(call);
      const now = new Date().toUTCString();
      return {
        status: 201,
        json: {
          sid: call.sid,
          account_sid: s.accountSid,
          to,
          to_formatted: to,
          from,
          from_formatted: from,
          status: 'queued',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: now,
          date_updated: now,
          start_time: null,
          end_time: null,
          duration: null,
          price: null,
          price_unit: 'USD',
          uri: `/2010-04-01/Accounts/${s.accountSid}/Calls/${call.sid}.json`,
        },
      };
    },
  });
  return calls;
}
