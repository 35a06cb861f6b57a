/**
 * The Twilio simulator's inbound side: `POST …/IncomingPhoneNumbers/{sid}.json` changes a number's
 * voice configuration as Twilio does (form fields named as the API names them, unknown sids 404,
 * bad methods, modes and URLs refused with Twilio's codes), and `ringNumber` plays a caller dialling
 * the number: Twilio's signed webhook to the VoiceUrl with the fields its voice request carries, the
 * VoiceFallbackUrl when the VoiceUrl fails, and, for <Connect><Stream> TwiML, the media stream; for
 * <Say>/<Dial> TwiML, what the caller would hear.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { CarrierVoiceSim, type CarrierVoiceOptions } from './carrier-voice';
import type { ProviderSim } from './server';
import { parseStreamTwiml, type SimCall } from './twilio-calls';
import { defaultVoiceConfig, numberJson, twilioError, type TwilioState, type TwilioVoiceConfig } from './twilio';

/** The form fields of an update, as Twilio names them, and the JSON field each sets. */
const FIELDS: Readonly<Record<string, keyof TwilioVoiceConfig>> = {
  VoiceUrl: 'voice_url',
  VoiceMethod: 'voice_method',
  VoiceFallbackUrl: 'voice_fallback_url',
  VoiceFallbackMethod: 'voice_fallback_method',
  VoiceApplicationSid: 'voice_application_sid',
  TrunkSid: 'trunk_sid',
  StatusCallback: 'status_callback',
  StatusCallbackMethod: 'status_callback_method',
  VoiceReceiveMode: 'voice_receive_mode',
  VoiceCallerIdLookup: 'voice_caller_id_lookup',
};
const METHODS = new Set(['GET', 'POST']);
const OTHER_FIELDS = new Set([
  'FriendlyName',
  'SmsUrl',
  'SmsMethod',
  'SmsFallbackUrl',
  'SmsFallbackMethod',
  'SmsApplicationSid',
  'AccountSid',
]);

/** Serves number updates on a Twilio simulator; every update is recorded. */
export function serveNumbers(sim: ProviderSim<TwilioState>): { updates: Record<string, string>[] } {
  const updates: Record<string, string>[] = [];
  sim.addRoute({
    method: 'POST',
    path: '/2010-04-01/Accounts/:sid/IncomingPhoneNumbers/:pn.json',
    handle: (req, s) => {
      const number = s.numbers.find((n) => n.sid === req.params.pn);
      if (req.params.sid !== s.accountSid || !number) return twilioError(404, 20404, 'The requested resource was not found');
      const form = new URLSearchParams(req.body);
      const next: TwilioVoiceConfig = { ...(number.voice ?? defaultVoiceConfig()) };
      for (const [name, value] of form) {
        const field = FIELDS[name];
        if (!field) {
          if (OTHER_FIELDS.has(name)) continue;
          return twilioError(400, 20001, `Unknown parameter ${name}`);
        }
        if ((name.endsWith('Method') && !METHODS.has(value)) || (name === 'VoiceReceiveMode' && value !== 'voice' && value !== 'fax'))
          return twilioError(400, 21626, `Invalid ${name}`);
        if (name.endsWith('Url') || name === 'StatusCallback') {
          if (value !== '' && !/^https?:\/\/[^\s]+$/.test(value)) return twilioError(400, 21502, `Invalid ${name}`);
        }
        if (name === 'VoiceApplicationSid' && value !== '' && !/^AP[0-9a-f]{32}$/.test(value))
          return twilioError(400, 21407, 'Invalid ApplicationSid');
        if (name === 'TrunkSid' && value !== '' && !/^TK[0-9a-f]{32}$/.test(value)) return twilioError(400, 21414, 'Invalid TrunkSid');
        if (name === 'VoiceCallerIdLookup') {
          if (value !== 'true' && value !== 'false') return twilioError(400, 20001, 'Invalid VoiceCallerIdLookup');
          next.voice_caller_id_lookup = value === 'true';
        } else if (name === 'VoiceReceiveMode') next.voice_receive_mode = value as 'voice' | 'fax';
        // An empty value clears a field (Twilio stores null for the URLs and sids).
        else (next as unknown as Record<string, string | null>)[field] = value === '' && !name.endsWith('Method') ? null : value;
        // "Setting a voice_application_sid will automatically delete your trunk_sid and vice versa."
        if (name === 'VoiceApplicationSid' && value !== '') next.trunk_sid = null;
        if (name === 'TrunkSid' && value !== '') next.voice_application_sid = null;
      }
      number.voice = next;
      updates.push(Object.fromEntries(form));
      return { status: 200, json: numberJson(number, s.accountSid) };
    },
  });
  return { updates };
}

