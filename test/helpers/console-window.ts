/**
 * The window's side of a call from the console, as the Talk panel does it: its microphone's frames
 * sent at real-time pace (20 ms of 16 kHz PCM each), the agent's frames "played" at real-time pace,
 * each mark sent back once the audio before it has played, and a clear dropping what was not yet
 * played (its marks sent back at once, as a carrier does). Driven through the core's desk, as the
 * IPC handlers drive it.
 */
import type { TalkPush, TalkTurn } from '../../shared/talk';
import type { TalkDesk } from '../../electron/core/voice/talk/talk-desk';
import { speech } from '../sim/carrier-voice';

const FRAME_MS = 20;
const FRAME_BYTES = 640;

/** The window that talks. */
export class ConsoleWindow {
  /** Agent frames received (base64 decoded). */
  readonly heard: Buffer[] = [];
  /** Clears received. */
  clears = 0;
  /** Reply timings pushed. */
  readonly turns: TalkTurn[] = [];
  /** Marks sent back. */
  readonly played: string[] = [];
  private callId: string | null = null;
  private readonly pending: { name: string; timer: NodeJS.Timeout }[] = [];
  private playedUntil = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly desk: TalkDesk) {
    this.unsubscribe = desk.onPush((push) => this.take(push));
  }

  /** Starts a call with an agent; the agent greets the first frame. */
  async start(workspaceId: string, agentId: string): Promise<string> {
    const { callId } = await this.desk.start({ workspaceId, agentId, actor: 'console' });
    this.callId = callId;
    return callId;
  }

  /** Sends `ms` of quiet from the microphone, paced. */
  async quiet(ms: number): Promise<void> {
    await this.send(Buffer.alloc(Math.round(ms / FRAME_MS) * FRAME_BYTES));
  }

  /** Says `text` (espeak, 16 kHz PCM) into the microphone, paced, then `after` ms of quiet. */
  async say(text: string, after = 1200): Promise<void> {
    await this.send(speech(text, 'pcm16', 16_000));
    await this.quiet(after);
  }

  /** Sends one frame as it is (a hostile window's, say); throws what the desk throws. */
  raw(base64: string): void {
    this.desk.hear(this.id(), base64);
  }

  /** Resolves once the agent has said something and then nothing for `quietMs`, with every mark played back. */
  async agentDone(quietMs = 400, ms = 120_000): Promise<void> {
    const deadline = performance.now() + ms;
    let seen = -1;
    let since = performance.now();
    for (;;) {
      const now = performance.now();
      if (this.frames !== seen) {
        seen = this.frames;
        since = now;
      } else if (seen > 0 && this.pending.length === 0 && now - since >= quietMs && now >= this.playedUntil) return;
      if (now > deadline) throw new Error('the agent did not finish speaking');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Frames of agent audio received so far. */
  get frames(): number {
    return this.heard.length;
  }

  close(): void {
    this.unsubscribe();
    for (const mark of this.pending.splice(0)) clearTimeout(mark.timer);
  }

  private id(): string {
    if (!this.callId) throw new Error('the console window has no call yet');
    return this.callId;
  }

  /** Sends audio in 20 ms frames at real-time pace, stopping quietly once the call is over. */
  private async send(audio: Buffer): Promise<void> {
    const callId = this.id();
    const started = performance.now();
    for (let offset = 0, index = 0; offset < audio.length; offset += FRAME_BYTES, index += 1) {
      const frame = Buffer.alloc(FRAME_BYTES);
      audio.copy(frame, 0, offset, Math.min(offset + FRAME_BYTES, audio.length));
      if (!this.desk.has(callId)) return;
      this.desk.hear(callId, frame.toString('base64'));
      const due = started + (index + 1) * FRAME_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  }

  private take(push: TalkPush): void {
    if (push.callId !== this.callId) return;
    if (push.kind === 'audio') {
      const audio = Buffer.from(push.audio, 'base64');
      this.heard.push(audio);
      const now = performance.now();
      this.playedUntil = Math.max(this.playedUntil, now) + audio.length / 32;
    } else if (push.kind === 'mark') {
      const name = push.name;
      const timer = setTimeout(() => this.echo(name), Math.max(0, this.playedUntil - performance.now()));
      this.pending.push({ name, timer });
    } else if (push.kind === 'clear') {
      this.clears += 1;
      this.playedUntil = performance.now();
      for (const mark of this.pending.splice(0)) {
        clearTimeout(mark.timer);
        this.echo(mark.name);
      }
    } else this.turns.push(push.timing);
  }

  private echo(name: string): void {
    const index = this.pending.findIndex((mark) => mark.name === name);
    if (index >= 0) this.pending.splice(index, 1);
    if (!this.callId || !this.desk.has(this.callId)) return;
    this.played.push(name);
    this.desk.heard(this.callId, name);
  }
}
