/**
 * The Twilio simulator's outbound-call routes, plugged into a running Twilio simulator with addRoute
 * so its route table and state stay as they are: `POST …/Calls.json` answers like Twilio (201 with a
 * queued call, or 400 with Twilio's error codes), `POST …/Calls/{sid}.json` with Status=completed
 * hangs up, and with Twiml runs new TwiML on a call in progress (twilio-update.ts: keys, a new stream). `answerCall` then plays the callee: signed status callbacks and, for <Connect><Stream>
 * TwiML, a carrier media stream to the URL and parameters in the TwiML. Per-number behaviour
 * (answer, busy, no-answer, machine) serves campaigns with many calls at once. `GET …/Calls.json`
 * lists calls filtered by To, From and `StartTime>` / `StartTime>=` as Twilio does, and
 * `GET …/Calls/{sid}.json` fetches one, with the status the callee's play has reached — what a
 * campaign asks after a crash before it dials anyone again.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { tone } from './audio';
import { CarrierVoiceSim, speech, type CarrierVoiceOptions } from './carrier-voice';
import type { ProviderSim } from './server';
import { twilioError, type TwilioState } from './twilio';
import { parseStreamTwiml, runUpdatedTwiml, type UpdatableCall } from './twilio-update';

export { parseStreamTwiml } from './twilio-update';
import { hungUpByApi, keepTransfers, redirect } from './twilio-transfers';

/** A call the simulator accepted. */
export interface SimCall extends UpdatableCall {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  readonly from: string;
  /** The TwiML sent with the call (or null when a Url was given instead). */
  readonly twiml: string | null;
  readonly url: string | null;
  readonly status: 'queued';
  readonly statusCallback: string | null;
  readonly statusCallbackEvents: readonly string[];
  readonly machineDetection: string | null;
  readonly asyncAmd: boolean;
  /** Where Twilio posts the async AMD verdict (AsyncAmdStatusCallback). */
  readonly asyncAmdStatusCallback: string | null;
  /** When a machine callee's beep finished playing (Date.now), null until then. */
  beepEndedAt: number | null;
  /** Status callbacks posted so far (Twilio's SequenceNumber counts from 0). */
  sequence: number;
  /** Set when the call was hung up through the API. */
  hungUp: boolean;
  /** Twilio's status as the callee's play moves it (queued → ringing → in-progress → completed, or busy / no-answer). */
  state: string;
  answeredBy: string | null;
  duration: number | null;
  readonly createdAt: number;
  /** The call this one is a <Dial> leg of (a cold transfer's child), or null. */
  readonly parentSid: string | null;
  readonly direction: 'outbound-api' | 'outbound-dial' | 'inbound';
  /** The carrier's side of its media stream while one is up (answerCall sets it; a TwiML update stops it). */
  media: CarrierVoiceSim | null;
  /** When it was answered (Date.now), null until then. */
  answeredAt: number | null;
  /** Seconds Twilio lets it ring (Timeout; a <Dial>'s timeout for a child leg). */
  readonly ringSeconds: number;
  /** TwiML run on it by call updates, in order. */
  readonly twimlRuns: string[];
}

/** Told of every call the simulator accepts (campaign callees answer from here). */
export type OnCall = (call: SimCall) => void;

