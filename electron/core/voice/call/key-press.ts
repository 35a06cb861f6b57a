/**
 * Keys the agent plays on its own line (press_keys), where the call's carrier can (Carrier.pressKeys):
 * a second stream of the call is registered with the media server under a fresh single-use token, the
 * session hands its stream over (its audio held, the old stream's end no hang-up), and the carrier is
 * asked to play the keys and stream the call to the new address. The call goes on on the new stream
 * once it arrives; a refusal hands the old one back. Waits read the call's injected clock.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { Carrier, CarrierKey, CarrierReach } from '../carriers/carrier';
import type { Clock } from '../clock';
import type { MediaServer } from '../runner/media-server';
import type { CallSession, SessionEnd } from '../session/call-session';
import { answer, refusal } from '../tools/builtin';
import type { KeyPad } from '../tools/press-keys';
import type { CallLeg, ExpectedCall, ToolResult } from '../types';

/** How long the carrier has to bring the new stream, on top of the keys' own length (ms). */
const NEW_STREAM_MS = 15_000;

/** What playing keys needs of its call. */
export interface KeyPressDeps {
  readonly carrier: Carrier;
  readonly key: CarrierKey;
  readonly reach: () => CarrierReach;
  readonly media: Pick<MediaServer, 'expect'>;
  readonly clock: Clock;
  /** The carrier's id of the call, once it was placed. */
  readonly carrierCallId: () => string | null;
  readonly session: Pick<CallSession, 'handOver' | 'handBack' | 'end'> & {
    readonly isOver: () => boolean;
    readonly ended: () => Promise<SessionEnd>;
  };
  /** Takes the new stream as the call's (checks it as an answered one is checked); false when it was refused. */
  readonly takeOver: (leg: CallLeg) => boolean;
  /** The status callbacks of the call (the carrier keeps posting them to the call's first address). */
  readonly expected: Pick<ExpectedCall, 'onStatus' | 'onMachine'>;
  /** Keeps a registration to forget when the call is over. */
  readonly keep: (forget: () => void) => void;
}

/** The call's key pad, or null when its carrier cannot play keys (then press_keys is not offered). */
export function keyPadOf(deps: KeyPressDeps): KeyPad | null {
  const press = deps.carrier.pressKeys?.bind(deps.carrier);
  if (!press) return null;
  // One press at a time: a second before the line has changed would replace a stream that is not there yet.
  let busy = false;
  return {
    press: async (keys) => {
      if (busy) return refusal('The last keys are still being played; wait for them, then listen.');
      busy = true;
      try {
        return await pressOn(deps, press, keys);
      } finally {
        busy = false;
      }
    },
  };
}

/** The keys' own length: half a second per w, about a quarter for each key. */
const keysMs = (keys: string): number => [...keys].reduce((ms, k) => ms + (k === 'w' ? 500 : 250), 0);

async function pressOn(deps: KeyPressDeps, press: NonNullable<Carrier['pressKeys']>, keys: string): Promise<ToolResult> {
  const callId = deps.carrierCallId();
  if (callId === null || deps.session.isOver()) return refusal('The call is not connected, so no keys were played.');
  const token = randomBytes(24).toString('base64url');
  let arrived = false;
  let wake: () => void = () => undefined;
  const came = new Promise<void>((resolve) => (wake = resolve));
  const expected: ExpectedCall = {
    token,
    carrier: deps.carrier.id,
    signingSecret: deps.carrier.signingSecret(deps.key),
    callId,
    // Taken whenever it comes, whatever became of the tool's wait: the carrier has ended the old stream by then.
    onLeg: (leg) => {
      arrived = deps.takeOver(leg);
      wake();
    },
    onStatus: deps.expected.onStatus,
    onMachine: deps.expected.onMachine,
  };
  const where = deps.media.expect(expected);
  deps.keep(where.forget);
  if (!deps.session.handOver()) {
    where.forget();
    return refusal('The call is not connected, so no keys were played.');
  }
  try {
    await press(deps.key, deps.reach(), callId, { digits: keys, streamUrl: where.streamUrl, token });
  } catch (err) {
    const error = err instanceof AppError ? err : new AppError('PROVIDER_UNREACHABLE', 'The keys could not be played.');
    // Refused outright: the stream was never touched. Anything else may have reached the carrier: wait for the new stream.
    if (error.code !== 'PROVIDER_UNREACHABLE') {
      where.forget();
      if (!deps.session.handBack()) deps.session.end('failed', 'The line was lost while the agent pressed keys.');
      return refusal(`No keys were played: ${error.message}`);
    }
  }
  let timer: ReturnType<Clock['setTimeout']> | null = null;
  const late = new Promise<void>((resolve) => (timer = deps.clock.setTimeout(resolve, NEW_STREAM_MS + keysMs(keys))));
  await Promise.race([came, late, deps.session.ended()]);
  if (timer) deps.clock.clearTimeout(timer);
  if (arrived) return answer({ pressed: keys, note: 'The keys were played. Listen to what the line says next.' });
  if (deps.session.isOver()) return refusal('The call ended while the keys were played.');
  if (deps.session.handBack())
    return refusal('The keys may not have been played: the line did not change. Listen, and try once more if the menu repeats.');
  deps.session.end('failed', 'The line was lost while the agent pressed keys.');
  return refusal('The line was lost while the keys were played.');
}
