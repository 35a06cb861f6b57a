import { describe, expect, it } from 'vitest';
import { PhonePool } from '../../../../electron/core/messaging/phone-pool';

describe('the phone pool', () => {
  it('falls back to normalising inline when its worker stops, instead of waiting forever', async () => {
    const pool = new PhonePool(1);
    expect(await pool.normalise([['(415) 555-2671', 'US']], true)).toEqual([{ ok: true, e164: '+14155552671', country: 'US' }]);
    await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]?.terminate();
    expect(await pool.normalise([['+14155552672', null]], true)).toEqual([{ ok: true, e164: '+14155552672', country: 'US' }]);
    await pool.close();
  });
});
