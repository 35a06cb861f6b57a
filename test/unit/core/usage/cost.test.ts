import { describe, expect, it } from 'vitest';
import { monthDays, projectionFactor, usageCost, ZERO } from '../../../../electron/core/usage/cost';
import { csvCell, toCsv } from '../../../../electron/core/usage/csv';

describe('cost arithmetic', () => {
  it('knows how many days a month has, leap years included', () => {
    expect(monthDays('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29', days: 29 });
    expect(monthDays('2026-12').days).toBe(31);
    expect(() => monthDays('2026-13')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('projects the current month from the days elapsed, counting today as a whole day', () => {
    expect(projectionFactor('2026-04', new Date('2026-04-01T00:05:00Z'))).toBe(30);
    expect(projectionFactor('2026-04', new Date('2026-04-30T23:00:00Z'))).toBe(1);
    expect(projectionFactor('2026-03', new Date('2026-04-15T00:00:00Z'))).toBe(1);
  });

  it('prices usage at the catalog unit prices', () => {
    expect(usageCost('deepgram', { ...ZERO, minutes: 100 })).toBeCloseTo(0.77, 6);
    expect(usageCost('cartesia', { ...ZERO, characters: 10_000 })).toBeCloseTo(0.4, 6);
    expect(usageCost('github', { ...ZERO, requests: 1000 })).toBe(0);
  });
});

describe('billing CSV cells', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx"]);
  });

  it('quotes commas, quotes and line breaks, and leaves numbers alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(toCsv([['n', 1.5, null]])).toBe('n,1.5,\n');
  });
});