/** How a number answers. */
export type CalleeBehaviour = 'answer' | 'busy' | 'no-answer' | 'machine';

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Serves outbound calls and hang-ups on a Twilio simulator; returns the list the calls are recorded in. */
export function serveCalls(sim: ProviderSim<TwilioState>, onCall?: OnCall): SimCall[] {
  const calls: SimCall[] = [];
  sim.addRoute({
    method: 'GET',
    path: '/2010-04-01/Accounts/:sid/Calls.json',
    handle: (req, s) => {
      if (req.params.sid !== s.accountSid) return twilioError(404, 20404, 'The requested resource was not found');
      const to = req.query.get('To');
      const from = req.query.get('From');
      // Twilio takes a date or a date-time; the SDK sends `StartTime>`.
      const after = req.query.get('StartTime>') ?? req.query.get('StartTime>=');
      const since = after ? Date.parse(after.length === 10 ? `${after}T00:00:00Z` : after) : Number.NEGATIVE_INFINITY;
      const found = calls.filter((c) => (!to || c.to === to) && (!from || c.from === from) && c.createdAt >= since);
      const pageSize = Number(req.query.get('PageSize') ?? 50);
      return {
        status: 200,
        json: {
          calls: found
            .slice(-pageSize)
            .reverse()
            .map((c) => callJson(c, c.state)),
          page: 0,
          page_size: pageSize,
          first_page_uri: '',
          next_page_uri: null,
          previous_page_uri: null,
          uri: req.path,
        },
      };
    },
  });
  sim.addRoute({
    method: 'GET',
    path: '/2010-04-01/Accounts/:sid/Calls/:call.json',
    handle: (req, s) => {
      const call = calls.find((c) => c.sid === req.params.call);
      if (req.params.sid !== s.accountSid || !call) return twilioError(404, 20404, 'The requested resource was not found');
      return { status: 200, json: callJson(call, call.state) };
    },
  });
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
      const call: SimCall = {
        sid: `CA${randomBytes(16).toString('hex')}`,
        accountSid: s.accountSid,
        to,
        from,
        twiml,
        url,
        status: 'queued',
        statusCallback: form.get('StatusCallback'),
        statusCallbackEvents: form.getAll('StatusCallbackEvent'),
        machineDetection: form.get('MachineDetection'),
        asyncAmd: form.get('AsyncAmd') === 'true',
        asyncAmdStatusCallback: form.get('AsyncAmdStatusCallback'),
        beepEndedAt: null,
        sequence: 0,
        hungUp: false,
        state: 'queued',
        answeredBy: null,
        duration: null,
        createdAt: Date.now(),
        streams: [],
        keysPlayed: [],
        warnings: [],
        mediaOptions: {},
        parentSid: null,
        direction: 'outbound-api',
        media: null,
        answeredAt: null,
        ringSeconds: Number(form.get('Timeout') ?? 60),
        twimlRuns: [],
      };
      calls.push(call);
      onCall?.(call);
      return { status: 201, json: callJson(call, 'queued') };
    },
  });
  sim.addRoute({
    method: 'POST',
    path: '/2010-04-01/Accounts/:sid/Calls/:call.json',
    handle: (req, s) => {
      const call = calls.find((c) => c.sid === req.params.call);
      if (req.params.sid !== s.accountSid || !call) return twilioError(404, 20404, 'The requested resource was not found');
      const form = new URLSearchParams(req.body);
      const status = form.get('Status');
      const twiml = form.get('Twiml');
      // Keys to play (<Play digits> then a new stream) run as twilio-update.ts plays them; a <Dial> as twilio-transfers.ts does.
      if (status === null && twiml !== null && /<Play\b[^>]*\bdigits=/.test(twiml)) {
        // New TwiML redirects a live call only (error 21220); Twilio answers, then runs it.
        if (call.state !== 'in-progress' || call.hungUp) return twilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
        const complete = (): Promise<number | null> => postStatus(sim, call, 'completed', { CallDuration: '1' });
        setImmediate(() => void runUpdatedTwiml(call, twiml, { authToken: s.authToken, complete }));
        return { status: 200, json: callJson(call, call.state) };
      }
      if (twiml !== null) return redirect(calls, call, form);
      if (status !== 'completed' && status !== 'canceled') return twilioError(400, 21218, 'Invalid Status');
      const was = call.state;
      call.hungUp = true;
      call.state = FINAL.has(call.state) ? call.state : call.state === 'in-progress' ? 'completed' : 'canceled';
      // Twilio then posts the call's final status, and ends what ends with it (a bridged leg, a room).
      if (!FINAL.has(was)) void hungUpByApi(calls, call, was).catch(() => undefined);
      return { status: 200, json: callJson(call, call.state) };
    },
  });
  keepTransfers(sim, calls, onCall);
  return calls;
}

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

function callJson(call: SimCall, status: string): Record<string, unknown> {
  const now = new Date().toUTCString();
  const created = new Date(call.createdAt).toUTCString();
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    status,
    direction: call.direction,
    parent_call_sid: call.parentSid,
    api_version: '2010-04-01',
    date_created: created,
    date_updated: now,
    start_time: created,
    end_time: FINAL.has(status) ? now : null,
    duration: call.duration === null ? null : String(call.duration),
    answered_by: call.answeredBy,
    price: null,
    price_unit: 'USD',
    uri: `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}.json`,
  };
}

