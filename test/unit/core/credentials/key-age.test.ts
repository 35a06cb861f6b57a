import { describe, expect, it } from 'vitest';
import { ageInDays, rotationDue } from '../../../../electron/core/credentials/key-age';

const at = (iso: string): Date => new Date(iso);

describe('a key’s age', () => {
  it('counts whole days and is due from the 90th', () => {
    const born = '2026-01-01T12:00:00.000Z';
    expect(ageInDays(born, at('2026-01-02T11:59:59.999Z'))).toBe(0);
    expect(ageInDays(born, at('2026-01-02T12:00:00.000Z'))).toBe(1);
    expect(rotationDue({ active: 1, created_at: born }, false, at('2026-03-31T11:59:59.000Z'))).toBe(false);
    expect(rotationDue({ active: 1, created_at: born }, false, at('2026-04-01T12:00:00.000Z'))).toBe(true);
  });

  it('reminds only for a key in use and not on standby', () => {
    const old = { created_at: '2025-01-01T00:00:00.000Z' };
    const now = at('2026-01-01T00:00:00.000Z');
    expect(rotationDue({ ...old, active: 0 }, false, now)).toBe(false);
    expect(rotationDue({ ...old, active: 1 }, true, now)).toBe(false);
  });

  it('reads a clock set back, or a damaged date, as zero days rather than a negative age', () => {
    expect(ageInDays('2026-06-01T00:00:00.000Z', at('2026-01-01T00:00:00.000Z'))).toBe(0);
    expect(ageInDays('not a date', at('2026-01-01T00:00:00.000Z'))).toBe(0);
  });
});
