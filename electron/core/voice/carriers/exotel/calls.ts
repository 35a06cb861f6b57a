/**
 * Exotel's REST side of a streamed call, "Connect Voice AI"
 * (https://developer.exotel.com/docs/agentstream/developer-guide and Exotel's sample
 * github.com/exotel/Agent-Stream shared/place_connect_call.py, docs/openapi/exotel-connect-voice-ai.yaml):
 * `POST /v1/Accounts/{sid}/Calls/connect.json` on the account's cluster, Basic apiKey:apiToken, form
 * fields spelled `From` (the number dialled), `CallerId` (the ExoPhone), `StreamUrl` (ws:// or
 * wss://, at most 600 characters with its query), `StreamType=bidirectional`, `StatusCallback`,
 * `StatusCallbackEvents[]` (answered, terminal), `TimeLimit` (at most 14400). The developer guide's
 * table prints the names in lower case, but its curl example, the OpenAPI file and the sample
 * script all send them capitalised as here. No App Bazaar flow: the answered call goes straight to
 * the media socket.
 *
 * The per-call stream token travels in the StreamUrl's path (`/exotel/stream/:ref/:token`), which
 * no proxy or carrier drops the way a query string may be; the media server checks and spends it at
 * the WebSocket upgrade, before the socket is even accepted. The query carries only
 * `sample-rate=8000` (Exotel: "always pass the sample rate your bot expects on the StreamUrl query
 * string"). Exotel documents that URL query pairs come back as `start.custom_parameters` for the
 * Voicebot applet (https://developer.exotel.com/docs/agentstream/stream-voicebot-applet); a token
 * there, should one arrive, must be the call's too. The token stays single-use and bound to the call
 * id the dial returned, so the copy Exotel keeps in its call logs is spent once the call started.
 *
 * Hang-up: the v1 Calls API has no way to end a live call (Exotel's hang-up action belongs to the
 * separate Legs API, for calls placed through it). With Connect Voice AI the stream is the whole
 * call, and Exotel's samples end it by closing the socket, as hangUpExotel does.
 */
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { basicAuth } from '../../../providers/json-probe';
import { networkReason } from '../../../providers/http';
import { providerOrigin } from '../../../providers/origin';
import type { CarrierStatus } from '../../types';

/** The Exotel key and where its API lives. */
export interface ExotelCallClient {
  /** sid, apiKey, apiToken, region of the resolved Exotel key (decrypted, in memory only). */
  readonly fields: Readonly<Record<string, string>>;
  readonly endpoint: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time limit of the dial request; default 15 s. */
  readonly timeoutMs?: number;
}

/** What one streamed Exotel call needs. */
export interface ExotelStreamDial {
  /** The number to call (Exotel's `From`: the number dialled first). */
  readonly to: string;
  /** The ExoPhone shown to the callee (the key's phoneNumber). */
  readonly callerId: string;
  /** The media server's wss:// stream URL for this call, ending with its token, without a query string. */
  readonly streamUrl: string;
  /** The per-call stream token, the last segment of the stream URL's path. */
  readonly token: string;
  readonly statusUrl: string;
  /** Seconds to let it ring (Exotel's TimeOut). */
  readonly ringSeconds?: number;
  /** Longest the call may last, in seconds (Exotel's TimeLimit, at most 14400). */
  readonly timeLimitSeconds?: number;
}

// Exotel's documentation shows both envelopes: the classic {"Call": {"Sid", "Status"}} and the
// AgentStream guide's lower-case {"call": {"sid", "status"}}.
const CallBody = z.object({ Sid: z.string().regex(/^[A-Za-z0-9]{6,64}$/), Status: z.string().max(40) });
const Placed = z.union([
  z.object({ Call: CallBody }).transform((b) => b.Call),
  z
    .object({ call: z.object({ sid: CallBody.shape.Sid, status: CallBody.shape.Status }) })
    .transform((b) => ({ Sid: b.call.sid, Status: b.call.status })),
]);
const RestException = z.object({ RestException: z.object({ Code: z.union([z.number(), z.string().max(20)]).nullish() }) });