/** Posts one status callback signed with the account's auth token, as Twilio does; resolves with the HTTP status. */
export async function postStatus(
  sim: ProviderSim<TwilioState>,
  call: SimCall,
  status: string,
  extra: Record<string, string> = {},
): Promise<number | null> {
  if (!FINAL.has(call.state) || status === call.state) {
    if (status === 'ringing' || status === 'in-progress' || FINAL.has(status)) call.state = status;
  }
  if (extra.AnsweredBy) call.answeredBy = extra.AnsweredBy;
  if (extra.CallDuration) call.duration = Number(extra.CallDuration);
  if (!call.statusCallback) return null;
  // The fields of Twilio's status callback (its request parameters plus the status-callback extras).
  call.sequence += 1;
  const params = {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: status,
    Called: call.to,
    Caller: call.from,
    CallbackSource: 'call-progress-events',
    Direction: call.direction,
    ...(call.parentSid ? { ParentCallSid: call.parentSid } : {}),
    From: call.from,
    SequenceNumber: String(call.sequence - 1),
    Timestamp: new Date().toUTCString(),
    To: call.to,
    ...extra,
  };
  const signature = twilio.getExpectedTwilioSignature(sim.state.authToken, call.statusCallback, params);
  const res = await fetch(call.statusCallback, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Posts an async answering-machine verdict as Twilio does: to AsyncAmdStatusCallback, signed, with
 * exactly AccountSid, CallSid, AnsweredBy and MachineDetectionDuration (Twilio's AMD docs) — no
 * CallStatus. Resolves with the HTTP status.
 */
export async function postMachineVerdict(
  sim: ProviderSim<TwilioState>,
  call: SimCall,
  answeredBy: string,
  detectionMs: number,
): Promise<number | null> {
  call.answeredBy = answeredBy;
  if (!call.asyncAmdStatusCallback) return null;
  const params = {
    AccountSid: call.accountSid,
    CallSid: call.sid,
    AnsweredBy: answeredBy,
    MachineDetectionDuration: String(Math.round(detectionMs)),
  };
  const signature = twilio.getExpectedTwilioSignature(sim.state.authToken, call.asyncAmdStatusCallback, params);
  const res = await fetch(call.asyncAmdStatusCallback, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

/** What an answering machine says before its beep. */
export const MACHINE_GREETING = 'Hi, you have reached Sam. Please leave a message after the tone.';

/**
 * An answering machine on an answered stream: its greeting (real speech), then a 1 kHz beep. With
 * MachineDetection=Enable Twilio posts machine_start once it hears a machine (here, a second into the
 * greeting); with DetectMessageEnd it posts machine_end_beep after the beep.
 */
async function playMachine(sim: ProviderSim<TwilioState>, call: SimCall, media: CarrierVoiceSim): Promise<void> {
  const began = Date.now();
  const greeting = speech(MACHINE_GREETING, 'mulaw');
  await media.playAudio(greeting.subarray(0, 8000));
  if (call.machineDetection === 'Enable') await postMachineVerdict(sim, call, 'machine_start', Date.now() - began);
  await media.playAudio(greeting.subarray(8000));
  await media.playAudio(tone(500, 'mulaw', { hz: 1000 }));
  call.beepEndedAt = Date.now();
  if (call.machineDetection === 'DetectMessageEnd') await postMachineVerdict(sim, call, 'machine_end_beep', Date.now() - began);
}

/** How answerCall plays the callee. */
export interface AnswerOptions {
  /** One behaviour, or one per number called (campaigns). */
  readonly behaviour?: CalleeBehaviour | ((to: string) => CalleeBehaviour);
  /** Passed on to the carrier simulator (pace, signature mode, mark echo). */
  readonly media?: Partial<CarrierVoiceOptions>;
}

/**
 * Plays the callee of a placed call: ringing, then busy / no-answer (a final status, no stream), or
 * answered (human or machine, AnsweredBy when detection ran) with the media stream opened and
 * started. Resolves with the carrier simulator, or null when nothing answered.
 */
export async function answerCall(sim: ProviderSim<TwilioState>, call: SimCall, o: AnswerOptions = {}): Promise<CarrierVoiceSim | null> {
  const behaviour = typeof o.behaviour === 'function' ? o.behaviour(call.to) : (o.behaviour ?? 'answer');
  await postStatus(sim, call, 'initiated');
  await postStatus(sim, call, 'ringing');
  if (behaviour === 'busy' || behaviour === 'no-answer') {
    await postStatus(sim, call, behaviour, { CallDuration: '0' });
    return null;
  }
  // Synchronous detection reports its verdict with the answer (AnsweredBy on the status callback).
  const syncVerdict: Record<string, string> =
    call.machineDetection && !call.asyncAmd
      ? {
          AnsweredBy:
            behaviour === 'machine' ? (call.machineDetection === 'DetectMessageEnd' ? 'machine_end_beep' : 'machine_start') : 'human',
          MachineDetectionDuration: '2400',
        }
      : {};
  call.answeredAt = Date.now();
  await postStatus(sim, call, 'in-progress', syncVerdict);
  const stream = call.twiml ? parseStreamTwiml(call.twiml) : null;
  if (!stream) return null;
  call.mediaOptions = { ...o.media };
  const media = await CarrierVoiceSim.connect({
    streamUrl: stream.url,
    token: stream.params.token ?? null,
    callSid: call.sid,
    authToken: sim.state.authToken,
    extraParams: omit(stream.params, 'token'),
    ...o.media,
  });
  call.streams.push(media);
  call.media = media;
  media.start();
  // Async detection listens to the callee while the call goes on and posts its verdict apart.
  if (call.asyncAmd && call.machineDetection) {
    if (behaviour === 'machine') await playMachine(sim, call, media);
    else await postMachineVerdict(sim, call, 'human', 1800);
  }
  return media;
}

/** Posts the final `completed` callback of an answered call. */
export function completeCall(sim: ProviderSim<TwilioState>, call: SimCall, durationSeconds: number): Promise<number | null> {
  return postStatus(sim, call, 'completed', { CallDuration: String(durationSeconds) });
}

function omit(o: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
}
