/** The zod schema of a new transfer target: the core validates every add with it, and IPC parses with it. */
import { z } from 'zod';
import { MAX_WHEN_TO_USE, TRANSFER_MODES } from './transfer-targets';

/** A new transfer target. */
export const TransferTargetCreateSchema = z.object({
  // Letters, digits, spaces and a little punctuation: the model names the target by it, and a caller may hear it.
  name: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} '&.-]{0,39}$/u, 'A target’s name is 1 to 40 letters, digits or spaces, like Sales desk.'),
  number: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'Write the number with its country code, like +14155550100.'),
  whenToUse: z
    .string()
    .trim()
    .min(1, 'Say when to use it: the agent reads this to decide.')
    .max(MAX_WHEN_TO_USE, `“When to use it” is longer than ${MAX_WHEN_TO_USE} characters.`),
  mode: z.enum(TRANSFER_MODES, { message: 'The mode is cold or warm.' }),
});
/** Input to add a transfer target. */
export type TransferTargetCreate = z.input<typeof TransferTargetCreateSchema>;
