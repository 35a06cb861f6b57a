/**
 * What listen v1 (deepgram-live.ts) and Flux (deepgram-flux.ts) sockets share: caller audio sent
 * and metered, a keep-alive after `keepAliveMs` without traffic (each protocol says what it sends),
 * CloseStream with a moment for the last results before the socket is cut, and one failure
 * reported once (an error, or a close nobody asked for).
 */
import type WebSocket from 'ws';
import { AppError } from '../../../../shared/errors';
import type { Clock, TimerHandle } from '../clock';

/** What a Deepgram socket is told at its start. */
export interface DeepgramSocketOptions {
  readonly clock: Clock;
  /** Bytes of caller audio per second (metering). */
  readonly bytesPerSecond: number;
  /** Milliseconds without traffic before the keep-alive (default 4000). */
  readonly keepAliveMs?: number;
  /** The sentence for a socket that dropped. */
  readonly dropped: string;
}

/** The socket life both Deepgram streams share; a protocol adds its messages. */
export abstract class DeepgramSocket {
  private bytes = 0;
  private lastSentAt: number;
  private keepAlive: TimerHandle | null = null;
  private closing = false;
  private failed = false;
  private readonly keepAliveMs: number;
  private readonly closed: Promise<void>;

  protected constructor(
    protected readonly ws: WebSocket,
    private readonly socket: DeepgramSocketOptions,
  ) {
    this.keepAliveMs = socket.keepAliveMs ?? 4000;
    this.lastSentAt = socket.clock.now();
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.receive(data.toString());
    });
    ws.on('error', () => this.fail(new AppError('PROVIDER_UNREACHABLE', socket.dropped)));
    this.closed = new Promise((resolve) =>
      ws.once('close', () => {
        this.stopKeepAlive();
        this.onClosed();
        if (!this.closing) this.fail(new AppError('PROVIDER_UNREACHABLE', socket.dropped));
        resolve();
      }),
    );
    this.scheduleKeepAlive();
  }

  /** Bytes of caller audio per second. */
  protected get bytesPerSecond(): number {
    return this.socket.bytesPerSecond;
  }

  /** Seconds of audio sent so far (metered). */
  get audioSeconds(): number {
    return this.bytes / this.socket.bytesPerSecond;
  }

  /** Caller audio in the call's format, untouched. */
  send(audio: Buffer): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN || audio.length === 0) return;
    this.ws.send(audio);
    this.bytes += audio.length;
    this.lastSentAt = this.socket.clock.now();
  }

  /** Asks Deepgram to close: its last results come, then the socket closes (cut after 2 s). */
  async close(): Promise<void> {
    if (this.closing) return this.closed;
    this.sendJson({ type: 'CloseStream' });
    this.closing = true;
    this.stopKeepAlive();
    const cut = this.socket.clock.setTimeout(() => this.ws.terminate(), 2000);
    if (this.ws.readyState !== this.ws.OPEN) this.ws.terminate();
    await this.closed;
    this.socket.clock.clearTimeout(cut);
  }

  /** Whether the socket is open and not closing. */
  protected get open(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a control message while the socket is open and not closing. */
  protected sendJson(message: object): void {
    if (!this.open) return;
    this.ws.send(JSON.stringify(message));
  }

  /** Ends the socket and reports `error` once. */
  protected fail(error: AppError): void {
    if (this.failed || this.closing) return;
    this.failed = true;
    this.closing = true;
    this.stopKeepAlive();
    this.onClosed();
    this.ws.terminate();
    this.reportFailure(error);
  }

  /** A text message from Deepgram. */
  protected abstract receive(text: string): void;
  /** What the protocol sends to keep the socket open after keepAliveMs without traffic. */
  protected abstract sendKeepAlive(): void;
  /** Tells the protocol's handlers the socket failed. */
  protected abstract reportFailure(error: AppError): void;
  /** The socket is closing or closed: the protocol settles what it still waits for. */
  protected onClosed(): void {}

  /** Counts `now` as traffic (a keep-alive that is not audio). */
  protected touched(): void {
    this.lastSentAt = this.socket.clock.now();
  }

  private scheduleKeepAlive(): void {
    const { clock } = this.socket;
    const due = this.lastSentAt + this.keepAliveMs - clock.now();
    this.keepAlive = clock.setTimeout(
      () => {
        // Audio counts as traffic: the keep-alive goes out only after keepAliveMs with nothing sent.
        if (clock.now() - this.lastSentAt >= this.keepAliveMs) this.sendKeepAlive();
        this.scheduleKeepAlive();
      },
      Math.max(0, due),
    );
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) this.socket.clock.clearTimeout(this.keepAlive);
    this.keepAlive = null;
  }
}
