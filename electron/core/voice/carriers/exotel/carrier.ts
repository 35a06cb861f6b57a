/**
 * Exotel as one carrier object: AgentStream's 16-bit PCM codec; no request signatures, so a stream
 * is admitted only with the call's single-use token in its URL and a callback only for the call id
 * the dial returned; Connect Voice AI dialling; hang-up by closing the media stream (calls.ts says why).
 * No `pressKeys`: Exotel's Voicebot stream takes only `media`, `mark` and `clear` from the bot (no key
 * message), and its Calls API has no way to play keys into a call in progress (its flow is fixed
 * when the call is placed), so an agent on Exotel is not offered press_keys.
 */
import { sameToken } from '../../runner/media-leg';
import { EXOTEL_NO_TRANSFER } from '../../../../../shared/transfer-targets';
import type { Carrier } from '../carrier';
import { readExotelCallback } from './callbacks';
import { dialExotelStream, hangUpExotel } from './calls';
import { exotelCodec } from './stream';

/** Exotel. */
export const exotelCarrier: Carrier = {
  id: 'exotel',
  name: 'Exotel',
  codec: exotelCodec,
  audio: { leg: 'pcm16', stt: 'linear16', tts: 'pcm_s16le', sampleRate: 8000 },
  signingSecret: () => null,
  // Exotel signs nothing: its stream URL carries the call's token in the path, which no proxy or
  // carrier drops the way a query may be, so a stream is refused at its upgrade without it.
  streamPathSuffix: (token) => `/${token}`,
  admitStream(upgrade, registration) {
    // The token may come in the path, or on the query (the StreamUrl as dialled: calls.ts says why);
    // every token the URL carries must be the call's, and one must be there. Checked and spent here,
    // before the socket is even accepted.
    const queryTokens = upgrade.url.searchParams.getAll('token');
    const urlTokens = [...(upgrade.pathToken !== undefined ? [upgrade.pathToken] : []), ...queryTokens];
    if (urlTokens.length === 0) return { ok: false, reason: 'no-token' };
    if (queryTokens.length > 1 || !urlTokens.every((token) => sameToken(token, registration.call.token)))
      return { ok: false, reason: 'bad-token' };
    if (registration.tokenUsed) return { ok: false, reason: 'replayed-token' };
    registration.tokenUsed = true;
    return { ok: true, tokenSpent: true };
  },
  readCallback(request, call) {
    // A callback counts only at the call's unguessable ref and for the call id the dial returned;
    // it may come as a form or as JSON (callbacks.ts).
    const contentType = request.headers['content-type'];
    const read = readExotelCallback(request.body, typeof contentType === 'string' ? contentType : undefined);
    if (read.kind === 'refused') return { kind: 'refused', reason: 'bad-status', why: read.why };
    if (call.callId === null || read.status.callId !== call.callId) {
      return { kind: 'refused', reason: 'bad-status', why: 'That is not a status callback of this call.' };
    }
    return read;
  },
  async dial(key, reach, request) {
    const client = { fields: key.fields, endpoint: key.endpoint, env: reach.env, timeoutMs: reach.timeoutMs };
    const { to, from, streamUrl, token, statusUrl } = request;
    const placed = await dialExotelStream(client, { to, callerId: from, streamUrl, token, statusUrl });
    return placed.callId;
  },
  // Exotel's API cannot end a live call: closing its media stream does.
  async hangUp(_key, _reach, callId, leg) {
    hangUpExotel(callId, leg);
  },
  // Exotel's IncomingPhoneNumbers API only assigns an ExoPhone to a flow built in its dashboard; the flow's
  // Voicebot applet then streams to the address it holds, with no per-call token this runner could check.
  numbers: null,
  numbersNote:
    "Switchboard answers inbound calls on Twilio numbers only: Exotel's API can only assign an ExoPhone to a flow built in Exotel's " +
    'dashboard, whose Voicebot applet streams to one fixed address without the single-use per-call token this runner requires. To take ' +
    "calls on an ExoPhone, build a flow in Exotel's dashboard (ExoPhones, then App Bazaar) that connects callers to a person.",
  transfers: { supported: false, why: EXOTEL_NO_TRANSFER },
};
