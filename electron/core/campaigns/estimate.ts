/** The cost of a campaign before it is sent, and the preview of its messages. */
import type { CampaignChannel, CostEstimate, MessagePreview } from '../../../shared/campaigns';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import { countSegments } from '../../../shared/sms-segments';
import { roundUsd } from '../usage/cost';

/** A rendered message's numbers, as stored and estimated. */
export interface Sized {
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2' | null;
}

/** Who sends a channel when no key has been resolved yet (for the estimate). */
export const DEFAULT_PROVIDER: Readonly<Record<CampaignChannel, ProviderId>> = { sms: 'twilio', email: 'resend' };

/** Segments and encoding of a body on a channel (an e-mail is one unit). */
export function sizeOf(channel: CampaignChannel, body: string): Sized {
  if (channel === 'email') return { segments: 1, encoding: null };
  const s = countSegments(body);
  return { segments: s.segments, encoding: s.encoding };
}

/**
 * Adds up billable units at the catalog's price: SMS providers bill every segment as a message,
 * e-mail providers every e-mail.
 */
export function estimate(provider: ProviderId, sized: Iterable<Sized>): CostEstimate {
  const unitPrice = getProvider(provider).unitPrices.messages ?? 0;
  let units = 0;
  let gsm7 = 0;
  let ucs2 = 0;
  let maxSegments = 0;
  for (const s of sized) {
    units += s.segments;
    if (s.encoding === 'GSM-7') gsm7 += 1;
    if (s.encoding === 'UCS-2') ucs2 += 1;
    maxSegments = Math.max(maxSegments, s.segments);
  }
  return { provider, units, unitPrice, costUsd: roundUsd(units * unitPrice), gsm7, ucs2, maxSegments };
}

/** The estimate from totals already added up (a staged import's). */
export function estimateFrom(provider: ProviderId, t: { units: number; gsm7: number; ucs2: number; maxSegments: number }): CostEstimate {
  const unitPrice = getProvider(provider).unitPrices.messages ?? 0;
  return {
    provider,
    units: t.units,
    unitPrice,
    costUsd: roundUsd(t.units * unitPrice),
    gsm7: t.gsm7,
    ucs2: t.ucs2,
    maxSegments: t.maxSegments,
  };
}

/** A message as the preview shows it. */
export function previewOf(
  index: number,
  m: { recipient: string; name: string; subject: string | null; body: string },
  channel: CampaignChannel,
): MessagePreview {
  const s = channel === 'sms' ? countSegments(m.body) : null;
  return {
    index,
    recipient: m.recipient,
    name: m.name,
    subject: m.subject,
    body: m.body,
    segments: s?.segments ?? 1,
    encoding: s?.encoding ?? null,
    nonGsm: s?.nonGsm ?? [],
  };
}
