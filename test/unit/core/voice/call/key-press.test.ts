import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { keyPadOf } from '../../../../../electron/core/voice/call/key-press';
import type { Carrier } from '../../../../../electron/core/voice/carriers/carrier';
import { CARRIERS } from '../../../../../electron/core/voice/carriers/catalog';
import { ManualClock } from '../../../../../electron/core/voice/clock';
import type { KeyPad } from '../../../../../electron/core/voice/tools/press-keys';

const signal = new AbortController().signal;

describe('a call’s key pad', () => {
  const CALL_SID = `CA${'1'.repeat(32)}`;
  const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

  function pad(press: NonNullable<Carrier['pressKeys']>): { pad: KeyPad; clock: ManualClock; log: string[]; forgotten: string[] } {
    const clock = new ManualClock();
    const log: string[] = [];
    const forgotten: string[] = [];
    const keyPad = keyPadOf({
      carrier: { ...CARRIERS.twilio, pressKeys: press },
      key: { fields: {}, endpoint: null },
      reach: () => ({ timeoutMs: 1000 }),
      media: {
        expect: (call) => ({
          ref: 'r',
          streamUrl: 'wss://example.com/twilio/stream/r',
          statusUrl: 'https://example.com/twilio/status/r',
          forget: () => forgotten.push(call.token),
        }),
      },
      clock,
      carrierCallId: () => CALL_SID,
      session: {
        handOver: () => log.push('handOver') > 0,
        handBack: () => log.push('handBack') > 0,
        end: () => void log.push('end'),
        isOver: () => false,
        ended: () => new Promise<never>(() => undefined),
      },
      takeOver: () => true,
      expected: { onStatus: () => undefined },
      keep: () => undefined,
    });
    if (!keyPad) throw new Error('Twilio plays keys');
    return { pad: keyPad, clock, log, forgotten };
  }

  it('plays one press at a time, and hands the old stream back when the new one never comes', async () => {
    const { pad: keys, clock, log } = pad(async (_key, _reach, callId, press) => void log.push(`press ${callId} ${press.digits}`));
    const first = keys.press('1', signal);
    expect(await keys.press('2', signal)).toEqual({
      content: 'The last keys are still being played; wait for them, then listen.',
      isError: true,
    });
    await flush();
    clock.advance(15_250);
    expect(await first).toEqual({
      content: 'The keys may not have been played: the line did not change. Listen, and try once more if the menu repeats.',
      isError: true,
    });
    expect(log).toEqual(['handOver', `press ${CALL_SID} 1`, 'handBack']);
  });

  it('hands the stream back at once when the carrier refuses the keys, and forgets the second stream', async () => {
    const {
      pad: keys,
      log,
      forgotten,
    } = pad(() =>
      Promise.reject(new AppError('INVALID_INPUT', 'The call is no longer in progress, so no keys were played (HTTP 400, error 21220).')),
    );
    expect(await keys.press('1', signal)).toEqual({
      content: 'No keys were played: The call is no longer in progress, so no keys were played (HTTP 400, error 21220).',
      isError: true,
    });
    expect(log).toEqual(['handOver', 'handBack']);
    expect(forgotten).toHaveLength(1);
  });
});
