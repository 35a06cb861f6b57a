/**
 * Twilio Media Streams' wire format (bidirectional <Connect><Stream>), parsed strictly with zod:
 * connected, start, media, mark, dtmf, stop in; media, mark, clear out. Twilio sends μ-law 8 kHz
 * mono and expects the same back, base64 without a header; 20 ms is 160 bytes.
 */
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import type { CallCommand, CallEvent, CarrierCodec, MediaFormat } from '../../types';
import { commonEvent, formatCommand, parseFrame } from '../wire';

const Sid = z.string().min(1).max(64);
const Connected = z.object({ event: z.literal('connected'), protocol: z.string().optional(), version: z.string().optional() });
const Start = z.object({
  event: z.literal('start'),
  streamSid: Sid,
  start: z.object({
    streamSid: Sid.optional(),
    callSid: Sid,
    accountSid: Sid.optional(),
    tracks: z.array(z.string()).optional(),
    customParameters: z.record(z.string().max(500), z.string().max(2000)).optional(),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number().optional() }),
  }),
});
const Media = z.object({
  event: z.literal('media'),
  media: z.object({
    track: z.string().optional(),
    chunk: z.string().optional(),
    timestamp: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    payload: z.string().max(200_000),
  }),
});
const Mark = z.object({ event: z.literal('mark'), mark: z.object({ name: z.string().max(200) }) });
const Dtmf = z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/) }) });
const Stop = z.object({ event: z.literal('stop') });

const SCHEMAS = { connected: Connected, start: Start, media: Media, mark: Mark, dtmf: Dtmf, stop: Stop } as const;

/** Twilio's codec. */
export const twilioCodec: CarrierCodec = {
  carrier: 'twilio',
  parse(text: string): CallEvent | null {
    const frame = parseFrame(text, 'Twilio', SCHEMAS);
    if (!frame) return null;
    switch (frame.event) {
      case 'connected':
        return { type: 'connected' };
      case 'start': {
        const format = frame.start.mediaFormat;
        // Twilio only ever streams μ-law 8 kHz; anything else is not a Twilio stream we can serve.
        if (format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000 || (format.channels ?? 1) !== 1) {
          throw new AppError('INVALID_INPUT', 'The Twilio stream announced an audio format other than 8 kHz mono μ-law.');
        }
        return {
          type: 'start',
          streamId: frame.streamSid,
          callId: frame.start.callSid,
          params: frame.start.customParameters ?? {},
          format: { encoding: 'mulaw', sampleRate: 8000 },
        };
      }
      default:
        return commonEvent(frame, 'Twilio');
    }
  },
  format(command: CallCommand, streamId: string): string {
    return formatCommand(command, 'streamSid', streamId);
  },
  chunkBytes(format: MediaFormat): number {
    return format.encoding === 'mulaw' ? 160 : 320;
  },
  chunkMs(): number {
    return 20;
  },
  bytesPerMs: 8,
};
