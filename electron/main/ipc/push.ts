/**
 * Pushes to the window go through here: each payload is parsed with its push's schema in the
 * contract (shared/ipc/pushes.ts), so only what the schema allows crosses and the console needs no
 * parser of its own. A payload that does not fit is dropped: a push is a hint to redraw, never a
 * reply the console waits on.
 */
import type { EventName } from '../../../shared/ipc/contract';
import { parsePush } from '../../../shared/ipc/pushes';
import type { Emit } from './handler';

/** Sends to the window (webContents.send, or a test's listener). */
export type Send = (event: EventName, payload: unknown) => void;

/** An Emit that parses each payload before handing it to send. */
export function checkedEmit(send: Send): Emit {
  return (event, payload) => {
    const parsed = parsePush(event, payload);
    if (parsed !== null) send(event, parsed);
  };
}
