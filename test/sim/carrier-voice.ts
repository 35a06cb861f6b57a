/**
 * A carrier's side of a media stream, for tests: opens the runner's media WebSocket the way Twilio
 * (or Exotel) does, with a correct, wrong or missing X-Twilio-Signature, sends connected + start,
 * plays a caller made of real speech (espeak-ng → sox → 8 kHz mono μ-law or 16-bit PCM) in 20 ms
 * frames at real-time pace (the pace is injectable), records what the runner sends back with
 * arrival times, and returns marks when the audio before them would have finished playing.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import type { AudioEncoding, CarrierId } from '../../electron/core/voice/types';

/** How the simulated carrier connects. */
export interface CarrierVoiceOptions {
  readonly streamUrl: string;
  /** The stream token put in the parameters (null: none sent). */
  readonly token: string | null;
  readonly callSid: string;
  /** The account's auth token that signs the upgrade (Twilio). */
  readonly authToken: string | null;
  readonly carrier?: CarrierId;
  readonly encoding?: AudioEncoding;
  /** `valid` (default), `wrong` (signed with another secret) or `missing`. */
  readonly signature?: 'valid' | 'wrong' | 'missing';
  /** Waits between frames; real time by default, tests pass a faster one. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock arrival times are read from (ms). */
  readonly now?: () => number;
  /** Marks come back when their audio would have played (default) or at once. */
  readonly markEcho?: 'after-audio' | 'immediate';
  readonly extraParams?: Readonly<Record<string, string>>;
  /**
   * Exotel's start.media_format: `protocol` (the WebSocket protocol page: audio/x-raw, 8000, 16),
   * `article` (the older support article: base64, 8000, 128kbps) or `none` (left out).
   */
  readonly exotelStart?: 'protocol' | 'article' | 'none';
}

/** One message the runner sent, with when it arrived. */
export type Received =
  | { readonly kind: 'media'; readonly at: number; readonly audio: Buffer }
  | { readonly kind: 'mark'; readonly at: number; readonly name: string }
  | { readonly kind: 'clear'; readonly at: number };

const FRAME_MS = 20;
const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CACHE = join(tmpdir(), 'switchboard-carrier-voice');

/** Real speech for `text` as raw 8 kHz mono audio, synthesised once per text and encoding. */
export function speech(text: string, encoding: AudioEncoding, sampleRate: 8000 | 16000 = 8000): Buffer {
  mkdirSync(CACHE, { recursive: true });
  const name = createHash('sha256').update(`${encoding}\n${sampleRate}\n${text}`).digest('hex').slice(0, 32);
  const file = join(CACHE, `${name}.raw`);
  if (!existsSync(file)) {
    const wav = execFileSync('espeak-ng', ['--stdout', '-s', '160', '--', text], { maxBuffer: 64 * 1024 * 1024 });
    const enc = encoding === 'mulaw' ? ['-e', 'mu-law', '-b', '8'] : ['-e', 'signed-integer', '-b', '16', '-L'];
    execFileSync('sox', ['-q', '-t', 'wav', '-', '-t', 'raw', '-r', String(sampleRate), '-c', '1', ...enc, file], { input: wav });
  }
  return readFileSync(file);
}

