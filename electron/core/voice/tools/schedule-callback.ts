/**
 * The built-in `schedule_callback` tool, offered only on a voice campaign's call: the model gives the
 * time the person agreed to, as an ISO local time in their zone (it turns "tomorrow at three" into
 * one, told what time it is there now). Inside the campaign's calling window the lead is queued to
 * be called again then (the campaign's port, LeadCallback); outside it the tool answers with the
 * nearest allowed times, so the agent can propose one. All time is the call's injected clock.
 */
import { CALLBACK_MAX_DAYS, CALLBACK_MIN_LEAD_MS, MAX_CALLBACK_TRIES } from '../../../../shared/builtin-tools';
import { formatWindow, isOpen, nextOpening, type SendWindow, zoneOffset, zonesFor } from '../../messaging/window';
import { zonesOfCountry } from '../../messaging/zones';
import type { ToolResult } from '../types';
import { answer, onlyKeys, refusal, type BuiltinTool } from './builtin';

/** What a campaign gives a call of one of its leads: the lead's zone and window, and where an agreed time goes. */
export interface LeadCallback {
  /** The lead's zone key: an IANA zone, or `@CC` for every zone of a country (messaging/window.ts). */
  readonly zone: string;
  /** The campaign's calling window, in the lead's local time. */
  readonly window: SendWindow;
  /** Records the agreed instant (ms): the lead is called again then, once this call has ended. */
  agree(at: number): void;
}

const QUARTER = 15 * 60_000;
const DAY = 24 * 60 * 60_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** The zone local times are read in: the lead's own, or its country's most populous. */
export function referenceZone(zoneKey: string): string {
  return zoneKey.startsWith('@') ? (zonesOfCountry(zoneKey.slice(1))[0] ?? 'UTC') : zoneKey;
}

/** An instant as local ISO minutes in a zone (`2026-12-05T15:30`). */
export function localIso(zone: string, at: number): string {
  return new Date(at + zoneOffset(zone, at)).toISOString().slice(0, 16);
}

/** Reads an ISO date-time: with an offset (or Z) as written, without one as local time in `zone`; null when it is not one. */
export function parseAgreedTime(text: string, zone: string): number | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = [match[1], match[2], match[3], match[4], match[5], match[6] ?? '0'].map(
    Number,
  ) as number[];
  const wall = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  const back = new Date(wall);
  // 2026-02-30 or 25:00 roll over in Date.UTC: refused rather than moved.
  if (back.getUTCMonth() !== (month as number) - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hour) return null;
  const offset = match[7];
  if (offset !== undefined) {
    if (offset === 'Z') return wall;
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  // Local wall time to an instant: twice, so a date across a DST change lands on its own offset.
  const first = wall - zoneOffset(zone, wall);
  return wall - zoneOffset(zone, first);
}

/** The allowed instants nearest `at`: the latest quarter hour before it and the first opening after it, each inside the bounds. */
export function nearestAllowed(
  window: SendWindow,
  zones: readonly string[],
  at: number,
  bounds: { readonly earliest: number; readonly latest: number },
): { readonly earlier: number | null; readonly later: number | null } {
  const later = nextOpening(window, zones, at);
  let earlier: number | null = null;
  for (let slot = Math.ceil(at / QUARTER) * QUARTER - QUARTER; slot >= bounds.earliest && slot > at - DAY; slot -= QUARTER)
    if (isOpen(window, zones, slot)) {
      earlier = slot;
      break;
    }
  return { earlier, later: later <= bounds.latest && isOpen(window, zones, later) ? later : null };
}

/** The schedule_callback tool of one campaign call; `onAgreed` tells the call what was agreed. */
export function scheduleCallbackTool(
  lead: LeadCallback,
  options: { readonly now: () => number; readonly onAgreed: (at: number) => void },
): BuiltinTool {
  const zone = referenceZone(lead.zone);
  const started = options.now();
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long' }).format(new Date(started));
  return {
    definition: {
      name: 'schedule_callback',
      description:
        `Schedule a call back to this person at a time they agreed to. Give the time as an ISO local date-time in ${zone} (their time zone), ` +
        `for example ${localIso(zone, started + DAY).slice(0, 11)}15:30; turn phrases like "tomorrow afternoon" into such a time. ` +
        `It is now ${localIso(zone, started)} there, a ${weekday}. This campaign calls only between ${formatWindow(lead.window)} their time: ` +
        'a time outside that is refused with the nearest allowed times, to offer instead. Once it is scheduled, say the time back to them ' +
        'and end the call with the outcome callback.',
      input_schema: {
        type: 'object',
        properties: { time: { type: 'string', description: `The agreed time, e.g. 2026-12-05T15:30 (local time in ${zone}).` } },
        required: ['time'],
        additionalProperties: false,
      },
    },
    maxRuns: MAX_CALLBACK_TRIES,
    run: async (input) => schedule(lead, zone, options, input),
  };
}

function schedule(
  lead: LeadCallback,
  zone: string,
  options: { readonly now: () => number; readonly onAgreed: (at: number) => void },
  input: unknown,
): ToolResult {
  const given = onlyKeys(
    'schedule_callback',
    input,
    ['time'],
    'it takes only the agreed time; the person called back is the one on this call.',
  );
  if (!given.ok) return given.result;
  const text = typeof given.value.time === 'string' ? given.value.time.slice(0, 40) : '';
  const at = parseAgreedTime(text, zone);
  if (at === null) return refusal(`“${text}” is not a date and time; give it like 2026-12-05T15:30 (local time in ${zone}).`);
  const now = options.now();
  const earliest = now + CALLBACK_MIN_LEAD_MS;
  const latest = now + CALLBACK_MAX_DAYS * DAY;
  const here = (t: number): string => `${localIso(zone, t)} (${zone})`;
  if (at < earliest)
    return refusal(
      `${here(at)} has passed or is too soon: it is now ${here(now)}; a callback is at least ${CALLBACK_MIN_LEAD_MS / 60_000} minutes away.`,
    );
  if (at > latest) return refusal(`${here(at)} is too far ahead: a callback is at most ${CALLBACK_MAX_DAYS} days away.`);
  const zones = zonesFor(lead.zone);
  if (!isOpen(lead.window, zones, at)) {
    const near = nearestAllowed(lead.window, zones, at, { earliest, latest });
    const offers = [near.earlier, near.later].filter((t): t is number => t !== null);
    const nearest = offers.sort((a, b) => Math.abs(a - at) - Math.abs(b - at))[0];
    return refusal(
      `Not scheduled: ${here(at)} is outside the calling window (${formatWindow(lead.window)} their time). ` +
        (nearest === undefined
          ? 'No allowed time is near it; ask for another day.'
          : `The nearest allowed time is ${localIso(zone, nearest)}` +
            (offers.length > 1 ? `; the other is ${localIso(zone, offers.find((t) => t !== nearest) as number)}` : '') +
            '. Offer it, and call schedule_callback again with the time they agree to.'),
    );
  }
  lead.agree(at);
  options.onAgreed(at);
  return answer({
    scheduled: localIso(zone, at),
    timeZone: zone,
    note: 'Say the time back to them, then end the call with the outcome callback.',
  });
}
