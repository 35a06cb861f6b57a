/** A realistic agency for screenshots and the bench: clients, keys in every state, a month of usage. */
import type { ProviderId, UsageUnit } from '../../../shared/providers/types';
import type { E2EApp } from './app';
import { addKey, clientWorkspace } from './seed';

/** Workspace ids of the showcase. */
export interface Showcase {
  readonly agency: string;
  readonly acme: string;
  readonly bayside: string;
}

function use(app: E2EApp, workspaceId: string, provider: ProviderId, credentialId: string, unit: UsageUnit, amount: number): void {
  app.core.usage.record({ workspaceId, provider, credentialId, owner: 'own', unit, amount });
}

/** Builds the showcase: an agency with most services, "Acme Dental" mid-onboarding, "Bayside Realty" bundled. */
export async function buildShowcase(app: E2EApp): Promise<Showcase> {
  const agency = app.core.workspaces.agency().id;
  const acme = clientWorkspace(app, 'Acme Dental');
  // Acme pays for everything itself: no quiet fallback to the agency's keys.
  app.core.workspaces.setFallback(acme, false, 'console');
  const bayside = clientWorkspace(app, 'Bayside Realty', 'bundled');
  clientWorkspace(app, 'Northwind Clinics');

  const a = await addKey(app, agency, 'anthropic', { nickname: 'Voice agents' });
  const tw = await addKey(app, agency, 'twilio', { nickname: 'Main line' });
  const dg = await addKey(app, agency, 'deepgram', { nickname: 'Live transcription' });
  const ca = await addKey(app, agency, 'cartesia', { nickname: 'Voices' });
  const re = await addKey(app, agency, 'resend', { nickname: 'Notifications' });
  await addKey(app, agency, 'openai', { nickname: 'Drafting' });
  await addKey(app, agency, 'stripe', { nickname: 'Billing (test)', environment: 'test' });
  await addKey(app, agency, 'github', { nickname: 'Deploy bot' });
  await addKey(app, agency, 'sentry', { nickname: 'Error alerts', fields: { authToken: 'sntryu_RevokedToken000000000000000' } });
  await addKey(app, agency, 'aws-s3', { nickname: 'Recordings bucket', check: false });
  use(app, agency, 'anthropic', a.id, 'tokens', 2_400_000);
  use(app, agency, 'twilio', tw.id, 'messages', 3_180);
  use(app, agency, 'twilio', tw.id, 'minutes', 940);
  use(app, agency, 'deepgram', dg.id, 'minutes', 940);
  use(app, agency, 'cartesia', ca.id, 'characters', 410_000);
  use(app, agency, 'resend', re.id, 'messages', 5_200);
  use(app, agency, 'anthropic', a.id, 'requests', 6_350);

  const state = app.sim('resend').state as { domains: { id: string; name: string; status: string }[] };
  state.domains.push({ id: 'd-acme', name: 'acmedental.example', status: 'pending' });
  const acmeTwilio = await addKey(app, acme, 'twilio', { nickname: 'Acme SMS' });
  await addKey(app, acme, 'resend', { nickname: 'Acme mail', fields: { fromEmail: 'frontdesk@acmedental.example' } });
  await addKey(app, acme, 'anthropic', { nickname: 'Acme agents' });
  await addKey(app, acme, 'cartesia', { nickname: 'Acme voices' });
  await addKey(app, acme, 'deepgram', { nickname: 'Acme transcription', fields: { apiKey: 'f'.repeat(40) } });
  use(app, acme, 'twilio', acmeTwilio.id, 'messages', 860);
  return { agency, acme, bayside };
}
