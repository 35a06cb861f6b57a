/**
 * A live Twilio call updated with new TwiML (`POST …/Calls/{sid}.json` with `Twiml`), as Twilio's
 * Call resource and TwiML docs describe it: only a call in progress can take it (error 21220
 * otherwise); the TwiML running now stops — a `<Connect><Stream>` gets `stop` and its socket closes —
 * and the new verbs run in order. `<Play digits>` plays keys (0-9, A-D, *, #, w and W for pauses; any
 * other character is warning 13430 and plays nothing), `<Connect><Stream>` opens a new media stream
 * with its own parameters; TwiML that runs out without a stream ends the call. Verbs it does not
 * model are recorded as warnings, never run.
 */
import { CarrierVoiceSim, type CarrierVoiceOptions } from './carrier-voice';

/** What running new TwiML touches of a simulated call (twilio-calls.ts SimCall). */
export interface UpdatableCall {
  readonly sid: string;
  /** Every media stream of the call, in order: the one running now is the last. */
  readonly streams: CarrierVoiceSim[];
  /** Key sequences `<Play digits>` played on the call. */
  readonly keysPlayed: string[];
  /** Warnings Twilio would log in its debugger (codes and titles). */
  readonly warnings: string[];
  /** How the call's streams connect (the options it was answered with). */
  mediaOptions: Partial<CarrierVoiceOptions>;
  hungUp: boolean;
  /** The stream running now, as the transfer side reads it (twilio-transfers.ts). */
  media: CarrierVoiceSim | null;
}

/** Twilio's `<Play digits>` characters (error 13430 lists them). */
const DIGITS = /^[0-9A-D*#wW]+$/;

/** How long Twilio takes to play keys: a tone a key, half a second per w, a second per W (ms). */
function playMs(digits: string): number {
  return [...digits].reduce((ms, d) => ms + (d === 'w' ? 500 : d === 'W' ? 1000 : 250), 0);
}

/** XML attribute text as written, entities decoded. */
export const unescape = (v: string): string =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The stream URL and parameters of a <Connect><Stream> TwiML, or null. */
export function parseStreamTwiml(twiml: string): { url: string; params: Record<string, string> } | null {
  const stream = /<Connect>\s*<Stream\b[^>]*\burl="([^"]+)"[^>]*>([\s\S]*?)<\/Stream>/.exec(twiml);
  if (!stream) return null;
  const params: Record<string, string> = {};
  for (const p of (stream[2] ?? '').matchAll(/<Parameter\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g))
    params[unescape(p[1] ?? '')] = unescape(p[2] ?? '');
  return { url: unescape(stream[1] ?? ''), params };
}

/** The top-level verbs of a TwiML document, in order, or null when it is not a `<Response>`. */
export function twimlVerbs(
  twiml: string,
): { readonly verb: string; readonly attrs: Record<string, string>; readonly xml: string }[] | null {
  const body = /<Response>([\s\S]*)<\/Response>\s*$/.exec(twiml)?.[1] ?? (/<Response\s*\/>\s*$/.test(twiml) ? '' : null);
  if (body === null) return null;
  const verbs: { verb: string; attrs: Record<string, string>; xml: string }[] = [];
  for (const m of body.matchAll(/<(\w+)\b([^>]*?)(?:\/>|>[\s\S]*?<\/\1>)/g)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) attrs[a[1] ?? ''] = unescape(a[2] ?? '');
    verbs.push({ verb: m[1] ?? '', attrs, xml: m[0] });
  }
  return verbs;
}

/**
 * Runs the TwiML a live call was updated with (the route has already answered 200): the current
 * stream stops, then each verb in turn. Resolves once the TwiML has run.
 */
export async function runUpdatedTwiml(
  call: UpdatableCall,
  twiml: string,
  twilio: { readonly authToken: string; readonly complete: () => Promise<unknown> },
): Promise<void> {
  // Twilio ends the running <Connect><Stream> before anything else: `stop`, then the socket closes.
  call.streams.at(-1)?.stop();
  const verbs = twimlVerbs(twiml);
  if (verbs === null) {
    call.warnings.push('12100 Document parse failure');
    return void (await twilio.complete());
  }
  for (const v of verbs) {
    if (call.hungUp) return;
    if (v.verb === 'Play' && v.attrs.digits !== undefined) {
      if (!DIGITS.test(v.attrs.digits)) {
        call.warnings.push('13430 Play: Invalid DTMF String');
        continue;
      }
      await new Promise((r) => setTimeout(r, playMs(v.attrs.digits as string)));
      call.keysPlayed.push(v.attrs.digits);
    } else if (v.verb === 'Connect') {
      const stream = parseStreamTwiml(v.xml);
      if (!stream) {
        call.warnings.push('unsupported <Connect> noun');
        continue;
      }
      const { token, ...extraParams } = stream.params;
      try {
        const media = await CarrierVoiceSim.connect({
          streamUrl: stream.url,
          token: token ?? null,
          callSid: call.sid,
          authToken: twilio.authToken,
          extraParams,
          ...call.mediaOptions,
        });
        call.streams.push(media);
        call.media = media;
        media.start();
      } catch (err) {
        call.warnings.push(`31920 Stream - WebSocket - Handshake Error (${err instanceof Error ? err.message : 'refused'})`);
      }
      // <Connect><Stream> holds the call until its socket closes; nothing after it runs here.
      return;
    } else call.warnings.push(`unmodelled verb <${v.verb}>`);
  }
  // The TwiML ran out with no stream to hold the call: Twilio hangs up.
  await twilio.complete();
}
