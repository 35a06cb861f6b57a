/**
 * The tools Switchboard itself runs during a call (issue 24, items 3 and 4): their names, which an
 * operator's HTTP tool may not take, and the bounds that hold whatever a caller talks the model into.
 * Which agent is offered which: `send_sms` when the agent's SMS switch is on, `schedule_callback` on
 * a voice campaign's call of an agent that classifies calls as callback, `press_keys` where the
 * call's carrier can play keys (docs/ARCHITECTURE.md, "Rooms").
 */

/** The built-in tools, by name. */
export const BUILTIN_TOOL_NAMES = ['send_sms', 'schedule_callback', 'press_keys'] as const;
/** One of BUILTIN_TOOL_NAMES. */
export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];

/** The longest text `send_sms` sends: two GSM-7 segments. */
export const MAX_CALL_SMS_CHARS = 306;
/** Texts one call may send. */
export const MAX_CALL_SMS = 2;

/** How often one call may try to agree a callback (a refused time, then the agreed one, then one change of mind). */
export const MAX_CALLBACK_TRIES = 3;
/** The soonest a callback may be, after now (ms), and the furthest (days). */
export const CALLBACK_MIN_LEAD_MS = 5 * 60_000;
export const CALLBACK_MAX_DAYS = 30;

/** Keys one `press_keys` call may play: digits, * and #, and w for half a second's pause. */
export const KEY_PRESS_PATTERN = /^[0-9*#w]+$/;
/** The longest key sequence in one `press_keys` call. */
export const MAX_KEYS_PER_PRESS = 20;
/** `press_keys` calls one call may make (a phone menu a few levels deep, and a mistake). */
export const MAX_KEY_PRESSES = 8;
