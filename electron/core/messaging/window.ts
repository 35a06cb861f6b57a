/**
 * The compliance window: a message goes out only while the recipient's local clock is inside it
 * (default 08:00–21:00). Outside it the message waits for the next opening; it is never dropped.
 */
import { AppError } from '../../../shared/errors';
import { zonesOfCountry } from './zones';

/** A daily window in minutes after local midnight; `end` 1440 means midnight. Wraps when end < start. */
export interface SendWindow {
  readonly start: number;
  readonly end: number;
}

/** 08:00–21:00, the usual quiet-hours rule (e.g. the US TCPA's 8 a.m. to 9 p.m.). */
export const DEFAULT_WINDOW: SendWindow = { start: 8 * 60, end: 21 * 60 };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Parses `HH:MM-HH:MM` (24-hour; `24:00` allowed as an end). */
export function parseWindow(text: string): SendWindow {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  const bad = new AppError('INVALID_INPUT', `The window “${text.slice(0, 20)}” is not in the form HH:MM-HH:MM, e.g. 08:00-21:00.`);
  if (!m) throw bad;
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) throw bad;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (start === end) throw new AppError('INVALID_INPUT', 'The window opens and closes at the same time; use 00:00-24:00 for all day.');
  return { start, end };
}

/** `08:00-21:00`. */
export function formatWindow(w: SendWindow): string {
  const f = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${f(w.start)}-${f(w.end)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

const canonical = new Map<string, string | null>();

/** The zone's canonical IANA name, or null when it is not a time zone this runtime knows. */
export function canonicalZone(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 64) return null;
  // Building a formatter costs ~0.1 ms; a contact file repeats a handful of zones.
  const known = canonical.get(trimmed);
  if (known !== undefined) return known;
  let zone: string | null;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  if (canonical.size < 10_000) canonical.set(trimmed, zone);
  return zone;
}

/** Offset of a zone from UTC at an instant, in ms (local = utc + offset). */
export function zoneOffset(zone: string, at: number): number {
  const parts = formatter(zone).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return local - Math.floor(at / MINUTE) * MINUTE;
}

/** Minutes after local midnight in a zone at an instant. */
export function localMinutes(zone: string, at: number): number {
  const local = at + zoneOffset(zone, at);
  return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
}

function inside(w: SendWindow, minutes: number): boolean {
  if (w.start === 0 && w.end === 1440) return true;
  return w.start < w.end ? minutes >= w.start && minutes < w.end : minutes >= w.start || minutes < w.end;
}

/**
 * The zones a message's zone key stands for: an IANA name (from the contact's `timezone`
 * column) or `@CC`, every zone of a country (from the number's region).
 */
export function zonesFor(key: string): readonly string[] {
  return key.startsWith('@') ? zonesOfCountry(key.slice(1)) : [key];
}

/** Whether the window is open at an instant in every zone. */
export function isOpen(w: SendWindow, zones: readonly string[], at: number): boolean {
  return zones.every((z) => inside(w, localMinutes(z, at)));
}

/** The next instant at or after `after` when a zone's clock reads `minutes` (DST gaps land on the transition). */
function nextLocalTime(zone: string, minutes: number, after: number): number[] {
  const out: number[] = [];
  const localNow = after + zoneOffset(zone, after);
  const midnight = Math.floor(localNow / DAY) * DAY;
  for (let day = 0; day < 3; day += 1) {
    const wall = midnight + day * DAY + minutes * MINUTE;
    let t = wall - zoneOffset(zone, wall);
    t = wall - zoneOffset(zone, t);
    if (t >= after) out.push(t);
  }
  return out;
}

/** The first instant at or after `at` when the window is open in every zone, or null when none in the next days is. */
function commonOpening(w: SendWindow, zones: readonly string[], at: number): number | null {
  if (zones.length === 0 || isOpen(w, zones, at)) return at;
  // An intersection of daily windows opens when one of them opens: only those instants need checking.
  const candidates = zones.flatMap((z) => nextLocalTime(z, w.start, at)).sort((a, b) => a - b);
  return candidates.find((c) => isOpen(w, zones, c)) ?? null;
}

/** Whether the window is ever open in all the zones at once (a narrow window across a wide country is not). */
export function fitsAll(w: SendWindow, zones: readonly string[], at: number): boolean {
  return commonOpening(w, zones, at) !== null;
}

/**
 * The first instant at or after `at` when the window is open in every zone. Imports refuse
 * contacts whose zones no instant suits (see fitsAll); for such a row stored before, the first zone decides.
 */
export function nextOpening(w: SendWindow, zones: readonly string[], at: number): number {
  const common = commonOpening(w, zones, at);
  if (common !== null) return common;
  const primary = zones.slice(0, 1);
  if (isOpen(w, primary, at)) return at;
  return nextLocalTime(primary[0] as string, w.start, at)[0] ?? at + DAY;
}

/** Memoises nextOpening per zone key for one instant (an import checks many contacts at the same moment). */
export function openingCache(w: SendWindow, at: number): (zoneKey: string) => number {
  const cache = new Map<string, number>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = nextOpening(w, zonesFor(key), at);
      cache.set(key, v);
    }
    return v;
  };
}
