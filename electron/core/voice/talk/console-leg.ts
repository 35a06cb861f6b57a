/**
 * A console call's leg: what a carrier's media socket is to a phone call, for the window's
 * microphone and speakers. Frames the window sends arrive through `hear`, marks the window played
 * through `heard`; what the session sends (audio, marks, a clear on barge-in) goes to the window
 * through the speaker. It also notes when the caller's voice was last heard, so the console can
 * show each reply's voice-to-voice time.
 */
import { AppError } from '../../../../shared/errors';
import type { Clock } from '../clock';
import type { CallCommand, CallEvent, CallLeg } from '../types';
import { CONSOLE_FORMAT, MAX_CONSOLE_FRAME_BYTES } from './console-line';

/** Where the agent's side of a console call goes: the window that talks. */
export interface ConsoleSpeaker {
  /** One frame of agent audio (16-bit PCM, base64). */
  audio(base64: string): void;
  /** A mark after the audio before it: the window sends it back once that audio has played. */
  mark(name: string): void;
  /** Drop every frame not yet played (the caller talked over the agent). */
  clear(): void;
}

/** A 16-bit RMS at or above which a frame counts as the caller's voice. */
const VOICE_RMS = 500;

/** Root mean square of 16-bit little-endian samples. */
function rms(audio: Buffer): number {
  const samples = audio.length >> 1;
  if (samples === 0) return 0;
  let sum = 0;
  for (let offset = 0; offset + 1 < audio.length; offset += 2) {
    const sample = audio.readInt16LE(offset);
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples);
}

/** The console's end of one call. */
export class ConsoleLeg implements CallLeg {
  readonly carrier = 'console' as const;
  readonly format = CONSOLE_FORMAT;
  readonly streamId: string;
  private readonly eventListeners: ((event: CallEvent) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private readonly faultListeners: ((reason: string) => void)[] = [];
  private closed = false;
  /** When the caller's voice was last heard (clock ms), or null before they spoke. */
  private voiceAt: number | null = null;

  constructor(
    readonly callId: string,
    private readonly speaker: ConsoleSpeaker,
    private readonly clock: Clock,
  ) {
    this.streamId = `console-${callId}`;
  }

  onEvent(listener: (event: CallEvent) => void): void {
    this.eventListeners.push(listener);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  onFault(listener: (reason: string) => void): void {
    this.faultListeners.push(listener);
  }

  /** When the caller's voice was last heard, on the call's clock (null before they spoke). */
  get lastVoiceAt(): number | null {
    return this.voiceAt;
  }

  /** A frame of the caller's audio from the window; a frame that is not 16-bit PCM of a sane size ends the call with a sentence. */
  hear(audio: Buffer): void {
    if (this.closed) return;
    if (audio.length === 0 || audio.length % 2 !== 0 || audio.length > MAX_CONSOLE_FRAME_BYTES)
      return this.fault('The console sent audio that is not 16-bit PCM frames of at most 200 ms.');
    if (rms(audio) >= VOICE_RMS) this.voiceAt = this.clock.now();
    this.dispatch({ type: 'media', audio, timestampMs: null });
  }

  /** The window played the audio before a mark (or dropped it on a clear). */
  heard(name: string): void {
    if (!this.closed) this.dispatch({ type: 'mark', name });
  }

  send(command: CallCommand): void {
    if (this.closed) return;
    if (command.type === 'media') this.speaker.audio(command.wire ?? command.audio.toString('base64'));
    else if (command.type === 'mark') this.speaker.mark(command.name);
    else this.speaker.clear();
  }

  /** The window's wire for a frame is its base64, made when the pacer queues it. */
  prepare(command: CallCommand): string {
    return command.type === 'media' ? command.audio.toString('base64') : '';
  }

  /** The caller hung up (the operator ended the call), or the agent did: the leg closes once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private fault(reason: string): void {
    for (const listener of this.faultListeners.splice(0)) listener(reason);
    this.close();
  }

  private dispatch(event: CallEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }
}

/** The frame a window sent, decoded; one sentence when it is not base64. */
export function consoleFrame(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0)
    throw new AppError('INVALID_INPUT', 'The console sent audio that is not base64.');
  return Buffer.from(base64, 'base64');
}
