/**
 * Exotel as one carrier object: AgentStream's 16-bit PCM codec; no request signatures, so a stream
 * is admitted only with the call's single-use token in its URL and a callback only for the call id
 * the dial returned; Connect Voice AI dialling; hang-up by closing the media stream (calls.ts says why).
 */
import { sameToken } from '../../runner/media-leg';
import type { Carrier } from '../carrier';
import { readExotelCallback } from './callbacks';
import { dialExotelStream, hangUpExotel } from './calls';
import { exotelCodec } from './stream';

/**
 * Why an Exotel call cannot be handed to a person, and what to do instead. Exotel's "AgentStream:
 * what to use when" puts bot-to-human hand-off outside Connect Voice AI (the dial Switchboard uses),
 * in an App Bazaar flow; its v1 Calls API has no request that moves a live call elsewhere.
 */
export const EXOTEL_NO_TRANSFER =
  'Exotel calls cannot be transferred from Switchboard: Exotel streams them straight to the agent (Connect Voice AI), and its API has no way to move a live call to another number. ' +
  'To hand Exotel callers to a person, build it in Exotel’s dashboard: App Bazaar → a flow with the Voicebot applet followed by a Connect applet that dials the person, so the caller is connected when the agent’s stream ends; or give this agent a Twilio number, where transfers work.';

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
  transfers: { supported: false, why: EXOTEL_NO_TRANSFER },
};
