/**
 * WebSocket frames no client library will send, written straight onto a client socket's TCP
 * connection (RFC 6455 §5.2, client frames masked): one over the media server's size cap, a text
 * frame that is not UTF-8, and one with a reserved bit set.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { CarrierVoiceSim } from '../sim/carrier-voice';

/** The three frames an attacker on a stream URL tried. */
export const HOSTILE = ['oversize', 'bad-utf8', 'reserved-bits'] as const;
/** One of them. */
export type Hostile = (typeof HOSTILE)[number];

function masked(first: number, payload: Buffer, claimedLength = payload.length): Buffer {
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  let header: Buffer;
  if (claimedLength < 126) header = Buffer.from([first, 0x80 | claimedLength]);
  else if (claimedLength < 65_536) header = Buffer.from([first, 0x80 | 126, claimedLength >> 8, claimedLength & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(claimedLength), 2);
  }
  return Buffer.concat([header, mask, body]);
}

/** The bytes of one hostile frame. */
export function hostileFrame(kind: Hostile): Buffer {
  // An over-size frame is refused from its header alone (ws reads the length before the payload).
  if (kind === 'oversize') return masked(0x81, Buffer.alloc(0), 300 * 1024);
  if (kind === 'bad-utf8') return masked(0x81, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
  return masked(0x81 | 0x40, Buffer.from('{}'));
}

/** The TCP connection under a `ws` client socket. */
export function rawSocket(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

/** Writes one hostile frame onto a carrier simulator's media socket. */
export function sendHostile(media: CarrierVoiceSim, kind: Hostile): void {
  const ws = (media as unknown as { ws: WebSocket }).ws;
  rawSocket(ws).write(hostileFrame(kind));
}
