/**
 * The Exotel simulator's streamed-call route, plugged into a running Exotel simulator with addRoute:
 * `POST /v1/Accounts/:sid/Calls/connect.json` (form From, CallerId, StreamUrl, StreamType,
 * StatusCallback, StatusCallbackEvents[] or StatusCallbackEvents[n], TimeOut, TimeLimit; Basic apiKey:apiToken, checked by the
 * simulator's authorize) answers `{ Call: { Sid, Status: 'in-progress', … } }` or a 400
 * RestException. Every accepted call is recorded. `answerExotelCall` then plays the callee: the
 * `answered` status callback and a Voicebot media stream to the StreamUrl, with the URL's query
 * parameters as `start.custom_parameters` (as the Voicebot applet does) and on the socket request
 * URL (as Exotel's sample bridges expect), or in only one of the two; `completeExotelCall` posts
 * the terminal callback. Exotel signs none of its callbacks.
 */
import { randomBytes } from 'node:crypto';
import { CarrierVoiceSim, type CarrierVoiceOptions } from './carrier-voice';
import type { ExotelState } from './exotel';
import type { ProviderSim, SimResponse } from './server';

/** A call the simulator accepted. */
export interface ExotelSimCall {
  readonly sid: string;
  /** The number dialled (Exotel's From). */
  readonly from: string;
  readonly callerId: string;
  readonly streamUrl: string;
  readonly streamType: string;
  readonly statusCallback: string | null;
  readonly statusCallbackEvents: readonly string[];
  readonly timeOut: string | null;
  readonly timeLimit: string | null;
  /** The raw form, for assertions on what else was sent. */
  readonly form: Readonly<Record<string, string>>;
}

