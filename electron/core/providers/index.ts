/** The provider check registry: one check per provider id, and the entry point the credential service calls. */
import { PROVIDER_IDS, type ProviderId } from '../../../shared/providers/types';
import { anthropicCheck } from './anthropic';
import { awsS3Check } from './aws-s3';
import { cartesiaCheck } from './cartesia';
import { defineCheck } from './checker';
import { cloudinaryCheck } from './cloudinary';
import { deepgramCheck } from './deepgram';
import { exotelCheck } from './exotel';
import { githubCheck } from './github';
import { googleAnalyticsCheck } from './google-analytics';
import { mixpanelCheck } from './mixpanel';
import { ngrokCheck } from './ngrok';
import { openaiCheck } from './openai';
import { resendCheck } from './resend';
import { sendgridCheck } from './sendgrid';
import { sentryCheck } from './sentry';
import { stripeCheck } from './stripe';
import { twilioCheck } from './twilio';
import type { CheckBody, CheckContext, CheckResult, ProviderCheck } from './types';

const BODIES: Readonly<Record<ProviderId, CheckBody>> = {
  twilio: twilioCheck,
  exotel: exotelCheck,
  resend: resendCheck,
  sendgrid: sendgridCheck,
  anthropic: anthropicCheck,
  openai: openaiCheck,
  deepgram: deepgramCheck,
  cartesia: cartesiaCheck,
  stripe: stripeCheck,
  github: githubCheck,
  sentry: sentryCheck,
  mixpanel: mixpanelCheck,
  cloudinary: cloudinaryCheck,
  'aws-s3': awsS3Check,
  'google-analytics': googleAnalyticsCheck,
  ngrok: ngrokCheck,
};

/** Every provider's live check, wrapped so it format-checks first, never throws and never leaks a secret. */
export const CHECKS: Readonly<Record<ProviderId, ProviderCheck>> = Object.fromEntries(
  PROVIDER_IDS.map((id) => [id, defineCheck(id, BODIES[id])]),
) as Record<ProviderId, ProviderCheck>;

/** Checks one credential against its provider; never throws: any failure becomes a result. */
export async function checkCredential(id: ProviderId, ctx: CheckContext): Promise<CheckResult> {
  const check = CHECKS[id];
  if (!check) {
    return { status: 'invalid', summary: 'Unknown provider.', lines: [], details: {}, durationMs: 0 };
  }
  return check(ctx);
}

export { checkMany } from './checker';
export { providerOrigin, originEnvName } from './origin';
export type { CheckContext, CheckLine, CheckResult, CheckStatus, ProviderCheck } from './types';
