/** Call recordings as every surface sees them: what a recording is, its limits, and how it is exported. */
import { z } from 'zod';

/** Days a workspace keeps recordings unless it says otherwise. */
export const DEFAULT_RECORDING_RETENTION_DAYS = 90;
/** The longest retention a workspace may set (ten years). */
export const MAX_RECORDING_RETENTION_DAYS = 3650;
/** The largest WAV a recording can be (30 minutes, 2 channels, 8 kHz, 16-bit, plus the header); playback refuses anything larger. */
export const MAX_RECORDING_WAV_BYTES = 30 * 60 * 8000 * 2 * 2 + 44;

/** What is known of a call's recording without opening it. */
export const RecordingInfoSchema = z.object({
  callId: z.string(),
  createdAt: z.string(),
  durationMs: z.number().int().nonnegative(),
  wavBytes: z.number().int().nonnegative(),
  /** The call outlasted the longest recording kept: the end is missing. */
  truncated: z.boolean(),
  /** Left channel the caller, right channel the agent as sent to the carrier. */
  channels: z.tuple([z.literal('caller'), z.literal('agent')]),
  sampleRate: z.literal(8000),
  /** When the workspace's retention removes it. */
  expiresAt: z.string(),
});
/** What is known of a call's recording without opening it. */
export type RecordingInfo = z.infer<typeof RecordingInfoSchema>;

/** A call's recording opened in the core: the WAV bytes and what they are. */
export interface OpenedRecording {
  readonly info: RecordingInfo;
  readonly wav: Buffer;
}

/**
 * A call's recording as it crosses to the console: the WAV as base64 (a string survives every
 * bridge the console is driven through), capped at the largest WAV a recording can be.
 */
export const PlayableRecordingSchema = z.object({
  info: RecordingInfoSchema,
  wavBase64: z.string().max(Math.ceil(MAX_RECORDING_WAV_BYTES / 3) * 4, 'The recording is larger than any call can make.'),
});
/** A call's recording as the console receives it. */
export type PlayableRecording = z.infer<typeof PlayableRecordingSchema>;

/**
 * A recording in a call's JSON export: its facts, and the audio either as a file written beside the
 * export (`file`, a name relative to the export) or, when the export goes to standard output, inline
 * as base64 of the WAV (`wavBase64`).
 */
export interface RecordingExport extends RecordingInfo {
  readonly file: string | null;
  readonly wavBase64: string | null;
}
