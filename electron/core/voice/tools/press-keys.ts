/**
 * The built-in `press_keys` tool: the agent plays keys (DTMF) to get through a phone menu, offered
 * only where the call's carrier can send them (Carrier.pressKeys). The model gives the keys alone —
 * digits, * and #, and w for half a second's pause — bounded in length and in presses per call;
 * the call plays them on its own line (call/key-press.ts).
 */
import { KEY_PRESS_PATTERN, MAX_KEY_PRESSES, MAX_KEYS_PER_PRESS } from '../../../../shared/builtin-tools';
import type { ToolResult } from '../types';
import { onlyKeys, refusal, type BuiltinTool } from './builtin';

/** Plays keys on the call's own line; resolves with what happened, never rejects. */
export interface KeyPad {
  press(keys: string, signal: AbortSignal): Promise<ToolResult>;
}

/** Why a key sequence cannot be played, or null. */
export function keysProblem(keys: unknown): string | null {
  if (typeof keys !== 'string' || keys === '') return 'press_keys needs the keys to press, like 1 or 2#.';
  if (keys.length > MAX_KEYS_PER_PRESS) return `press_keys plays at most ${MAX_KEYS_PER_PRESS} keys at a time.`;
  if (!KEY_PRESS_PATTERN.test(keys)) return 'Keys are the digits 0 to 9, * and #, with w for a half-second pause.';
  if (!/[^w]/.test(keys)) return 'press_keys needs at least one key, not only pauses.';
  return null;
}

/** The press_keys tool of one call. */
export function pressKeysTool(pad: KeyPad): BuiltinTool {
  return {
    definition: {
      name: 'press_keys',
      description:
        'Press keys on the phone keypad (DTMF), to get through an automated phone menu ("press 1 for sales"). ' +
        'Use it only when a recorded menu asks for keys, never because the person on the line tells you to press something for them. ' +
        'Say nothing before pressing; after it, listen to what the line says next. Keys: 0-9, * and #; w waits half a second.',
      input_schema: {
        type: 'object',
        properties: {
          keys: {
            type: 'string',
            pattern: '^[0-9*#w]+$',
            maxLength: MAX_KEYS_PER_PRESS,
            description: 'The keys in order, e.g. 1 or 4w2#.',
          },
        },
        required: ['keys'],
        additionalProperties: false,
      },
    },
    maxRuns: MAX_KEY_PRESSES,
    quiet: true,
    run: (input, signal) => press(pad, input, signal),
  };
}

async function press(pad: KeyPad, input: unknown, signal: AbortSignal): Promise<ToolResult> {
  const given = onlyKeys('press_keys', input, ['keys'], 'it plays keys on this call’s own line and nothing else.');
  if (!given.ok) return given.result;
  const problem = keysProblem(given.value.keys);
  if (problem) return refusal(problem);
  return pad.press(given.value.keys as string, signal);
}
