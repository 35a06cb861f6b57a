/** The two provider calls an agent makes outside a call: Cartesia (can this key use the voice?) and Claude (draft a prompt). */
import Anthropic from '@anthropic-ai/sdk';
import Cartesia from '@cartesia/cartesia-js';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import {
  AUTHORING_MODEL,
  closestPersona,
  LANGUAGE_NAMES,
  personaById,
  type AgentLanguage,
  type AgentView,
  type PromptDraft,
  type VoiceCheck,
} from '../../../../shared/voice-agents';
import type { Resolved } from '../../onboarding/resolve';
import { DEFAULT_TIMEOUT_MS } from '../../providers/http';
import { providerOrigin } from '../../providers/origin';

/** Where and how long. */
export interface CallOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

const ApiStatus = z.object({ status: z.number() });
const statusOf = (err: unknown): number | undefined => ApiStatus.safeParse(err).data?.status;

/** An SDK failure as an AppError; the SDK's own message is never shown because it quotes the provider's body. */
function providerError(provider: string, err: unknown): AppError {
  const status = statusOf(err);
  if (status === 401) return new AppError('PROVIDER_AUTH', `${provider} rejected the workspace's key: it is wrong or was deleted.`);
  if (status === 429) return new AppError('RATE_LIMITED', `${provider} is rate-limiting this key; try again shortly.`);
  if (status !== undefined) return new AppError('PROVIDER_UNREACHABLE', `${provider} answered HTTP ${status}.`);
  return new AppError('PROVIDER_UNREACHABLE', `${provider} could not be reached.`);
}

/** Asks Cartesia for the agent's voice with the key; a 404 or 403 falls back to the closest public persona. */
export async function checkVoiceWith(agent: AgentView, key: Resolved, opts: CallOptions): Promise<VoiceCheck> {
  const client = new Cartesia({
    apiKey: key.fields.apiKey ?? '',
    baseURL: providerOrigin('cartesia', { endpoint: key.endpoint ?? undefined, env: opts.env }),
    maxRetries: 0,
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const own = personaById(agent.voiceId);
  try {
    await client.voices.get(agent.voiceId);
    return { voiceId: agent.voiceId, fellBack: false, persona: own?.name ?? null, reason: null };
  } catch (err) {
    const status = statusOf(err);
    if (status !== 404 && status !== 403) throw providerError('Cartesia', err);
    const fallback = closestPersona({ language: agent.language, gender: own?.gender });
    const why = status === 404 ? 'does not exist for' : 'is not shared with';
    return {
      voiceId: fallback.voiceId,
      fellBack: true,
      persona: fallback.name,
      reason:
        `The voice ${agent.voiceId} ${why} this workspace's Cartesia key, so calls use ${fallback.name}, the closest public ` +
        `${LANGUAGE_NAMES[agent.language]} persona.`,
    };
  }
}

const DRAFT_TOOL = 'save_agent_draft';

const Draft = z.object({ system_prompt: z.string().trim().min(1), greeting: z.string().trim().min(1) });

const AUTHOR_SYSTEM = [
  'You write instructions for an AI voice agent that phones people on behalf of a business.',
  'From the brief, write the system prompt the agent follows during the call (who it is, why it calls, what to say and not say, how to ' +
    'handle objections, when to end the call) and the first sentence it says when the callee answers.',
  'Calls are spoken: short sentences, no lists, no markdown. The agent must say it is an AI assistant if asked, and must end the call ' +
    'politely if the callee asks not to be called again.',
  `Save the result with the ${DRAFT_TOOL} tool.`,
].join(' ');

/** Drafts a system prompt and greeting with the authoring model, through a forced tool call so the answer has a shape. */
export async function draftWith(brief: string, language: AgentLanguage, key: Resolved, opts: CallOptions): Promise<PromptDraft> {
  const client = new Anthropic({
    apiKey: key.fields.apiKey ?? '',
    baseURL: providerOrigin('anthropic', { endpoint: key.endpoint ?? undefined, env: opts.env }),
    maxRetries: 0,
    timeout: opts.timeoutMs ?? 120_000,
  });
  let message: Anthropic.Message;
  try {
    message = await client.messages.create({
      model: AUTHORING_MODEL,
      max_tokens: 2_000,
      system: AUTHOR_SYSTEM,
      tools: [
        {
          name: DRAFT_TOOL,
          description: 'Saves the drafted system prompt and greeting.',
          input_schema: {
            type: 'object',
            properties: {
              system_prompt: { type: 'string', description: 'The system prompt for the call.' },
              greeting: { type: 'string', description: 'The first sentence of the call.' },
            },
            required: ['system_prompt', 'greeting'],
          },
        },
      ],
      tool_choice: { type: 'tool', name: DRAFT_TOOL },
      messages: [{ role: 'user', content: `The agent speaks ${LANGUAGE_NAMES[language]}. Brief:\n\n${brief}` }],
    });
  } catch (err) {
    throw providerError('Anthropic', err);
  }
  const block = message.content.find((b) => b.type === 'tool_use' && b.name === DRAFT_TOOL);
  const parsed = Draft.safeParse(block?.type === 'tool_use' ? block.input : undefined);
  if (!parsed.success) throw new AppError('PROVIDER_UNREACHABLE', 'Claude answered without a draft; try again.');
  return { systemPrompt: parsed.data.system_prompt, greeting: parsed.data.greeting, model: AUTHORING_MODEL };
}
