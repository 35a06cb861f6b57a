/**
 * An agent's transfer targets (issue 24, item 2): the people a call can be handed to — a name the
 * model picks by, the number (E.164) only Switchboard dials, when to use it in plain words the model
 * reads, and whether the agent leaves at once (cold) or briefs the person first (warm). No zod here,
 * so the console can import the lists; the input schema is in transfer-target-schemas.ts.
 */

/** How a call is handed over: cold (connected at once, the agent leaves) or warm (the agent briefs the person first). */
export const TRANSFER_MODES = ['cold', 'warm'] as const;
/** One of TRANSFER_MODES. */
export type TransferMode = (typeof TRANSFER_MODES)[number];
/** The modes as an operator reads them. */
export const TRANSFER_MODE_LABEL: Readonly<Record<TransferMode, string>> = {
  cold: 'Cold — connect at once, the agent leaves',
  warm: 'Warm — the agent briefs the person first',
};

/** The built-in tool the model hands a call over with; an HTTP tool may not take its name. */
export const TRANSFER_TOOL_NAME = 'transfer_call';
/** The most transfer targets one agent holds. */
export const MAX_TRANSFER_TARGETS = 10;
/** The longest "when to use it" text, in characters: it goes into every request's prompt. */
export const MAX_WHEN_TO_USE = 500;
/** The most transfers one call may attempt: a caller who keeps asking gets no more ringing. */
export const MAX_TRANSFERS_PER_CALL = 3;

/** How a transfer ended, as the call's record shows it. */
export const TRANSFER_RESULTS = ['connected', 'no-answer', 'busy', 'voicemail', 'failed', 'cancelled'] as const;
/** One of TRANSFER_RESULTS. */
export type TransferResult = (typeof TRANSFER_RESULTS)[number];

/** A transfer target as the console and the CLI see it. */
export interface TransferTargetView {
  readonly id: string;
  readonly agentId: string;
  readonly name: string;
  /** E.164, dialled by Switchboard only (the model never sees it). */
  readonly number: string;
  readonly whenToUse: string;
  readonly mode: TransferMode;
  readonly createdAt: string;
}

/**
 * Why an Exotel call cannot be handed to a person, and what to do instead. Exotel's "AgentStream:
 * what to use when" puts bot-to-human hand-off outside Connect Voice AI (the dial Switchboard uses),
 * in an App Bazaar flow; its v1 Calls API has no request that moves a live call elsewhere.
 */
export const EXOTEL_NO_TRANSFER =
  'Exotel calls cannot be transferred from Switchboard: Exotel streams them straight to the agent (Connect Voice AI), and its API has no way to move a live call to another number. ' +
  'To hand Exotel callers to a person, build it in Exotel’s dashboard: App Bazaar → a flow with the Voicebot applet followed by a Connect applet that dials the person, so the caller is connected when the agent’s stream ends; or call through a Twilio key, where transfers work.';
