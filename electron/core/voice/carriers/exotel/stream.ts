/**
 * Exotel Voicebot's wire format (bidirectional AgentStream), parsed strictly with zod. The same
 * events as Twilio in snake_case (https://developer.exotel.com/docs/agentstream/websocket-protocol):
 * in, `connected`, `start` {stream_sid, call_sid, account_sid, from, to, custom_parameters,
 * media_format {encoding "audio/x-raw", sample_rate "8000", bit_rate "16"}}, `media` {chunk,
 * timestamp, payload}, `dtmf` {digit, duration}, `mark` {name} (its audio finished playing), `stop`
 * {call_sid, account_sid, reason}; out, `media` {payload}, `mark` {name}, `clear`, each with
 * `stream_sid`. The audio format is read from `start.media_format` at run time: the Voicebot applet
 * and Connect Voice AI send 16-bit PCM (`audio/x-raw`), StartStream defaults to μ-law.
 *
 * Exotel's own bridge samples (github.com/exotel/Agent-Stream, docs/AGENTSTREAM_WSS_PROTOCOL.md)
 * warn that field names "can vary slightly by applet / Connect path" and read `streamSid` as well
 * as `stream_sid`; Pipecat's Exotel serializer sends `streamSid` outbound. So the parser takes either
 * spelling of the stream id, call id and custom parameters, and a `start` without media_format is
 * read as the documented default (8 kHz 16-bit PCM); what we send keeps the documented snake_case.
 *
 * `media_format` is advisory. It comes in more than one shape: the WebSocket protocol page's
 * {"encoding":"audio/x-raw","sample_rate":"8000","bit_rate":"16"} and the older support article's
 * {"encoding":"base64","sample_rate":"8000","bit_rate":"128kbps"} (the payload's transport encoding
 * and 8000 × 16 bits = 128 kbps: the same PCM). Exotel's own bridges and Pipecat's serializer ignore
 * it and take the rate from the `sample-rate` the StreamUrl asked for (ours says 8000). So a start
 * is never refused for its media_format: it is μ-law only when it says so (ExoML StartStream's
 * default), otherwise the 16-bit PCM the Voicebot and Connect Voice AI paths stream.
 */
import { z } from 'zod';
import type { AudioEncoding, CallCommand, CallEvent, CarrierCodec, MediaFormat } from '../../types';
import { commonEvent, formatCommand, parseFrame } from '../wire';

const Sid = z.string().min(1).max(64);
const Num = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]);
const Connected = z.object({ event: z.literal('connected') });
const Params = z.record(z.string().max(500), z.union([z.string().max(2000), z.number()]));
/** Read loosely: only its encoding is looked at, and a shape we do not know is no reason to drop a call. */
const Format = z.unknown();
const Start = z
  .object({
    event: z.literal('start'),
    stream_sid: Sid.optional(),
    streamSid: Sid.optional(),
    start: z.object({
      stream_sid: Sid.optional(),
      streamSid: Sid.optional(),
      call_sid: Sid.optional(),
      callSid: Sid.optional(),
      account_sid: Sid.optional(),
      custom_parameters: Params.optional(),
      customParameters: Params.optional(),
      media_format: Format.optional(),
    }),
  })
  .transform((frame) => ({
    event: frame.event,
    streamSid: frame.stream_sid ?? frame.streamSid ?? frame.start.stream_sid ?? frame.start.streamSid,
    callSid: frame.start.call_sid ?? frame.start.callSid,
    params: frame.start.custom_parameters ?? frame.start.customParameters ?? {},
    format: frame.start.media_format,
  }))
  .refine((f) => f.streamSid !== undefined && f.callSid !== undefined);
const Media = z.object({
  event: z.literal('media'),
  media: z.object({ chunk: Num.optional(), timestamp: Num.optional(), payload: z.string().max(300_000) }),
});
const Mark = z.object({ event: z.literal('mark'), mark: z.object({ name: z.string().max(200) }) });
const Dtmf = z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/) }) });
const Stop = z.object({ event: z.literal('stop') });

const SCHEMAS = { connected: Connected, start: Start, media: Media, mark: Mark, dtmf: Dtmf, stop: Stop } as const;

/**
 * Exotel asks for returned audio in multiples of 320 bytes, at least 3.2 KB and at most 100 KB per
 * message (support.exotel.com, "Working with the Stream Applet": smaller chunks stutter on jitter, a
 * part-chunk makes the platform wait 20 ms). 3,200 bytes is the smallest chunk that keeps every rule,
 * and the smallest keeps barge-in prompt: 200 ms of 16-bit PCM at 8 kHz (16 bytes/ms), 400 ms of μ-law.
 */
const EXOTEL_CHUNK = 3200;

/** The call encoding a media_format suggests: μ-law only when it names μ-law, else 16-bit PCM (see the header). */
function encodingOf(mediaFormat: unknown): AudioEncoding {
  const enc =
    typeof mediaFormat === 'object' && mediaFormat !== null && 'encoding' in mediaFormat && typeof mediaFormat.encoding === 'string'
      ? mediaFormat.encoding.toLowerCase()
      : '';
  return /mu-?law|ulaw/.test(enc) ? 'mulaw' : 'pcm16';
}

/** Exotel's codec. */
export const exotelCodec: CarrierCodec = {
  carrier: 'exotel',
  parse(text: string): CallEvent | null {
    const frame = parseFrame(text, 'Exotel', SCHEMAS);
    if (!frame) return null;
    switch (frame.event) {
      case 'connected':
        return { type: 'connected' };
      case 'start': {
        const params = Object.fromEntries(Object.entries(frame.params).map(([k, v]) => [k, String(v)]));
        return {
          type: 'start',
          streamId: frame.streamSid ?? '',
          callId: frame.callSid ?? '',
          params,
          format: { encoding: encodingOf(frame.format), sampleRate: 8000 },
        };
      }
      default:
        return commonEvent(frame, 'Exotel');
    }
  },
  format(command: CallCommand, streamId: string): string {
    return formatCommand(command, 'stream_sid', streamId);
  },
  chunkBytes(): number {
    return EXOTEL_CHUNK;
  },
  chunkMs(format: MediaFormat): number {
    return EXOTEL_CHUNK / (format.encoding === 'mulaw' ? 8 : 16);
  },
  bytesPerMs: 16,
};
