/**
 * Talking to an agent from the console: what the window sends (its microphone's frames, the marks
 * it played) and what it is pushed (the agent's frames, marks, a clear on barge-in, each reply's
 * timing). Audio is 16-bit little-endian PCM at 16 kHz, mono, base64 on the wire.
 */
import { z } from 'zod';

/** The console's sample rate (the core's console line speaks the same). */
export const TALK_SAMPLE_RATE = 16_000;
/** Milliseconds of audio in each frame the window sends. */
export const TALK_FRAME_MS = 20;
/** The longest base64 frame the window may send or be sent: 200 ms of audio (6,400 bytes). */
export const TALK_MAX_FRAME_CHARS = 8_536;

/** One reply's timing on a console call. */
export const TalkTurnSchema = z.object({
  turn: z.number().int().min(0),
  /** The caller's last voiced frame → the reply's first frame handed to the window (null when the caller never spoke). */
  voiceToVoiceMs: z.number().min(0).nullable(),
  /** The caller's turn confirmed → the reply's first frame, provider time included. */
  replyMs: z.number().min(0),
  /** Switchboard's own share of the reply time. */
  runnerMs: z.number().min(0),
});
/** One reply's timing on a console call. */
export type TalkTurn = z.infer<typeof TalkTurnSchema>;

/** What the core pushes to the window that talks (`event:talk`). */
export const TalkPushSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('audio'), callId: z.string(), audio: z.string().max(TALK_MAX_FRAME_CHARS) }),
  z.object({ kind: z.literal('mark'), callId: z.string(), name: z.string().max(200) }),
  z.object({ kind: z.literal('clear'), callId: z.string() }),
  z.object({ kind: z.literal('turn'), callId: z.string(), timing: TalkTurnSchema }),
]);
/** One push to the window that talks. */
export type TalkPush = z.infer<typeof TalkPushSchema>;
