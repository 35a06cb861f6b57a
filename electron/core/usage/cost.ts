/** Months, projection and prices: turning metered units into estimated US dollars. */
import { AppError } from '../../../shared/errors';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId, UsageUnit } from '../../../shared/providers/types';

/** Every metered unit, in column order. */
export const UNITS: readonly UsageUnit[] = ['requests', 'messages', 'minutes', 'characters', 'tokens'];

/** Amounts of each unit. */
export type UnitAmounts = Readonly<Record<UsageUnit, number>>;

/** No usage. */
export const ZERO: UnitAmounts = { requests: 0, messages: 0, minutes: 0, characters: 0, tokens: 0 };

/** Adds two sets of amounts. */
export function addAmounts(a: UnitAmounts, b: UnitAmounts): UnitAmounts {
  return {
    requests: a.requests + b.requests,
    messages: a.messages + b.messages,
    minutes: a.minutes + b.minutes,
    characters: a.characters + b.characters,
    tokens: a.tokens + b.tokens,
  };
}

/** The usage cost of some amounts at the catalog's unit prices (US dollars). */
export function usageCost(provider: ProviderId, amounts: UnitAmounts): number {
  const prices = getProvider(provider).unitPrices;
  return UNITS.reduce((sum, u) => sum + amounts[u] * (prices[u] ?? 0), 0);
}

/** Rounds dollars to a hundredth of a cent, enough for per-message prices to add up visibly. */
export function roundUsd(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** 'YYYY-MM' of a date (UTC). */
export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** 'YYYY-MM-DD' of a date (UTC): the day usage is filed under. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Checks a 'YYYY-MM' month. */
export function parseMonth(month: string): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new AppError('INVALID_INPUT', 'A month is written YYYY-MM, e.g. 2026-03.');
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** First and last day ('YYYY-MM-DD') of a month, for range queries. */
export function monthDays(month: string): { first: string; last: string; days: number } {
  const { year, month: m } = parseMonth(month);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}`, days };
}

/**
 * How much to scale a month's usage so far to a whole month: days in the month over days
 * elapsed (today counts as a whole day, so the first hours of a month do not explode the
 * estimate). A past month is complete (1); a future month has no usage (1).
 */
export function projectionFactor(month: string, now: Date): number {
  const current = monthOf(now);
  if (month !== current) return 1;
  return monthDays(month).days / now.getUTCDate();
}
