/**
 * What a voice campaign will cost before anything is dialled: carrier minutes, STT minutes, LLM
 * tokens and TTS characters at the catalog's prices, for the leads imported, on stated assumptions
 * (share answered, minutes per answered call, retries of the unanswered). And what the calls so far
 * really metered, by provider and key owner.
 */
import type { ProviderCost, VoiceEstimate } from '../../../../shared/voice-campaigns';
import type { ProviderId } from '../../../../shared/providers/types';
import { roundUsd, usageCost, ZERO } from '../../usage/cost';
import type { CallsRepo } from '../../voice/calls/repo';

/** Assumptions of the estimate, said with it. */
export const ASSUMED = {
  /** Share of calls someone (or a machine) answers. */
  answerRate: 0.5,
  /** Minutes of an answered call. */
  minutesPerCall: 2,
  /** Tokens per answered minute: about four turns, each resending the cached prompt and the history. */
  tokensPerMinute: 6000,
  /** Characters the agent speaks per answered minute (about half the talk time at ~14 characters a second). */
  charactersPerMinute: 420,
} as const;

const ROLE_OF: Readonly<Record<string, ProviderCost['role']>> = { twilio: 'carrier', exotel: 'carrier', deepgram: 'stt', anthropic: 'llm', cartesia: 'tts' };

/** The estimate for `leads` leads with `retries` further attempts after an unanswered call. */
export function estimateVoice(leads: number, retries: number, carrier: 'twilio' | 'exotel', owners: Partial<Record<ProviderId, 'own' | 'agency'>> = {}): VoiceEstimate {
  const { answerRate, minutesPerCall } = ASSUMED;
  // Each attempt reaches answerRate of those still unanswered: calls = leads × Σ (1 - rate)^k.
  let calls = 0;
  let unanswered = leads;
  for (let k = 0; k <= retries; k += 1) {
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
  const byProvider = [
    line(carrier, 'minutes', minutes),
    line('deepgram', 'minutes', answered * minutesPerCall),
    line('anthropic', 'tokens', answered * minutesPerCall * ASSUMED.tokensPerMinute),
    line('cartesia', 'characters', answered * minutesPerCall * ASSUMED.charactersPerMinute),
  ];
  return { leads, calls: Math.round(calls), answerRate, minutesPerCall, minutes, byProvider, costUsd: roundUsd(byProvider.reduce((s, p) => s + p.costUsd, 0)) };
}

/** What the campaign's calls metered so far, by provider, unit and key owner, with their cost. */
export function usageOf(calls: Pick<CallsRepo, 'campaignUsage'>, campaignId: string): ProviderCost[] {
  return calls.campaignUsage(campaignId).map((r) => {
    // The calls store meters minutes, characters and tokens per call; requests are left out by the query.
    const unit = r.unit as ProviderCost['unit'];
    return { provider: r.provider, role: ROLE_OF[r.provider] ?? 'carrier', owner: r.owner, unit, amount: r.amount, costUsd: roundUsd(usageCost(r.provider, { ...ZERO, [unit]: r.amount })) };
  });
}
