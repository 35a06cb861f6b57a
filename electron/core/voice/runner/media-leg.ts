/**
 * One carrier media socket after its upgrade was accepted: waits for `start` (ignoring
 * `connected`), checks the stream token and call id, and only then turns into a CallLeg. Until
 * every check passed no media frame is parsed for its audio or handed on: anything but
 * `connected` before `start` closes the socket with 1008 (policy violation).
 */
import { AsyncResource } from 'node:async_hooks';
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { AppError } from '../../../../shared/errors';
import type { CallCommand, CallEvent, CallLeg, CarrierCodec, ExpectedCall } from '../types';

/** Why a socket was refused, for the audit log (never holds a token or an id). */
export type RefusalReason =
  | 'unknown-ref'
  | 'bad-signature'
  | 'no-start'
  | 'media-before-start'
  | 'bad-message'
  | 'bad-frame'
  | 'bad-token'
  | 'no-token'
  | 'replayed-token'
  | 'wrong-call'
  | 'not-placed'
  | 'too-many-sockets';

/** The registration a socket is checked against, with its single-use flag. */
export interface Registration {
  readonly ref: string;
  readonly call: ExpectedCall;
  tokenUsed: boolean;
}

/** What the accepting server gives one socket. */
export interface LegOptions {
  readonly codec: CarrierCodec;
  readonly reg: Registration;
  readonly startTimeoutMs: number;
  readonly refuse: (reason: RefusalReason) => void;
  /**
   * The upgrade request already carried this call's token and spent it (Exotel puts the StreamUrl's
   * query on the socket request): `start` need not repeat it, but a token it does carry must match.
   */
  readonly tokenSpentAtUpgrade?: boolean;
}

/** Whether `given` is `expected`, compared in constant time. */
export function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const givenBytes = Buffer.from(given);
  const expectedBytes = Buffer.from(expected);
  return givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
}

/** Drives one accepted socket until it is refused or handed to `reg.call.onLeg`. */
export function awaitStart(ws: WebSocket, options: LegOptions): void {
  let done = false;
  const refuse = (reason: RefusalReason): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    ws.off('message', onMessage);
    ws.close(1008, 'Refused');
    options.refuse(reason);
  };
  const timer = setTimeout(() => refuse('no-start'), options.startTimeoutMs);
  const onMessage = (data: Buffer, isBinary: boolean): void => {
    if (done) return;
    if (isBinary) return refuse('bad-message');
    let event: CallEvent | null;
    try {
      event = options.codec.parse(data.toString('utf8'));
    } catch (err) {
      if (err instanceof AppError) return refuse('bad-message');
      throw err;
    }
    if (event === null || event.type === 'connected') return;
    if (event.type !== 'start') return refuse('media-before-start');
    if (options.tokenSpentAtUpgrade) {
      if (event.params.token !== undefined && !sameToken(event.params.token, options.reg.call.token)) return refuse('bad-token');
    } else {
      if (!sameToken(event.params.token, options.reg.call.token)) return refuse('bad-token');
      // Single use: the first start with the right token spends it, whatever follows.
      if (options.reg.tokenUsed) return refuse('replayed-token');
      options.reg.tokenUsed = true;
    }
    if (options.reg.call.callId === null) return refuse('not-placed');
    if (event.callId !== options.reg.call.callId) return refuse('wrong-call');
    done = true;
    clearTimeout(timer);
    ws.off('message', onMessage);
    options.reg.call.onLeg(openLeg(ws, options.codec, event));
  };
  ws.on('message', onMessage);
  // A frame `ws` cannot read (over the size cap, bad UTF-8, reserved bits) arrives as 'error' and
  // `ws` closes the socket itself; unheard, that event would end the whole process.
  ws.on('error', () => refuse('bad-frame'));
  ws.on('close', () => {
    if (!done) {
      done = true;
      clearTimeout(timer);
    }
  });
}

/** A CallLeg over an authenticated socket; events before the first onEvent are kept, not lost. */
function openLeg(ws: WebSocket, codec: CarrierCodec, start: Extract<CallEvent, { type: 'start' }>): CallLeg {
  const listeners: ((event: CallEvent) => void)[] = [];
  const closers: (() => void)[] = [];
  const faulters: ((reason: string) => void)[] = [];
  const early: CallEvent[] = [];
  let closed = false;
  let fault: string | null = null;
  const faulted = (reason: string): void => {
    if (fault !== null) return;
    fault = reason;
    for (const fn of faulters.splice(0)) fn(reason);
    if (ws.readyState === ws.OPEN) ws.close(1011, 'Call ended');
  };
  const deliver = (event: CallEvent): void => {
    // What one call does with its frame is that call's business: a throw ends this call, not the runner.
    try {
      for (const fn of listeners) fn(event);
    } catch (err) {
      faulted(`Handling the carrier's ${event.type} message failed (${errorName(err)}), so the call was ended.`);
    }
  };
  ws.on('error', (err: Error) => faulted(frameFault(err)));
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    let event: CallEvent | null;
    try {
      event = codec.parse(data.toString('utf8'));
    } catch {
      return; // One malformed frame from an authenticated carrier is dropped, not fatal to the call.
    }
    if (event === null || event.type === 'connected' || event.type === 'start') return;
    if (listeners.length === 0) early.push(event);
    else deliver(event);
  });
  ws.on('close', () => {
    closed = true;
    for (const fn of closers.splice(0)) fn();
  });
  return {
    carrier: codec.carrier,
    callId: start.callId,
    streamId: start.streamId,
    format: start.format,
    onEvent(fn) {
      // Bound to the subscriber's context: an error escaping it names that call (fault-guard.ts).
      listeners.push(AsyncResource.bind(fn));
      for (const event of early.splice(0)) deliver(event);
    },
    onFault(fn) {
      if (fault !== null) fn(fault);
      else faulters.push(fn);
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    send(command: CallCommand) {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(command.type === 'media' && command.wire !== undefined ? command.wire : codec.format(command, start.streamId));
    },
    prepare(command: CallCommand) {
      return codec.format(command, start.streamId);
    },
    close() {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000, 'Call over');
    },
  };
}

/** One sentence for a frame `ws` refused on a live call (its error codes, ws/lib/receiver.js). */
export function frameFault(err: Error): string {
  const code = (err as { code?: unknown }).code;
  const what =
    code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
      ? 'a frame over the size limit'
      : code === 'WS_ERR_INVALID_UTF8'
        ? 'a text frame that is not valid UTF-8'
        : code === 'WS_ERR_UNEXPECTED_RSV_1' || code === 'WS_ERR_UNEXPECTED_RSV_2_3'
          ? 'a frame with reserved bits set'
          : 'a frame that breaks the WebSocket protocol';
  return `The carrier's media stream sent ${what}, so the call was ended.`;
}

function errorName(err: unknown): string {
  return err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : 'an unexpected error';
}