/** One simulated carrier media stream. */
export class CarrierVoiceSim {
  /** Every message from the runner, in arrival order. */
  readonly received: Received[] = [];
  /**
   * Messages from the runner the carrier would not act on, and why: Twilio Media Streams takes only
   * `media` {payload}, `mark` {name} and `clear`, each with the stream's `streamSid` (Twilio's
   * "Media Streams - WebSocket Messages" docs); Exotel the same with `stream_sid`. Neither takes a
   * `dtmf` message from the server.
   */
  readonly violations: string[] = [];
  /** Mark names returned to the runner, in order. */
  readonly echoed: string[] = [];
  /** Resolves with the close code and reason once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly streamSid = `MZ${randomBytes(16).toString('hex')}`;
  private readonly pending: { name: string; timer: NodeJS.Timeout | null }[] = [];
  private playedUntil = 0;
  /** Sequence numbers of DTMF messages (after `start`'s 1). */
  private sequence = 1;
  private readonly carrier: CarrierId;
  private readonly encoding: AudioEncoding;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  private constructor(
    private readonly ws: WebSocket,
    private readonly o: CarrierVoiceOptions,
  ) {
    this.carrier = o.carrier ?? 'twilio';
    this.encoding = o.encoding ?? (this.carrier === 'twilio' ? 'mulaw' : 'pcm16');
    this.sleep = o.sleep ?? realSleep;
    this.now = o.now ?? Date.now;
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data: Buffer) => this.inbound(data.toString('utf8')));
  }

  /** Opens the media socket; rejects with the HTTP status when the upgrade is refused. */
  static connect(o: CarrierVoiceOptions): Promise<CarrierVoiceSim> {
    const headers: Record<string, string> = {};
    const mode = o.signature ?? 'valid';
    if ((o.carrier ?? 'twilio') === 'twilio' && mode !== 'missing') {
      const secret = mode === 'valid' ? (o.authToken ?? '') : 'not-the-auth-token-0000000000000';
      headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(secret, o.streamUrl, {});
    }
    const ws = new WebSocket(o.streamUrl, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new CarrierVoiceSim(ws, o)));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  /** Sends `connected` then `start` with the token and call sid (as the carrier would). */
  start(): void {
    const params = { ...(this.o.token === null ? {} : { token: this.o.token }), ...this.o.extraParams };
    if (this.carrier === 'twilio') {
      this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
      this.send({
        event: 'start',
        sequenceNumber: '1',
        streamSid: this.streamSid,
        start: {
          streamSid: this.streamSid,
          accountSid: 'AC00000000000000000000000000000000',
          callSid: this.o.callSid,
          tracks: ['inbound'],
          customParameters: params,
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      });
    } else {
      this.send({ event: 'connected' });
      const shape = this.o.exotelStart ?? 'protocol';
      const format =
        this.encoding === 'mulaw'
          ? { encoding: 'audio/x-mulaw', sample_rate: '8000' }
          : shape === 'article'
            ? { encoding: 'base64', sample_rate: '8000', bit_rate: '128kbps' }
            : { encoding: 'audio/x-raw', sample_rate: '8000', bit_rate: '16' };
      const start = {
        stream_sid: this.streamSid,
        call_sid: this.o.callSid,
        account_sid: 'exotel-sim',
        from: '+919812345678',
        to: '+918047491899',
        custom_parameters: params,
        ...(shape === 'none' ? {} : { media_format: format }),
      };
      this.send({ event: 'start', sequence_number: '1', stream_sid: this.streamSid, start });
    }
  }

  /** Sends raw audio as one media message. */
  media(audio: Buffer, timestampMs = 0): void {
    const media = { payload: audio.toString('base64'), timestamp: String(timestampMs) };
    this.send(
      this.carrier === 'twilio'
        ? { event: 'media', streamSid: this.streamSid, media: { track: 'inbound', ...media } }
        : { event: 'media', stream_sid: this.streamSid, media },
    );
  }

  /** Plays `text` as caller speech in 20 ms frames at the injected pace, then `silenceMs` of silence. */
  async speak(text: string, silenceMs = 600): Promise<number> {
    const audio = speech(text, this.encoding);
    await this.play(audio);
    await this.silence(silenceMs);
    return audio.length / this.bytesPerMs();
  }

  /** Plays raw audio (the call's encoding) in 20 ms frames at the injected pace. */
  async playAudio(audio: Buffer): Promise<void> {
    await this.play(audio);
  }

  /** Plays silence frames for `ms`. */
  async silence(ms: number): Promise<void> {
    await this.play(Buffer.alloc(Math.round(ms * this.bytesPerMs()), this.encoding === 'mulaw' ? 0xff : 0));
  }

  /**
   * Sends a DTMF digit as each carrier does: Twilio `{event, streamSid, sequenceNumber, dtmf: {track:
   * "inbound_track", digit}}` (Media Streams' WebSocket messages), Exotel `{event, stream_sid,
   * sequence_number, dtmf: {digit, duration}}` (AgentStream's WebSocket protocol).
   */
  dtmf(digit: string): void {
    this.sequence += 1;
    if (this.carrier === 'twilio')
      this.send({
        event: 'dtmf',
        streamSid: this.streamSid,
        sequenceNumber: String(this.sequence),
        dtmf: { track: 'inbound_track', digit },
      });
    else this.send({ event: 'dtmf', stream_sid: this.streamSid, sequence_number: String(this.sequence), dtmf: { digit, duration: '120' } });
  }

  /** Sends any text frame as is (for junk and protocol tests). */
  raw(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  /** Sends `stop` and closes the socket. */
  stop(): void {
    this.send({ event: 'stop', ...(this.carrier === 'twilio' ? { streamSid: this.streamSid } : { stream_sid: this.streamSid }) });
    for (const p of this.pending.splice(0)) if (p.timer) clearTimeout(p.timer);
    this.ws.close(1000);
  }

  /** Every byte of agent audio received, in order. */
  agentAudio(): Buffer {
    return Buffer.concat(this.received.flatMap((r) => (r.kind === 'media' ? [r.audio] : [])));
  }

  private bytesPerMs(): number {
    return this.encoding === 'mulaw' ? 8 : 16;
  }

  private async play(audio: Buffer): Promise<void> {
    const frame = FRAME_MS * this.bytesPerMs();
    for (let at = 0, t = 0; at < audio.length; at += frame, t += FRAME_MS) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.media(audio.subarray(at, at + frame), t);
      await this.sleep(FRAME_MS);
    }
  }

  private send(msg: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private inbound(text: string): void {
    const at = this.now();
    let msg: { event?: unknown; media?: { payload: string }; mark?: { name: string }; streamSid?: unknown; stream_sid?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return void this.violations.push('not JSON');
    }
    const sid = this.carrier === 'twilio' ? msg.streamSid : (msg.stream_sid ?? msg.streamSid);
    if (sid !== this.streamSid)
      return void this.violations.push(
        `${String(msg.event)} without this stream's ${this.carrier === 'twilio' ? 'streamSid' : 'stream_sid'}`,
      );
    if (msg.event === 'media' && (typeof msg.media?.payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(msg.media.payload)))
      return void this.violations.push('media without a base64 payload');
    if (msg.event === 'mark' && typeof msg.mark?.name !== 'string') return void this.violations.push('mark without a name');
    // Neither stream takes keys from the server: Twilio plays them through a call update, Exotel not at all.
    if (msg.event === 'dtmf') return void this.violations.push('dtmf from the server: the stream takes no key message');
    if (msg.event !== 'media' && msg.event !== 'mark' && msg.event !== 'clear')
      return void this.violations.push(`unknown event ${String(msg.event)}`);
    if (msg.event === 'media' && msg.media) {
      const audio = Buffer.from(msg.media.payload, 'base64');
      this.received.push({ kind: 'media', at, audio });
      this.playedUntil = Math.max(this.playedUntil, at) + audio.length / this.bytesPerMs();
    } else if (msg.event === 'mark' && msg.mark) {
      this.received.push({ kind: 'mark', at, name: msg.mark.name });
      const wait = this.o.markEcho === 'immediate' ? 0 : Math.max(0, this.playedUntil - at);
      const entry: { name: string; timer: NodeJS.Timeout | null } = { name: msg.mark.name, timer: null };
      this.pending.push(entry);
      entry.timer = setTimeout(() => this.echo(entry), wait);
    } else if (msg.event === 'clear') {
      this.received.push({ kind: 'clear', at });
      // Twilio returns every pending mark at once when the buffer is cleared.
      this.playedUntil = at;
      for (const p of [...this.pending]) this.echo(p);
    }
  }

  private echo(entry: { name: string; timer: NodeJS.Timeout | null }): void {
    const i = this.pending.indexOf(entry);
    if (i < 0) return;
    this.pending.splice(i, 1);
    if (entry.timer) clearTimeout(entry.timer);
    this.echoed.push(entry.name);
    const mark = { name: entry.name };
    this.send(
      this.carrier === 'twilio' ? { event: 'mark', streamSid: this.streamSid, mark } : { event: 'mark', stream_sid: this.streamSid, mark },
    );
  }
}
