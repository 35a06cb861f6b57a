/**
 * Twilio as one carrier object: Media Streams' μ-law codec, request signatures with the key's auth
 * token (on the stream's upgrade and on every callback), `<Connect><Stream>` dialling with optional
 * async answering-machine detection, hang-up through the REST API, and keys played on a live call.
 */
import twilio from 'twilio';
import type { Carrier, CarrierKey, CarrierReach, RequestHeaders } from '../carrier';
import type { TwilioClientOptions } from './client';
import { readTwilioCallback } from './callbacks';
import { dialTwilioStream, hangUpTwilio } from './calls';
import {
  answerTwilioAway,
  answerTwilioStream,
  findTwilioNumber,
  pointTwilioNumber,
  readTwilioIncoming,
  restoreTwilioNumber,
} from './numbers';
import { pressTwilioKeys } from './keys';
import { twilioCodec } from './stream';
import { coldTransferTwiml, roomTwiml, updateTwilioCall } from './transfer';

const clientOf = (key: CarrierKey, reach: CarrierReach): TwilioClientOptions => ({
  accountSid: key.fields.accountSid ?? '',
  authToken: key.fields.authToken ?? '',
  endpoint: key.endpoint,
  env: reach.env,
  timeoutMs: reach.timeoutMs,
});

const signatureOf = (headers: RequestHeaders): string | undefined => {
  const signature = headers['x-twilio-signature'];
  return typeof signature === 'string' ? signature : undefined;
};

/** Twilio. */
export const twilioCarrier: Carrier = {
  id: 'twilio',
  name: 'Twilio',
  codec: twilioCodec,
  audio: { leg: 'mulaw', stt: 'mulaw', tts: 'pcm_mulaw', sampleRate: 8000 },
  signingSecret: (key) => key.fields.authToken ?? null,
  // The token travels as a stream <Parameter>: Twilio's stream URL takes no query string.
  streamPathSuffix: () => '',
  admitStream(upgrade, registration) {
    // Twilio signs the wss URL it was given, with no parameters (Media Streams security docs).
    const signature = signatureOf(upgrade.headers);
    const secret = registration.call.signingSecret;
    if (signature === undefined || !secret || !twilio.validateRequest(secret, signature, upgrade.signedUrl, {}))
      return { ok: false, reason: 'bad-signature' };
    return { ok: true, tokenSpent: false };
  },
  readCallback(request, call) {
    const signature = signatureOf(request.headers);
    const params = Object.fromEntries(new URLSearchParams(request.body));
    if (
      signature === undefined ||
      !call.signingSecret ||
      !twilio.validateRequest(call.signingSecret, signature, request.signedUrl, params)
    ) {
      return { kind: 'refused', reason: 'bad-signature' };
    }
    // Status callbacks and async AMD verdicts share one URL; they differ in their fields (callbacks.ts).
    const read = readTwilioCallback(new URLSearchParams(request.body));
    if (read.kind === 'refused') return { kind: 'refused', reason: 'bad-status', why: read.why };
    const callId = read.kind === 'status' ? read.status.callId : read.verdict.callId;
    if ((call.callId !== null && callId !== call.callId) || (read.kind === 'machine' && !call.onMachine)) {
      return { kind: 'refused', reason: 'bad-status', why: 'That is not a callback of this call.' };
    }
    return read;
  },
  async dial(key, reach, request) {
    // Async detection posts its verdict to the status URL, so the agent can talk meanwhile; DetectMessageEnd waits for the beep.
    const detection = request.machine?.choice === 'voicemail' ? ('DetectMessageEnd' as const) : ('Enable' as const);
    const machine = request.machine ? { machineDetection: detection, asyncAmd: true } : {};
    const { to, from, streamUrl, token, statusUrl, ringSeconds } = request;
    const placed = await dialTwilioStream(clientOf(key, reach), { to, from, streamUrl, token, statusUrl, ringSeconds, ...machine });
    return placed.callSid;
  },
  hangUp: (key, reach, callId) => hangUpTwilio(clientOf(key, reach), callId),
  numbers: {
    find: (key, reach, number) => findTwilioNumber(clientOf(key, reach), number),
    point: (key, reach, id, answerUrl, away, previous) => pointTwilioNumber(clientOf(key, reach), id, answerUrl, away, previous),
    restore: (key, reach, id, config) => restoreTwilioNumber(clientOf(key, reach), id, config),
    // The webhook is signed like every Twilio request: the URL it was sent to and its form fields, with the auth token.
    readIncoming: (request, key) =>
      readTwilioIncoming(request.body, signatureOf(request.headers), request.signedUrl, key.fields.authToken ?? null),
    answerWithStream: answerTwilioStream,
    answerAway: answerTwilioAway,
  },
  numbersNote: null,
  // <Play digits> through a call update; the update replaces the media stream (keys.ts).
  pressKeys: (key, reach, callId, press) => pressTwilioKeys(clientOf(key, reach), callId, press),
  // Call updates with inline TwiML end the stream and run the new TwiML (transfer.ts).
  transfers: {
    supported: true,
    connect: (key, reach, transfer) => updateTwilioCall(clientOf(key, reach), transfer.callId, coldTransferTwiml(transfer)),
    async bridge(key, reach, { callIds, room }) {
      // The person first: if the caller's update then fails (they hung up), the person's call is the caller's to end.
      for (const callId of [callIds[1], callIds[0]]) await updateTwilioCall(clientOf(key, reach), callId, roomTwiml(room));
    },
  },
};
