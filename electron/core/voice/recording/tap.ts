/**
 * The recorder's tap on a call's media leg: the same leg, except that caller audio arriving and
 * agent audio leaving are copied to the recorder on the way. The session and the pacer are handed
 * this leg and never know a recording is made.
 */
import type { CallLeg } from '../types';
import type { CallRecorder } from './recorder';

/** A leg that records both directions of its media into `recorder`. */
export function recordedLeg(leg: CallLeg, recorder: CallRecorder): CallLeg {
  return {
    carrier: leg.carrier,
    callId: leg.callId,
    streamId: leg.streamId,
    format: leg.format,
    onEvent: (fn) =>
      leg.onEvent((event) => {
        if (event.type === 'media') recorder.heard(event.audio);
        fn(event);
      }),
    onClose: (fn) => leg.onClose(fn),
    onFault: leg.onFault ? (fn) => leg.onFault?.(fn) : undefined,
    send: (command) => {
      leg.send(command);
      if (command.type === 'media') recorder.said(command.audio);
    },
    prepare: leg.prepare ? (command) => leg.prepare?.(command) ?? '' : undefined,
    close: () => leg.close(),
  };
}
