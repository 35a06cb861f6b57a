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
  const counted = countSegments(body);
  return { segments: counted.segments, encoding: counted.encoding };
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
  for (const message of sized) {
    units += message.segments;
    if (message.encoding === 'GSM-7') gsm7 += 1;
    if (message.encoding === 'UCS-2') ucs2 += 1;
    maxSegments = Math.max(maxSegments, message.segments);
  }
  return { provider, units, unitPrice, costUsd: roundUsd(units * unitPrice), gsm7, ucs2, maxSegments };
}

/** The estimate from totals already added up (a staged import's). */
export function estimateFrom(
  provider: ProviderId,
  totals: { units: number; gsm7: number; ucs2: number; maxSegments: number },
): CostEstimate {
  const unitPrice = getProvider(provider).unitPrices.messages ?? 0;
  return {
    provider,
    units: totals.units,
    unitPrice,
    costUsd: roundUsd(totals.units * unitPrice),
    gsm7: totals.gsm7,
    ucs2: totals.ucs2,
    maxSegments: totals.maxSegments,
  };
}

/** A message as the preview shows it. */
export function previewOf(
  index: number,
  message: { recipient: string; name: string; subject: string | null; body: string },
  channel: CampaignChannel,
): MessagePreview {
  const counted = channel === 'sms' ? countSegments(message.body) : null;
  return {
    index,
    recipient: message.recipient,
    name: message.name,
    subject: message.subject,
    body: message.body,
    segments: counted?.segments ?? 1,
    encoding: counted?.encoding ?? null,
    nonGsm: counted?.nonGsm ?? [],
  };
}