const PHONE = /^\+?[0-9]{6,15}$/;
const NAMES = [
  'From',
  'CallerId',
  'StreamUrl',
  'StreamType',
  'StatusCallback',
  'StatusCallbackEvents',
  'TimeOut',
  'TimeLimit',
  'Record',
  'RecordingChannels',
  'CustomField',
  'StreamName',
  'CallType',
];
/** A form field as Exotel's capitalised spelling, whichever case it was sent in. */
const canonical = (k: string): string => {
  const [name = '', index = ''] = /^([^[]+)(\[\d*\])?$/.exec(k)?.slice(1) ?? [k];
  const known = NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  return known ? `${known}${index}` : k;
};
const tail = (s: string): string => s.replace(/\D/g, '').slice(-10);

/** Exotel's v1 error envelope. */
function restException(status: number, code: number, message: string): SimResponse {
  return { status, json: { RestException: { Status: status, Code: code, Message: message } } };
}

/** Serves Calls/connect on an Exotel simulator; returns the list accepted calls are recorded in. */
export function serveExotelCalls(sim: ProviderSim<ExotelState>): ExotelSimCall[] {
  const calls: ExotelSimCall[] = [];
  sim.addRoute({
    method: 'POST',
    path: '/v1/Accounts/:sid/Calls/connect.json',
    handle: (req, s) => {
      if (req.params.sid !== s.sid) return restException(403, 403, 'Not authorized for this account');
      // Exotel documents both spellings: the developer guide's table in lower case (from, callerid,
      // streamurl, statuscallbackevents[]), its curl example, OpenAPI file and the Flow page capitalised.
      const form = new URLSearchParams([...new URLSearchParams(req.body)].map(([k, v]) => [canonical(k), v]));
      const from = form.get('From') ?? '';
      const callerId = form.get('CallerId') ?? '';
      const streamUrl = form.get('StreamUrl') ?? '';
      const streamType = form.get('StreamType') ?? '';
      if (!PHONE.test(from)) return restException(400, 10016, `Invalid 'From' number: ${from}`);
      if (!s.exoPhones.some((p) => tail(p.phone_number) === tail(callerId) && p.capabilities.voice))
        return restException(400, 10017, `${callerId} is not a voice-capable ExoPhone of this account`);
      if (!/^wss?:\/\//.test(streamUrl) || streamUrl.length > 600)
        return restException(400, 10018, 'StreamUrl must be a ws:// or wss:// URL of at most 600 characters');
      if (streamType !== 'bidirectional' && streamType !== 'unidirectional')
        return restException(400, 10019, 'StreamType must be bidirectional or unidirectional');
      const events = [...form.entries()].filter(([k]) => /^StatusCallbackEvents\[\d*\]$/.test(k)).map(([, v]) => v);
      const call: ExotelSimCall = {
        sid: randomBytes(16).toString('hex'),
        from,
        callerId,
        streamUrl,
        streamType,
        statusCallback: form.get('StatusCallback'),
        statusCallbackEvents: events,
        timeOut: form.get('TimeOut'),
        timeLimit: form.get('TimeLimit'),
        form: Object.fromEntries(form),
      };
      calls.push(call);
      const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
      return {
        status: 200,
        json: {
          Call: {
            Sid: call.sid,
            ParentCallSid: null,
            DateCreated: now,
            DateUpdated: now,
            AccountSid: s.sid,
            To: callerId,
            From: from,
            PhoneNumberSid: callerId,
            Status: 'in-progress',
            StartTime: now,
            EndTime: null,
            Duration: null,
            Price: null,
            Direction: 'outbound-api',
            AnsweredBy: null,
            RecordingUrl: null,
            Uri: `/v1/Accounts/${s.sid}/Calls/${call.sid}.json`,
          },
        },
      };
    },
  });
  return calls;
}

/**
 * How Exotel encodes a status callback: a form (the v1 StatusCallback page) or JSON (the Webhooks &
 * Callbacks reference, whose extended payload carries a `Legs` array).
 */
export type ExotelCallbackEncoding = 'form' | 'json';

/**
 * Posts one status callback as Exotel does (unsigned), with the fields Exotel documents: always
 * CallSid, DateUpdated, Status, RecordingUrl; for a subscribed event also EventType, DateCreated,
 * To, From, PhoneNumberSid, StartTime, EndTime, ConversationDuration, Direction, CustomField, and in
 * JSON the Legs. Resolves with the HTTP status.
 */
export async function postExotelStatus(
  call: ExotelSimCall,
  eventType: 'answered' | 'terminal',
  status: string,
  extra: Record<string, string> = {},
  encoding: ExotelCallbackEncoding = 'form',
): Promise<number | null> {
  if (!call.statusCallback || !call.statusCallbackEvents.includes(eventType)) return null;
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const params: Record<string, string> = {
    CallSid: call.sid,
    DateUpdated: now,
    Status: status,
    RecordingUrl: '',
    EventType: eventType,
    DateCreated: now,
    To: call.callerId,
    From: call.from,
    PhoneNumberSid: call.callerId,
    StartTime: now,
    Direction: 'outbound-api',
    ...extra,
  };
  if (eventType === 'terminal') params.EndTime = now;
  let body: string;
  if (encoding === 'form') body = new URLSearchParams(params).toString();
  else {
    // JSON gives the leg its own duration and no ConversationDuration at the top (the reader must use the Legs).
    const { ConversationDuration, RecordingUrl: _none, ...rest } = params;
    body = JSON.stringify({ ...rest, RecordingUrl: null, Legs: [{ OnCallDuration: Number(ConversationDuration ?? 0), Status: status }] });
  }
  const res = await fetch(call.statusCallback, {
    method: 'POST',
    headers: { 'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Where the StreamUrl's query reaches the bot. Exotel documents query pairs coming back as
 * `start.custom_parameters` for the Voicebot applet, and its sample bridges read the query from the
 * socket request URL; for Connect Voice AI neither is confirmed, so tests play each: `both` (the
 * default), `url` (the upgrade request keeps the query, custom_parameters stay empty) and `start`
 * (the socket is opened without the query, which only custom_parameters carry).
 */
export type ExotelQueryDelivery = 'both' | 'url' | 'start';

/**
 * Plays the callee of a placed call: `answered`, then the bidirectional stream opened to the
 * StreamUrl and started with its query parameters, delivered as `queryIn` says. Resolves with the
 * carrier simulator.
 */
export async function answerExotelCall(
  call: ExotelSimCall,
  media: Partial<CarrierVoiceOptions> = {},
  queryIn: ExotelQueryDelivery = 'both',
  encoding: ExotelCallbackEncoding = 'form',
): Promise<CarrierVoiceSim> {
  await postExotelStatus(call, 'answered', 'in-progress', {}, encoding);
  const url = new URL(call.streamUrl);
  const params = queryIn === 'url' ? {} : Object.fromEntries(url.searchParams);
  const { token = null, ...rest } = params;
  const socketUrl = queryIn === 'start' ? `${url.origin}${url.pathname}` : call.streamUrl;
  const stream = await CarrierVoiceSim.connect({
    streamUrl: socketUrl,
    token,
    callSid: call.sid,
    authToken: null,
    carrier: 'exotel',
    extraParams: rest,
    ...media,
  });
  stream.start();
  return stream;
}

/** Posts the terminal callback of a call. */
export function completeExotelCall(
  call: ExotelSimCall,
  status: 'completed' | 'busy' | 'no-answer' | 'failed',
  durationSeconds = 0,
  encoding: ExotelCallbackEncoding = 'form',
): Promise<number | null> {
  return postExotelStatus(call, 'terminal', status, { ConversationDuration: String(durationSeconds) }, encoding);
}
