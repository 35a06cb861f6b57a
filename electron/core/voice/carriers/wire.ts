/**
 * What both carrier codecs share: reading one JSON text frame into the schema its `event` names
 * (unknown events are ignored, junk is INVALID_INPUT), strict base64, the events both carriers word
 * alike (media, mark, dtmf, stop) and the commands they take, apart from the stream id's field name.
 */
import type { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { CallCommand, CallEvent } from '../types';

const MAX_FRAME = 256 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses one frame against the schema of its event; null for an event not in `schemas`. */
export function parseFrame<S extends Record<string, z.ZodTypeAny>>(text: string, carrier: string, schemas: S): z.infer<S[keyof S]> | null {
  if (text.length > MAX_FRAME) throw new AppError('INVALID_INPUT', `A ${carrier} stream message was larger than any the carrier sends.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', `A ${carrier} stream message was not JSON.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AppError('INVALID_INPUT', `A ${carrier} stream message was not a JSON object.`);
  const event = (json as { event?: unknown }).event;
  if (typeof event !== 'string') throw new AppError('INVALID_INPUT', `A ${carrier} stream message had no event name.`);
  if (!Object.prototype.hasOwnProperty.call(schemas, event)) return null;
  const parsed = (schemas[event] as z.ZodTypeAny).safeParse(json);
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', `A ${carrier} "${event.slice(0, 20)}" message did not have the shape the carrier sends.`);
  return parsed.data as z.infer<S[keyof S]>;
}

/** Decodes strict base64 (no whitespace, right padding), or INVALID_INPUT. */
export function decodeBase64(text: string, carrier: string): Buffer {
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new AppError('INVALID_INPUT', `A ${carrier} media payload was not base64.`);
  return Buffer.from(text, 'base64');
}

/** A parsed frame of an event both carriers word alike. */
export type CommonFrame =
  | { readonly event: 'media'; readonly media: { readonly payload: string; readonly timestamp?: string | number } }
  | { readonly event: 'mark'; readonly mark: { readonly name: string } }
  | { readonly event: 'dtmf'; readonly dtmf: { readonly digit: string } }
  | { readonly event: 'stop' };

/** The call event of a frame both carriers word alike. */
export function commonEvent(frame: CommonFrame, carrier: string): CallEvent {
  switch (frame.event) {
    case 'media':
      return {
        type: 'media',
        audio: decodeBase64(frame.media.payload, carrier),
        timestampMs: frame.media.timestamp === undefined ? null : Number(frame.media.timestamp),
      };
    case 'mark':
      return { type: 'mark', name: frame.mark.name };
    case 'dtmf':
      return { type: 'dtmf', digit: frame.dtmf.digit };
    case 'stop':
      return { type: 'stop' };
  }
}

/** A command as a carrier's stream takes it; `sid` is the field that names the stream (Twilio `streamSid`, Exotel `stream_sid`). */
export function formatCommand(command: CallCommand, sid: 'streamSid' | 'stream_sid', streamId: string): string {
  switch (command.type) {
    case 'media':
      return JSON.stringify({ event: 'media', [sid]: streamId, media: { payload: command.audio.toString('base64') } });
    case 'mark':
      return JSON.stringify({ event: 'mark', [sid]: streamId, mark: { name: command.name } });
    case 'clear':
      return JSON.stringify({ event: 'clear', [sid]: streamId });
  }
}
