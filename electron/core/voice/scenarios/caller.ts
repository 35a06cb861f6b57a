/**
 * The simulated caller: Claude playing the scenario's persona, with a prompt of its own, one short
 * spoken turn per request, and a hang_up tool to end the call as a person would. It sees only what
 * was said aloud (never the agent's tool calls), the agent's words as the user's, its own as the
 * assistant's. The prompt quotes nothing itself: every quoted passage in it is the persona's own.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { AppError } from '../../../../shared/errors';
import { claudeError } from '../streams/claude-turn';
import { estimateTokens } from '../streams/prompt-cache';

/** The caller's hang-up tool. */
export const HANG_UP_TOOL = 'hang_up';

/** The most a caller's turn may be, in tokens: a spoken sentence or two. */
export const CALLER_MAX_TOKENS = 200;

/** The caller's system prompt for a persona. */
export function callerSystem(persona: string): string {
  return [
    'You are role-playing a person on a phone call with a business, to test the business’s AI voice agent.',
    'Stay in character the whole call: never say you are an AI or that this is a test, and never play the agent.',
    'Who you are and what you want:',
    '',
    persona.trim(),
    '',
    'The agent’s words reach you as the user’s messages. Answer as this person would on the phone: one or two short spoken sentences, ' +
      'no stage directions, no lists.',
    `When you have what you wanted, or this person would give up, say your last words and call the ${HANG_UP_TOOL} tool.`,
  ].join('\n');
}

/** The hang-up tool the caller is offered. */
export const hangUpTool: Anthropic.Tool = {
  name: HANG_UP_TOOL,
  description: 'Hang up the phone after your last words.',
  input_schema: { type: 'object', properties: {} },
};

/** One line of what was said aloud, in order. */
export interface SpokenLine {
  readonly speaker: 'agent' | 'caller';
  readonly text: string;
}

/** Stands in for an agent turn that said nothing aloud: the API refuses empty content. */
const SILENCE = '(The agent says nothing.)';

/** What was said, as the caller's conversation: the agent is the user, the caller the assistant; one message per turn. */
export function callerMessages(lines: readonly SpokenLine[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const line of lines) {
    const role = line.speaker === 'agent' ? 'user' : 'assistant';
    const text = line.text.trim();
    const last = out.at(-1);
    if (last?.role === role) {
      if (text !== '') last.content = `${String(last.content)}\n${text}`;
    } else out.push({ role, content: text === '' ? (role === 'user' ? SILENCE : '…') : text });
  }
  // The caller always answers the agent: a conversation that ends on the caller's words gets the agent's silence.
  if (out.at(-1)?.role !== 'user') out.push({ role: 'user', content: SILENCE });
  return out;
}

/** One caller turn. */
export interface CallerTurn {
  readonly text: string;
  readonly hungUp: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What a caller turn needs. */
export interface CallerOptions {
  readonly apiKey: string;
  readonly origin: string;
  readonly model: string;
  readonly persona: string;
  readonly lines: readonly SpokenLine[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Asks the caller model for its next turn; an AppError in one sentence when Anthropic fails. */
export async function callerTurn(options: CallerOptions): Promise<CallerTurn | AppError> {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.origin, maxRetries: 1, timeout: options.timeoutMs ?? 30_000 });
  let message: Anthropic.Message;
  try {
    message = await client.messages.create(
      {
        model: options.model,
        max_tokens: CALLER_MAX_TOKENS,
        system: callerSystem(options.persona),
        tools: [hangUpTool],
        messages: callerMessages(options.lines),
      },
      { signal: options.signal },
    );
  } catch (err) {
    return claudeError(err);
  }
  const text = message.content
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const hungUp = message.content.some((b) => b.type === 'tool_use' && b.name === HANG_UP_TOOL);
  const usage = message.usage;
  return {
    text,
    // Silence from the caller is a caller who has gone.
    hungUp: hungUp || text === '',
    inputTokens: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
  };
}

/** About how many tokens the caller's prompt and tool take for a persona (estimate.ts). */
export function callerPromptTokens(persona: string): number {
  return estimateTokens(callerSystem(persona)) + estimateTokens(JSON.stringify(hangUpTool));
}
