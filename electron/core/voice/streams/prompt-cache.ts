/**
 * Whether an agent's prompt can be cached by Anthropic at all. A cache_control breakpoint caches
 * only when the prefix before it (tools, then system) reaches a per-model minimum; below it the
 * request succeeds and silently caches nothing (usage.cache_*_input_tokens stay 0). Minimums per
 * Anthropic's prompt-caching docs as restated by the gateways that document them (LiteLLM, orq.ai;
 * docs/providers.md for Haiku 4.5 and Opus 4.6): Haiku 4.5, Opus 4.5 and 4.6: 4,096 tokens; Sonnet 4.6:
 * 2,048; Sonnet 4.5, Sonnet 4, Opus 4 and 4.1, Sonnet 3.7: 1,024; Haiku 3 and 3.5: 2,048. An unknown
 * model is taken at the highest minimum, so we never claim a cache we cannot show.
 */

/** Minimum cacheable prefix, in tokens, by model id prefix (most specific first). */
const MINIMUMS: readonly (readonly [string, number])[] = [
  ['claude-haiku-4-5', 4096],
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-sonnet-4-6', 2048],
  ['claude-sonnet-4-5', 1024],
  ['claude-opus-4-1', 1024],
  ['claude-sonnet-4', 1024],
  ['claude-opus-4', 1024],
  ['claude-3-7-sonnet', 1024],
  ['claude-3-5-haiku', 2048],
  ['claude-3-haiku', 2048],
];
const UNKNOWN_MINIMUM = 4096;

/**
 * Characters per token used to estimate a prompt's size before sending it. Claude's tokenizer is
 * not published; English prose runs at about 3.5–4 characters a token, so 3.5 errs towards more
 * tokens (a prompt estimated at the minimum may still fall just short: the answer says "about").
 */
const CHARS_PER_TOKEN = 3.5;

/** The smallest prompt `model` caches, in tokens. */
export function cacheMinimum(model: string): number {
  return MINIMUMS.find(([prefix]) => model.startsWith(prefix))?.[1] ?? UNKNOWN_MINIMUM;
}

/** About how many tokens a text is. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** An agent prompt's caching, said plainly. */
export interface PromptCaching {
  /** About how many tokens the cacheable prefix (tools and system prompt) holds. */
  readonly tokens: number;
  /** The model's minimum. */
  readonly minimum: number;
  /** Whether cache_control is worth sending: the prefix reaches the minimum. */
  readonly caches: boolean;
}

/** Whether the prefix made of `parts` (tool definitions as JSON, the system prompt) can be cached by `model`. */
export function promptCaching(model: string, parts: readonly string[]): PromptCaching {
  const tokens = parts.reduce((n, p) => n + estimateTokens(p), 0);
  const minimum = cacheMinimum(model);
  return { tokens, minimum, caches: tokens >= minimum };
}
