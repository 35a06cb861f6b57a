/**
 * What a voice campaign will cost before anything is dialled: carrier minutes, STT minutes, LLM
 * tokens and TTS characters at the catalog's prices, for the leads imported, on stated assumptions
 * (share answered, minutes per answered call, retries of the unanswered). And what the calls so far
 * really metered, by provider and key owner.
 */
import type { ProviderCost, VoiceEstimate } from '../../../../shared/voice-campaigns';
import type { ProviderId } from '../../../../shared/providers/types';
import { roundUsd, usageCost, ZERO } from '../../usage/cost';
import { promptCaching } from '../../voice/streams/prompt-cache';
import { endCallTool } from '../../voice/streams/claude-turn';

/** The agent whose prompt every turn resends. */
export interface EstimatePrompt {
  readonly model: string;
  readonly system: string;
  readonly outcomes: readonly string[];
}

/**
 * Anthropic bills a cache write at 1.25× the input price and a cache read at 0.1× (prompt-caching
 * docs): over a call of `turns` turns a cached prompt costs (1.25 + 0.1 × (turns − 1)) / turns of
 * its full price per turn. Below the model's minimum nothing is cached and every turn pays in full.
 */
function promptShare(caches: boolean, turns: number): number {
  return caches ? (1.25 + 0.1 * (turns - 1)) / turns : 1;
}
import type { CallsRepo } from '../../voice/calls/repo';

/** Assumptions of the estimate, said with it. */
export const ASSUMED = {
  /** Share of calls someone (or a machine) answers. */
  answerRate: 0.5,
  /** Minutes of an answered call. */
  minutesPerCall: 2,
  /** Tokens per answered minute when the agent's prompt is not known: about four turns of ~1,500 tokens. */
  tokensPerMinute: 6000,
  /** Turns per answered minute, and what each turn sends besides the prompt (history so far) and gets back. */
  turnsPerMinute: 4,
  historyTokensPerTurn: 250,
  outputTokensPerTurn: 50,
  /** Characters the agent speaks per answered minute (about half the talk time at ~14 characters a second). */
  charactersPerMinute: 420,
} as const;

const ROLE_OF: Readonly<Record<string, ProviderCost['role']>> = {
  twilio: 'carrier',
  exotel: 'carrier',
  deepgram: 'stt',
  anthropic: 'llm',
  cartesia: 'tts',
};

/** The estimate for `leads` leads with `retries` further attempts after an unanswered call. */
export function estimateVoice(
  leads: number,
  retries: number,
  carrier: 'twilio' | 'exotel',
  owners: Partial<Record<ProviderId, 'own' | 'agency'>> = {},
  agent?: EstimatePrompt,
): VoiceEstimate {
  const { answerRate, minutesPerCall } = ASSUMED;
  // Each attempt reaches answerRate of those still unanswered: calls = leads × Σ (1 - rate)^k.
  let calls = 0;
  let unanswered = leads;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    calls += unanswered;
    unanswered *= 1 - answerRate;
  }
  const answered = leads - unanswered;
  const minutes = Math.round(answered * Math.ceil(minutesPerCall));
  const line = (provider: ProviderId, unit: ProviderCost['unit'], amount: number): ProviderCost => ({
    provider,
    role: ROLE_OF[provider] ?? 'carrier',
    owner: owners[provider] ?? null,
    unit,
    amount: Math.round(amount),
    costUsd: roundUsd(usageCost(provider, { ...ZERO, [unit]: Math.round(amount) })),
  });
  const caching = agent ? promptCaching(agent.model, [JSON.stringify(endCallTool(agent.outcomes)), agent.system]) : null;
  const turns = ASSUMED.turnsPerMinute * minutesPerCall;
  // Input-price tokens per turn: the prompt (at its cached share), the history, and the reply.
  const perTurn = caching
    ? caching.tokens * promptShare(caching.caches, turns) + ASSUMED.historyTokensPerTurn + ASSUMED.outputTokensPerTurn
    : null;
  const tokensPerMinute = perTurn === null ? ASSUMED.tokensPerMinute : perTurn * ASSUMED.turnsPerMinute;
  const byProvider = [
    line(carrier, 'minutes', minutes),
    line('deepgram', 'minutes', answered * minutesPerCall),
    line('anthropic', 'tokens', answered * minutesPerCall * tokensPerMinute),
    line('cartesia', 'characters', answered * minutesPerCall * ASSUMED.charactersPerMinute),
  ];
  const prompt = caching && agent ? { model: agent.model, tokens: caching.tokens, minimum: caching.minimum, caches: caching.caches } : null;
  return {
    leads,
    calls: Math.round(calls),
    answerRate,
    minutesPerCall,
    minutes,
    byProvider,
    costUsd: roundUsd(byProvider.reduce((s, p) => s + p.costUsd, 0)),
    prompt,
  };
}

/** What the campaign's calls metered so far, by provider, unit and key owner, with their cost. */
export function usageOf(calls: Pick<CallsRepo, 'campaignUsage'>, campaignId: string): ProviderCost[] {
  return calls.campaignUsage(campaignId).map((usage) => {
    // The calls store meters minutes, characters and tokens per call; requests are left out by the query.
    const unit = usage.unit as ProviderCost['unit'];
    return {
      provider: usage.provider,
      role: ROLE_OF[usage.provider] ?? 'carrier',
      owner: usage.owner,
      unit,
      amount: usage.amount,
      costUsd: roundUsd(usageCost(usage.provider, { ...ZERO, [unit]: usage.amount })),
    };
  });
}
