/**
 * Twilio simulator: Accounts, IncomingPhoneNumbers and Messaging Services, in the 2010-04-01 and
 * messaging v1 shapes. Like Twilio, an account may have a secondary auth token beside its primary
 * one while a rotation is under way; both authenticate until the secondary is promoted.
 */
import { basicCredentials, startProvider, type ProviderSim, type Route, type SimResponse, type SimSpec } from './server';

/** A phone number the simulated account owns. */
export interface TwilioNumber {
  readonly sid: string;
  readonly phoneNumber: string;
  readonly capabilities: { readonly sms: boolean; readonly voice: boolean; readonly mms: boolean };
  /** Its voice configuration as the API names it (twilio-numbers.ts changes it); a new number's defaults when absent. */
  voice?: TwilioVoiceConfig;
}

/** The voice fields of an IncomingPhoneNumber, in Twilio's JSON names. */
export interface TwilioVoiceConfig {
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  voice_application_sid: string | null;
  trunk_sid: string | null;
  status_callback: string | null;
  status_callback_method: string;
  voice_receive_mode: 'voice' | 'fax';
  voice_caller_id_lookup: boolean;
}

/** A number Twilio has just sold: its voice URL is Twilio's demo greeting. */
export function defaultVoiceConfig(): TwilioVoiceConfig {
  return {
    voice_url: 'https://demo.twilio.com/welcome/voice/',
    voice_method: 'POST',
    voice_fallback_url: null,
    voice_fallback_method: 'POST',
    voice_application_sid: null,
    trunk_sid: null,
    status_callback: null,
    status_callback_method: 'POST',
    voice_receive_mode: 'voice',
    voice_caller_id_lookup: false,
  };
}

/** An IncomingPhoneNumber resource as Twilio's API returns it. */
export function numberJson(n: TwilioNumber, accountSid: string): Record<string, unknown> {
  return {
    sid: n.sid,
    account_sid: accountSid,
    phone_number: n.phoneNumber,
    friendly_name: n.phoneNumber,
    capabilities: n.capabilities,
    status: 'in-use',
    ...(n.voice ?? defaultVoiceConfig()),
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  };
}

/** The simulated account; tests mutate it. */
export interface TwilioState {
  accountSid: string;
  authToken: string;
  /** Twilio's secondary auth token (created in the console to rotate), or null. */
  secondaryAuthToken: string | null;
  status: 'active' | 'suspended' | 'closed';
  type: 'Trial' | 'Full';
  numbers: TwilioNumber[];
  services: { sid: string; friendlyName: string }[];
}

/** Twilio's error body: {code, message, more_info, status}. */
export function twilioError(status: number, code: number, message: string): SimResponse {
  return { status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

const CODES: Readonly<Record<number, [number, string]>> = {
  401: [20003, 'Authenticate'],
  403: [20403, 'Forbidden'],
  404: [20404, 'The requested resource was not found'],
  429: [20429, 'Too Many Requests'],
};

const spec = (routes: Route<TwilioState>[]): SimSpec<TwilioState> => ({
  id: 'twilio',
  routes,
  authorize: (req, s) => {
    const c = basicCredentials(req);
    return (
      c?.user === s.accountSid && (c.password === s.authToken || (s.secondaryAuthToken !== null && c.password === s.secondaryAuthToken))
    );
  },
  error: (status) => {
    const [code, message] = CODES[status] ?? [20500, 'Internal Server Error'];
    return twilioError(status, code, message);
  },
});

/** Twilio's routes; add more (e.g. Messages) with sim.addRoute or by pushing here before starting. */
export const twilioRoutes: Route<TwilioState>[] = [
  {
    method: 'GET',
    path: '/2010-04-01/Accounts/:sid.json',
    handle: (req, s) =>
      req.params.sid !== s.accountSid
        ? twilioError(404, 20404, 'The requested resource was not found')
        : {
            status: 200,
            // The real resource carries the auth token; the simulator does too, so leaks would show in tests.
            json: {
              sid: s.accountSid,
              friendly_name: 'Example agency',
              status: s.status,
              type: s.type,
              auth_token: s.authToken,
              owner_account_sid: s.accountSid,
              date_created: 'Mon, 06 Jan 2025 10:00:00 +0000',
              uri: `/2010-04-01/Accounts/${s.accountSid}.json`,
            },
          },
  },
  {
    method: 'GET',
    path: '/2010-04-01/Accounts/:sid/IncomingPhoneNumbers.json',
    handle: (req, s) => {
      const wanted = req.query.get('PhoneNumber');
      const found = s.numbers.filter((n) => !wanted || n.phoneNumber === wanted);
      const uri = `/2010-04-01/Accounts/${s.accountSid}/IncomingPhoneNumbers.json`;
      return {
        status: 200,
        json: {
          incoming_phone_numbers: found.map((n) => numberJson(n, s.accountSid)),
          page: 0,
          page_size: Number(req.query.get('PageSize') ?? 50),
          start: 0,
          end: Math.max(0, found.length - 1),
          uri,
          first_page_uri: uri,
          next_page_uri: null,
          previous_page_uri: null,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/Services/:sid',
    handle: (req, s) => {
      const svc = s.services.find((x) => x.sid === req.params.sid);
      return svc
        ? { status: 200, json: { sid: svc.sid, account_sid: s.accountSid, friendly_name: svc.friendlyName } }
        : twilioError(404, 20404, 'The requested resource was not found');
    },
  },
];

/** A fresh Full, active account owning one SMS+voice number. */
export function defaultTwilioState(): TwilioState {
  return {
    accountSid: 'AC' + 'a1'.repeat(16),
    authToken: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
    secondaryAuthToken: null,
    status: 'active',
    type: 'Full',
    numbers: [{ sid: 'PN' + '0'.repeat(32), phoneNumber: '+15005550006', capabilities: { sms: true, voice: true, mms: false } }],
    services: [{ sid: 'MG' + 'b2'.repeat(16), friendlyName: 'Campaigns' }],
  };
}

/** Starts the Twilio simulator. */
export function startTwilioSim(state: Partial<TwilioState> = {}): Promise<ProviderSim<TwilioState>> {
  return startProvider(
    spec(twilioRoutes),
    { ...defaultTwilioState(), ...state },
    (s) => ({ accountSid: s.accountSid, authToken: s.authToken, phoneNumber: s.numbers[0]?.phoneNumber ?? '+15005550006' }),
    ['authToken'],
  );
}

/** Twilio's "promote the secondary token": it becomes the primary, and the old primary stops working. */
export function promoteSecondary(s: TwilioState): void {
  if (s.secondaryAuthToken === null) throw new Error('no secondary token to promote');
  s.authToken = s.secondaryAuthToken;
  s.secondaryAuthToken = null;
}
