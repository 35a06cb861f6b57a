import { describe, expect, it } from 'vitest';
import {
  fitsAll,
  formatWindow,
  isOpen,
  localMinutes,
  nextOpening,
  parseWindow,
  zonesFor,
} from '../../../../electron/core/messaging/window';

const at = (iso: string): number => Date.parse(iso);
const W = parseWindow('08:00-21:00');

describe('the compliance window', () => {
  it('parses HH:MM-HH:MM and refuses anything else with one sentence', () => {
    expect(parseWindow('09:30-17:00')).toEqual({ start: 570, end: 1020 });
    expect(formatWindow(parseWindow('00:00-24:00'))).toBe('00:00-24:00');
    expect(() => parseWindow('9am-5pm')).toThrow('The window “9am-5pm” is not in the form HH:MM-HH:MM, e.g. 08:00-21:00.');
    expect(() => parseWindow('25:00-26:00')).toThrow(/not in the form/);
    expect(() => parseWindow('10:00-10:00')).toThrow('The window opens and closes at the same time; use 00:00-24:00 for all day.');
  });

  it("reads the recipient's local clock, daylight saving included", () => {
    expect(localMinutes('America/New_York', at('2026-01-15T13:00:00Z'))).toBe(8 * 60);
    expect(localMinutes('America/New_York', at('2026-07-15T13:00:00Z'))).toBe(9 * 60);
    expect(localMinutes('Asia/Kolkata', at('2026-01-15T02:30:00Z'))).toBe(8 * 60);
  });

  it('holds a message sent before 08:00 local until 08:00 local that day', () => {
    const early = at('2026-03-10T10:00:00Z'); // 06:00 in New York (EDT since 8 March)
    expect(isOpen(W, ['America/New_York'], early)).toBe(false);
    expect(new Date(nextOpening(W, ['America/New_York'], early)).toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });

  it('holds a message after 21:00 local until 08:00 the next day', () => {
    const late = at('2026-01-15T03:00:00Z'); // 22:00 the day before in New York
    expect(new Date(nextOpening(W, ['America/New_York'], late)).toISOString()).toBe('2026-01-15T13:00:00.000Z');
  });

  it('sends to a number of a country with several zones only when every zone is inside the window', () => {
    const us = zonesFor('@US');
    expect(us).toContain('Pacific/Honolulu');
    const nineEastern = at('2026-01-15T14:00:00Z'); // 09:00 New York, 04:00 Honolulu
    expect(isOpen(W, ['America/New_York'], nineEastern)).toBe(true);
    expect(isOpen(W, us, nineEastern)).toBe(false);
    const opens = nextOpening(W, us, nineEastern);
    expect(new Date(opens).toISOString()).toBe('2026-01-15T18:00:00.000Z'); // 08:00 in Honolulu
    expect(isOpen(W, us, opens)).toBe(true);
  });

  it('handles a window that wraps past midnight, and the all-day window', () => {
    const night = parseWindow('22:00-06:00');
    expect(isOpen(night, ['UTC'], at('2026-01-15T23:30:00Z'))).toBe(true);
    expect(isOpen(night, ['UTC'], at('2026-01-15T05:59:00Z'))).toBe(true);
    expect(isOpen(night, ['UTC'], at('2026-01-15T12:00:00Z'))).toBe(false);
    expect(isOpen(parseWindow('00:00-24:00'), zonesFor('@RU'), at('2026-01-15T12:00:00Z'))).toBe(true);
  });

  it('tells a window that is never open in every zone of a wide country from one that is', () => {
    const t = at('2026-01-15T00:00:00Z');
    expect(fitsAll(parseWindow('09:00-12:00'), zonesFor('@US'), t)).toBe(false);
    expect(fitsAll(parseWindow('08:00-21:00'), zonesFor('@US'), t)).toBe(true);
    expect(fitsAll(parseWindow('09:00-10:00'), zonesFor('@GB'), t)).toBe(true);
  });

  it('falls back to the first zone for a row stored before imports refused such windows', () => {
    const narrow = parseWindow('09:00-10:00');
    const t = at('2026-01-15T00:00:00Z');
    const opens = nextOpening(narrow, zonesFor('@RU'), t);
    expect(localMinutes('Europe/Moscow', opens)).toBe(9 * 60);
  });
});