/** What a caller got when the number rang. */
export type Rang =
  | { readonly kind: 'stream'; readonly callSid: string; readonly media: CarrierVoiceSim; readonly url: string }
  | { readonly kind: 'said'; readonly callSid: string; readonly said: string[]; readonly dialled: string | null; readonly url: string }
  | { readonly kind: 'failed'; readonly callSid: string; readonly why: string };

/** How a caller rings. */
export interface RingOptions {
  readonly from: string;
  /** Sign the webhook with this token instead of the account's (a forged request). */
  readonly signWith?: string;
  /** Fetches an https URL that is not the runner's (Twilio's own TwiML hosts, e.g. the echo twimlet): the default reads its Twiml query. */
  readonly fetchExternal?: (url: string) => Promise<string | null>;
  /** Passed on to the carrier simulator (pace, signature mode, mark echo). */
  readonly media?: Partial<CarrierVoiceOptions>;
  /** The simulator's call list (serveCalls): an answered call joins it, so the REST API can fetch and hang it up. */
  readonly calls?: SimCall[];
}

/** What Twilio's Echo twimlet serves: the TwiML in its `Twiml` query. */
export async function echoTwimlet(url: string): Promise<string | null> {
  const parsed = new URL(url);
  if (parsed.hostname !== 'twimlets.com' || parsed.pathname !== '/echo') return null;
  return parsed.searchParams.get('Twiml');
}

/**
 * Plays a caller dialling one of the account's numbers, as Twilio does: a signed request to the
 * VoiceUrl with the voice request's fields; on a failure (unreachable, non-2xx, not TwiML) the
 * VoiceFallbackUrl; then what the TwiML does.
 */
export async function ringNumber(sim: ProviderSim<TwilioState>, phoneNumber: string, o: RingOptions): Promise<Rang> {
  const number = sim.state.numbers.find((n) => n.phoneNumber === phoneNumber);
  if (!number) throw new Error(`The simulated account has no number ${phoneNumber}.`);
  const config = number.voice ?? defaultVoiceConfig();
  const callSid = `CA${randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    AccountSid: sim.state.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: phoneNumber,
    Caller: o.from,
    Direction: 'inbound',
    From: o.from,
    To: phoneNumber,
  };
  const fetchTwiml = async (url: string | null, method: string): Promise<string | null> => {
    if (!url) return null;
    const external = await (o.fetchExternal ?? echoTwimlet)(url);
    if (external !== null) return external;
    const signature = twilio.getExpectedTwilioSignature(o.signWith ?? sim.state.authToken, url, method === 'GET' ? {} : params);
    try {
      const target = method === 'GET' ? `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(params)}` : url;
      const res = await fetch(target, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        ...(method === 'GET' ? {} : { body: new URLSearchParams(params).toString() }),
      });
      const text = await res.text();
      return res.ok && /<Response[\s>]/.test(text) ? text : null;
    } catch {
      return null;
    }
  };
  let url = config.voice_url ?? '';
  let twiml = await fetchTwiml(config.voice_url, config.voice_method);
  if (twiml === null) {
    url = config.voice_fallback_url ?? '';
    twiml = await fetchTwiml(config.voice_fallback_url, config.voice_fallback_method);
  }
  if (twiml === null) return { kind: 'failed', callSid, why: 'An application error has occurred.' };
  const stream = parseStreamTwiml(twiml);
  if (stream) {
    o.calls?.push({
      sid: callSid,
      accountSid: sim.state.accountSid,
      to: phoneNumber,
      from: o.from,
      twiml: null,
      url,
      status: 'queued',
      statusCallback: null,
      statusCallbackEvents: [],
      machineDetection: null,
      asyncAmd: false,
      asyncAmdStatusCallback: null,
      beepEndedAt: null,
      sequence: 0,
      hungUp: false,
      state: 'in-progress',
      answeredBy: null,
      duration: null,
      createdAt: Date.now(),
      streams: [],
      keysPlayed: [],
      warnings: [],
      mediaOptions: { ...o.media },
      parentSid: null,
      direction: 'inbound',
      media: null,
      answeredAt: Date.now(),
      ringSeconds: 0,
      twimlRuns: [],
    });
    const media = await CarrierVoiceSim.connect({
      streamUrl: stream.url,
      token: stream.params.token ?? null,
      callSid,
      authToken: sim.state.authToken,
      ...o.media,
    });
    media.start();
    const recorded = o.calls?.find((c) => c.sid === callSid);
    recorded?.streams.push(media);
    if (recorded) recorded.media = media;
    return { kind: 'stream', callSid, media, url };
  }
  const said = [...twiml.matchAll(/<Say[^>]*>([\s\S]*?)<\/Say>/g)].map((m) => unescapeXml(m[1] ?? ''));
  const dialled = /<Dial[^>]*>([^<]+)<\/Dial>/.exec(twiml)?.[1] ?? null;
  return { kind: 'said', callSid, said, dialled, url };
}

function unescapeXml(v: string): string {
  return v
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