const PHONE = /^\+?[0-9]{6,15}$/;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
/** StreamUrl is limited to 600 characters (AgentStream developer guide). */
const MAX_STREAM_URL = 600;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The StreamUrl Exotel is given: the media server's URL (its path ends with the token) and the sample rate as its query. */
export function exotelStreamUrl(streamUrl: string, token: string): string {
  if (!/^wss?:\/\/[^?#\s]+$/.test(streamUrl))
    throw new AppError('INVALID_INPUT', 'An Exotel stream URL must be a wss:// address without a query string.');
  // Plain ws:// only to this machine (local simulators), as for every public URL of the runner.
  if (streamUrl.startsWith('ws://') && !LOOPBACK.has(new URL(streamUrl).hostname))
    throw new AppError('INVALID_INPUT', 'An Exotel stream URL must use wss:// (plain ws:// is allowed only to this computer).');
  if (!TOKEN.test(token)) throw new AppError('INVALID_INPUT', 'The stream token must be 16 to 128 URL-safe characters.');
  if (!streamUrl.endsWith(`/${token}`)) throw new AppError('INVALID_INPUT', "An Exotel stream URL's path must end with the call's token.");
  const url = `${streamUrl}?sample-rate=8000`;
  if (url.length > MAX_STREAM_URL)
    throw new AppError('INVALID_INPUT', `The Exotel stream URL is longer than the ${MAX_STREAM_URL} characters Exotel accepts.`);
  return url;
}

/** The form of one Calls/connect request. */
export function connectForm(dial: ExotelStreamDial): URLSearchParams {
  if (!PHONE.test(dial.to)) throw new AppError('INVALID_INPUT', 'The number to call is not a phone number.');
  if (!PHONE.test(dial.callerId)) throw new AppError('INVALID_INPUT', "The Exotel key's ExoPhone is not a phone number.");
  if (!/^https?:\/\/\S+$/.test(dial.statusUrl)) throw new AppError('INVALID_INPUT', 'The status callback must be an http(s) address.');
  const form = new URLSearchParams({
    From: dial.to,
    CallerId: dial.callerId,
    StreamUrl: exotelStreamUrl(dial.streamUrl, dial.token),
    StreamType: 'bidirectional',
    StatusCallback: dial.statusUrl,
  });
  // Exotel posts a callback for each subscribed event; "terminal" alone would hide the answer time.
  // The array form as Exotel's Connect Voice AI example sends it (StatusCallbackEvents[]=terminal).
  form.append('StatusCallbackEvents[]', 'answered');
  form.append('StatusCallbackEvents[]', 'terminal');
  if (dial.ringSeconds !== undefined) form.set('TimeOut', String(Math.max(1, Math.round(dial.ringSeconds))));
  if (dial.timeLimitSeconds !== undefined) form.set('TimeLimit', String(Math.min(14_400, Math.max(1, Math.round(dial.timeLimitSeconds)))));
  return form;
}

/** Places one streamed call; resolves with Exotel's call sid and first status. */
export async function dialExotelStream(client: ExotelCallClient, dial: ExotelStreamDial): Promise<{ callId: string; status: string }> {
  const { sid = '', apiKey = '', apiToken = '', region } = client.fields;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sid)) throw new AppError('INVALID_INPUT', 'The Exotel key has no valid account SID.');
  const form = connectForm(dial);
  const origin = providerOrigin('exotel', { endpoint: client.endpoint ?? undefined, env: client.env, region: region || undefined });
  let res: Response;
  let text: string;
  try {
    // Never follow a redirect: it would carry the key elsewhere.
    res = await fetch(`${origin}/v1/Accounts/${encodeURIComponent(sid)}/Calls/connect.json`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(apiKey, apiToken),
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(client.timeoutMs ?? 15_000),
    });
    text = await res.text();
  } catch (err) {
    throw networkError(err);
  }
  if (res.status >= 200 && res.status < 300) {
    const placed = Placed.safeParse(parseJson(text));
    if (!placed.success)
      throw new AppError(
        'PROVIDER_UNREACHABLE',
        "Exotel's answer could not be read; check the Exotel dashboard before dialling again, the call may have been placed.",
      );
    return { callId: placed.data.Sid, status: placed.data.Status };
  }
  throw callError(res.status, text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** No HTTP answer: a refused or unknown host means nothing was sent; anything later leaves the call in doubt. */
function networkError(err: unknown): AppError {
  const reason = networkReason(err, {});
  if (reason === 'dns' || reason === 'refused')
    return new AppError('PROVIDER_UNREACHABLE', 'Exotel could not be reached; no call was placed.');
  if (reason === 'tls') return new AppError('PROVIDER_UNREACHABLE', "Exotel's certificate could not be trusted; no call was placed.");
  return new AppError(
    'PROVIDER_UNREACHABLE',
    'Exotel did not answer in time; check the Exotel dashboard before dialling again, the call may have been placed.',
  );
}

/** One sentence for a refused dial; Exotel's own message is not repeated (it echoes the numbers and URL). */
export function callError(status: number, body: string): AppError {
  const rest = RestException.safeParse(parseJson(body));
  const code = rest.success ? (rest.data.RestException.Code ?? null) : null;
  const ref = `HTTP ${status}${code !== null && code !== '' ? `, error ${code}` : ''}`;
  if (status === 401) return new AppError('PROVIDER_AUTH', `Exotel rejected the API key and token (${ref}); test the key.`);
  if (status === 403)
    return new AppError(
      'FORBIDDEN',
      `Exotel refused the call: the key has no access to this account, or streaming calls are not enabled on it (${ref}).`,
    );
  if (status === 404)
    return new AppError('NOT_FOUND', `Exotel has no such account on this cluster (${ref}); check the key's SID and region.`);
  if (status === 429) return new AppError('RATE_LIMITED', `Exotel is rate-limiting calls (${ref}); try again shortly.`);
  if (status >= 500) return new AppError('PROVIDER_UNREACHABLE', `Exotel had a server error (${ref}); no call was placed.`);
  return new AppError('INVALID_INPUT', `Exotel refused the call (${ref}).`);
}

/** How a hang-up went. */
export type ExotelHangUp = 'stream-closed' | 'not-connected';

/**
 * Ends an Exotel call by closing its media socket: Exotel's v1 API cannot end a live call, and with
 * Connect Voice AI the call lasts as long as its stream. Before the callee answered there is no
 * socket to close: the call rings until its TimeOut, and a socket that opens later should be closed
 * on arrival by whoever holds the call ('not-connected' says so).
 */
export function hangUpExotel(callId: string, leg: { readonly callId: string; close(): void } | null): ExotelHangUp {
  if (!/^[A-Za-z0-9]{6,64}$/.test(callId)) throw new AppError('INVALID_INPUT', 'That is not an Exotel call sid.');
  if (!leg) return 'not-connected';
  if (leg.callId !== callId) throw new AppError('INVALID_INPUT', 'That media stream belongs to another Exotel call.');
  leg.close();
  return 'stream-closed';
}

const STATUSES: Readonly<Record<string, string>> = {
  queued: 'queued',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  answered: 'in-progress',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * An Exotel status callback (form fields or JSON, flattened to strings) as a carrier-neutral
 * status; null when it is not one. Exotel signs nothing, so the URL it posts to must carry an
 * unguessable per-call reference, and the call sid must match the dialled call.
 */
export function exotelStatus(params: Readonly<Record<string, string>>): CarrierStatus | null {
  const callId = params.CallSid;
  const raw = (params.EventType === 'answered' ? 'in-progress' : (params.Status ?? params.CallStatus ?? '')).toLowerCase();
  const status = STATUSES[raw];
  if (!callId || !/^[A-Za-z0-9]{6,64}$/.test(callId) || !status) return null;
  const seconds = params.ConversationDuration ?? params.Duration;
  const durationSeconds = seconds !== undefined && /^\d{1,7}$/.test(seconds) ? Number(seconds) : null;
  return { callId, status, durationSeconds, answeredBy: null };
}
