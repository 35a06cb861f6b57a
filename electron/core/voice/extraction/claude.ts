/**
 * One extraction request to Claude through the Anthropic SDK, with the key that paid for the call:
 * not streamed (nobody waits on the line), no retries (a failure is recorded and can be re-run), and
 * aborted when the injected clock says the bound has passed. Every failure becomes one sentence; the
 * SDK's own message is never shown because it quotes the provider's body.
 */
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { Resolved } from '../../onboarding/resolve';
import { providerOrigin } from '../../providers/origin';
import type { Clock } from '../clock';
import type { VoiceEnv } from '../deps';

/** Tokens one request used (what is metered to the key). */
export interface ExtractionTokens {
  readonly input: number;
  readonly output: number;
}

/** What Claude answered. */
export type ClaudeAnswer =
  | { readonly kind: 'tool'; readonly input: unknown; readonly tokens: ExtractionTokens }
  | { readonly kind: 'refused'; readonly tokens: ExtractionTokens }
  | { readonly kind: 'no_tool'; readonly tokens: ExtractionTokens }
  | { readonly kind: 'failed'; readonly reason: string };

/** How to reach Claude. */
export interface ClaudeReach {
  readonly clock: Clock;
  readonly env: VoiceEnv | undefined;
  /** The bound on the whole request, on `clock`. */
  readonly timeoutMs: number;
}

/** The parts of a Message read here (SDK `Message`: content blocks, stop_reason, usage). */
const Answer = z.object({
  content: z.array(z.object({ type: z.string(), name: z.string().optional(), input: z.unknown().optional() })),
  stop_reason: z.string().nullable(),
  usage: z.object({ input_tokens: z.number().int().min(0), output_tokens: z.number().int().min(0) }),
});

const ApiStatus = z.object({ status: z.number() });

/** A failed request as one sentence. */
function failure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `Claude did not answer within ${Math.round(timeoutMs / 1000)} seconds, so nothing was extracted; re-run it later.`;
  const status = ApiStatus.safeParse(err).data?.status;
  if (status === 401) return 'Anthropic rejected the key that paid for this call: it is wrong or was revoked.';
  if (status === 403) return 'Anthropic refused the key that paid for this call the model it asked for.';
  if (status === 429) return 'Anthropic was rate-limiting the key that paid for this call, so nothing was extracted; re-run it later.';
  if (status === 529) return 'Anthropic was overloaded, so nothing was extracted; re-run it later.';
  if (status !== undefined) return `Anthropic answered HTTP ${status}, so nothing was extracted.`;
  return 'Anthropic could not be reached, so nothing was extracted.';
}

/** Sends the request and reads the forced tool's input out of the answer; never throws. */
export async function askClaude(
  request: Anthropic.MessageCreateParamsNonStreaming,
  toolName: string,
  key: Resolved,
  reach: ClaudeReach,
): Promise<ClaudeAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = reach.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, reach.timeoutMs);
  try {
    const client = new Anthropic({
      apiKey: key.fields.apiKey ?? '',
      baseURL: providerOrigin('anthropic', { endpoint: key.endpoint ?? undefined, env: reach.env }),
      maxRetries: 0,
      // The bound is the injected clock's; the SDK's own timer is only a backstop.
      timeout: reach.timeoutMs + 60_000,
    });
    const raw: unknown = await client.messages.create(request, { signal: controller.signal });
    const parsed = Answer.safeParse(raw);
    if (!parsed.success) return { kind: 'failed', reason: 'Anthropic’s answer was not a message Switchboard could read.' };
    const tokens = { input: parsed.data.usage.input_tokens, output: parsed.data.usage.output_tokens };
    if (parsed.data.stop_reason === 'refusal') return { kind: 'refused', tokens };
    const block = parsed.data.content.find((b) => b.type === 'tool_use' && b.name === toolName);
    return block ? { kind: 'tool', input: block.input, tokens } : { kind: 'no_tool', tokens };
  } catch (err) {
    return { kind: 'failed', reason: failure(err, timedOut, reach.timeoutMs) };
  } finally {
    reach.clock.clearTimeout(timer);
  }
}
