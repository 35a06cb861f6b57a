/**
 * A call's states and outcomes: the one list of each, which the core, the IPC schemas, the CLI,
 * the console and the CHECKs of migrations 0008 and 0009 all follow (test/unit/architecture/lists.test.ts
 * holds the migrations to them). No zod here, so the console can import the lists themselves.
 */

/** A call's states, in the only order they move through (migration 0008 CHECKs the same list). */
export const CALL_STATES = ['queued', 'dialing', 'ringing', 'in-progress', 'ended'] as const;
/** One of CALL_STATES. */
export type CallState = (typeof CALL_STATES)[number];

/** The states a call is in while it is live (neither queued nor ended). */
export const LIVE_CALL_STATES = ['dialing', 'ringing', 'in-progress'] as const satisfies readonly CallState[];

/** The outcomes a call can end in (migrations 0008 and 0009 CHECK the same list). */
export const CALL_OUTCOMES = [
  'interested',
  'callback',
  'not_interested',
  'voicemail',
  'no_answer',
  'busy',
  'failed',
  'do_not_call',
] as const;
/** One of CALL_OUTCOMES. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Which way a call went: placed by the runner, or answered on an attached number (the inbound-numbers migration CHECKs the same list). */
export const CALL_DIRECTIONS = ['outbound', 'inbound'] as const;
/** One of CALL_DIRECTIONS. */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
