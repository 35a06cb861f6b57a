/**
 * The console as a line: the operator's microphone and speakers, reached through the window's IPC
 * instead of a carrier's media socket. Its audio is 16-bit PCM at 16 kHz (the browser captures
 * wideband, and Deepgram and Cartesia both take it), cut into 20 ms frames like a carrier's, so the
 * call session paces and measures a console call exactly as it does a phone call.
 */
import type { CallLineFormat } from '../carriers/carrier';
import { TALK_FRAME_MS, TALK_SAMPLE_RATE } from '../../../../shared/talk';
import type { MediaFormat } from '../types';

/** The console's sample rate. */
export const CONSOLE_SAMPLE_RATE = TALK_SAMPLE_RATE;
/** Bytes per millisecond: 16 samples of 2 bytes. */
const BYTES_PER_MS = (CONSOLE_SAMPLE_RATE / 1000) * 2;

/** The console's media format. */
export const CONSOLE_FORMAT: MediaFormat = { encoding: 'pcm16', sampleRate: CONSOLE_SAMPLE_RATE };

/** How the console's audio is framed, and what STT and TTS are asked for. */
export const CONSOLE_LINE: CallLineFormat = {
  codec: { chunkBytes: () => TALK_FRAME_MS * BYTES_PER_MS, chunkMs: () => TALK_FRAME_MS, bytesPerMs: BYTES_PER_MS },
  audio: { leg: 'pcm16', stt: 'linear16', tts: 'pcm_s16le', sampleRate: CONSOLE_SAMPLE_RATE },
};

/** The most audio one frame from the window may carry: 200 ms (the console sends 20 ms). */
export const MAX_CONSOLE_FRAME_BYTES = 200 * BYTES_PER_MS;
