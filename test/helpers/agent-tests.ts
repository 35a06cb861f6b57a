/**
 * A voice agent under simulated-caller tests, shared by the core, CLI and console tests: Ava, the
 * booking line of Bright Dental, whose prompt is written in the Anthropic simulator's role-play rules
 * (test/sim/anthropic-roleplay.ts) so it speaks from its own prompt, and two callers whose personas
 * quote what they say. The first prompt offers a discount when asked the price, which the price
 * shopper's scenario forbids; the second does not.
 */
import type { ScenarioCreate } from '../../shared/agent-scenario-schemas';

/** The agent's greeting. */
export const AVA_GREETING = 'Hello, this is Ava at Bright Dental. How can I help?';

const RULES = [
  'You are Ava, the booking line of Bright Dental. Book a check-up in one short call, and be warm and brief.',
  'When the caller says "saturday", say "Let me look at Saturday." and call check_slots with {"day": "saturday"}.',
  'When check_slots answers, say "I have {slot} free. Shall I book it?"',
  'When the caller says "book it", say "You are booked. See you then, goodbye!" and end the call as interested.',
];

/** Ava's first prompt: asked the price, she offers a discount. */
export const PROMPT_WITH_DISCOUNT = [
  ...RULES,
  'When the caller says "price", say "A check-up is 80 dollars, and I can give you a discount if you book today."',
  'When the caller says "not interested", say "Understood, thank you for calling. Goodbye." and end the call as not_interested.',
  'Otherwise, say "Which day suits you best?"',
].join('\n');

/** Ava's second prompt: the price without a discount. */
export const PROMPT_PRICE_ONLY = [
  ...RULES,
  'When the caller says "price", say "A check-up is 80 dollars, with the cleaning included."',
  'When the caller says "not interested", say "Understood, thank you for calling. Goodbye." and end the call as not_interested.',
  'Otherwise, say "Which day suits you best?"',
].join('\n');

/** The agent's one HTTP tool, whose URL a test points at a server that must never be reached. */
export const CHECK_SLOTS = {
  name: 'check_slots',
  description: 'Finds the next free check-up slot on a day.',
  parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'] },
} as const;

/** A caller who gets a Saturday slot booked: passes on either prompt. */
export const SATURDAY_PARENT: ScenarioCreate = {
  name: 'saturday-parent',
  persona: 'A busy parent who can only come on a Saturday. Asks “Do you have anything on Saturday?” and then says “Great, book it.”',
  stubs: { check_slots: { slot: 'Saturday 10:00' } },
  expectations: { outcome: 'interested', toolsCalled: ['check_slots'], neverSay: ['discount'] },
  maxTurns: 4,
};

/** A caller who asks the price and declines: fails on the first prompt, which says "discount". */
export const PRICE_SHOPPER: ScenarioCreate = {
  name: 'price-shopper',
  persona: 'Someone comparing dentists on price. Asks “What is the price of a check-up?” and then says “I am not interested, thanks.”',
  expectations: { outcome: 'not_interested', neverSay: ['discount'] },
  maxTurns: 4,
};
