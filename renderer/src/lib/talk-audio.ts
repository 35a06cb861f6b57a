/**
 * Talk's audio in the window: the microphone (with the browser's echo cancellation, noise
 * suppression and gain control) captured at 16 kHz by an audio worklet into 20 ms frames of 16-bit
 * PCM, and the agent's frames played back to back on the speakers with a small jitter buffer. A
 * mark is reported once the audio before it has played; a clear stops what has not, and reports its
 * marks at once, as a carrier does.
 */
import { TALK_SAMPLE_RATE } from '../../../shared/talk';

/** Seconds of agent audio held before the first frame plays, so a late frame does not click. */
const LEAD_S = 0.06;

/** What the audio reports to the page. */
export interface TalkAudioEvents {
  /** One 20 ms frame from the microphone, base64 16-bit PCM. */
  frame(base64: string): void;
  /** The microphone's level, 0–1, about five times a second. */
  level(level: number): void;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(base64: string): Float32Array<ArrayBuffer> {
  const text = atob(base64);
  const view = new DataView(new ArrayBuffer(text.length));
  for (let index = 0; index < text.length; index += 1) view.setUint8(index, text.charCodeAt(index));
  const samples = new Float32Array(text.length >> 1);
  for (let index = 0; index < samples.length; index += 1) samples[index] = view.getInt16(index * 2, true) / 0x8000;
  return samples;
}

/** Why the microphone could not be opened, in one sentence. */
export function microphoneSentence(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Switchboard was not allowed to use the microphone.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'This computer has no microphone Switchboard can use.';
  if (name === 'NotReadableError') return 'The microphone is in use by another program.';
  return 'The microphone could not be opened.';
}

/** The window's microphone and speakers for one call. */
export class TalkAudio {
  private playhead = 0;
  private readonly sources = new Set<AudioBufferSourceNode>();
  private readonly marks = new Map<string, { timer: number; played: () => void }>();
  private levelSum = 0;
  private levelFrames = 0;
  private closed = false;
  /** Frames of agent audio played (scheduled) so far. */
  played = 0;

  private constructor(
    private readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly capture: AudioWorkletNode,
    private readonly events: TalkAudioEvents,
  ) {
    capture.port.onmessage = (message: MessageEvent<ArrayBuffer>) => this.captured(new Int16Array(message.data));
  }

  /** Opens the microphone and the 16 kHz audio graph; throws a DOMException the caller turns into a sentence. */
  static async open(events: TalkAudioEvents): Promise<TalkAudio> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
      video: false,
    });
    try {
      const context = new AudioContext({ sampleRate: TALK_SAMPLE_RATE, latencyHint: 'interactive' });
      await context.audioWorklet.addModule(new URL('talk-capture.js', document.baseURI).href);
      const capture = new AudioWorkletNode(context, 'talk-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1 });
      context.createMediaStreamSource(stream).connect(capture);
      await context.resume();
      return new TalkAudio(context, stream, capture, events);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      throw err;
    }
  }

  /** Whether the browser applied echo cancellation to the microphone. */
  get echoCancellation(): boolean {
    return this.stream.getAudioTracks()[0]?.getSettings().echoCancellation === true;
  }

  /** Plays one frame of the agent's audio after what is already queued. */
  play(base64: string): void {
    if (this.closed) return;
    const samples = fromBase64(base64);
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, TALK_SAMPLE_RATE);
    buffer.copyToChannel(samples, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const now = this.context.currentTime;
    if (this.playhead < now) this.playhead = now + LEAD_S;
    source.start(this.playhead);
    this.playhead += buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
    this.played += 1;
  }

  /** Reports `name` once the audio queued before it has played. */
  mark(name: string, played: () => void): void {
    if (this.closed) return;
    const wait = Math.max(0, this.playhead - this.context.currentTime) * 1000;
    const timer = window.setTimeout(() => {
      this.marks.delete(name);
      played();
    }, wait);
    this.marks.set(name, { timer, played });
  }

  /** Stops what has not played (the caller talked over the agent) and reports its marks now. */
  clear(): void {
    for (const source of this.sources) source.stop();
    this.sources.clear();
    this.playhead = this.context.currentTime;
    for (const [name, mark] of this.marks) {
      window.clearTimeout(mark.timer);
      this.marks.delete(name);
      mark.played();
    }
  }

  /** Releases the microphone and the audio graph. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const mark of this.marks.values()) window.clearTimeout(mark.timer);
    this.marks.clear();
    this.capture.port.onmessage = null;
    for (const track of this.stream.getTracks()) track.stop();
    void this.context.close().catch(() => undefined);
  }

  private captured(frame: Int16Array): void {
    if (this.closed) return;
    this.events.frame(toBase64(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)));
    let sum = 0;
    for (const sample of frame) sum += (sample / 0x8000) ** 2;
    this.levelSum += Math.sqrt(sum / frame.length);
    this.levelFrames += 1;
    if (this.levelFrames === 10) {
      this.events.level(Math.min(1, (this.levelSum / this.levelFrames) * 4));
      this.levelSum = 0;
      this.levelFrames = 0;
    }
  }
}
