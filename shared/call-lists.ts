/**
 * A call's states, outcomes and the kinds of what an agent did during one: the one list of each,
 * which the core, the IPC schemas, the CLI, the console and the migrations' CHECKs all follow
 * (test/unit/architecture/lists.test.ts holds the migrations to them). No zod here, so the console
 * can import the lists themselves.
 */

/** A call's states, in the only order they move through (migration 0008 CHECKs the same list). */
export const CALL_STATES = ['queued', 'dialing', 'ringing', 'in-progress', 'ended'] as const;
/** One of CALL_STATES. */
export type CallState = (typeof CALL_STATES)[number];

/** The states a call is in while it is live (neither queued nor ended). */
export const LIVE_CALL_STATES = ['dialing', 'ringing', 'in-progress'] as const satisfies readonly CallState[];

/**
 * The outcomes a call can end in (the calls and call_leads CHECKs hold the same list; `transferred`
 * came later, so the migration that added it rebuilt both tables with the wider CHECK).
 */
export const CALL_OUTCOMES = [
  'interested',
  'callback',
  'not_interested',
  'voicemail',
  'no_answer',
  'busy',
  'failed',
  'do_not_call',
  'transferred',
] as const;
/** One of CALL_OUTCOMES. */
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Which way a call went: placed by the runner, or answered on an attached number (the inbound-numbers migration CHECKs the same list). */
export const CALL_DIRECTIONS = ['outbound', 'inbound'] as const;
/** One of CALL_DIRECTIONS. */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
/**
 * What an agent can do during a call, as the call's record lists it (call_events.kind CHECKs the
 * same list): an HTTP tool run, a transfer to a person, a text message sent, a callback booked,
 * keys pressed on the line. Every kind is recorded the same way: a name, whether it worked, how
 * long it took, and its detail sealed.
 */
export const CALL_EVENT_KINDS = ['tool', 'transfer', 'sms', 'callback', 'keys'] as const;
/** One of CALL_EVENT_KINDS. */
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

/**
 * What carried a call: a carrier's phone line, or the console's own microphone and speakers (Talk:
 * the operator talks to an agent from Switchboard, with no carrier and no phone number). The calls
 * table's carrier CHECK holds the same list (the console-calls migration widened it).
 */
export const CALL_LINES = ['twilio', 'exotel', 'console'] as const;
/** One of CALL_LINES. */
export type CallLine = (typeof CALL_LINES)[number];
/** What a console call (Talk) stores as its numbers: it has none. */
export const CONSOLE_PARTY = 'console';

/** How an inbound call from a withheld number ("anonymous", "Restricted", …) names its caller. */
export const WITHHELD_CALLER = 'anonymous';
