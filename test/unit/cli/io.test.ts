import { describe, expect, it } from 'vitest';
import { localTime } from '../../../electron/cli/io';

describe('localTime', () => {
  it('shows an instant in the given zone with the zone named, not as UTC', () => {
    expect(localTime('2026-12-07T14:00:00.000Z', 'Asia/Kolkata')).toBe('Mon 7 Dec, 19:30 GMT+5:30');
    expect(localTime('2026-12-07T14:00:00.000Z', 'America/New_York')).toBe('Mon 7 Dec, 09:00 GMT-5');
  });

  it('leaves a string that is not an instant as it is', () => {
    expect(localTime('soon')).toBe('soon');
  });
});
