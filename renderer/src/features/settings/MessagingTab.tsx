/**
 * Settings → Messaging (seed 000): the workspace's own Twilio (SMS) and email service, with
 * Save & Test, the Verified ✓ badge, Test Connection, Last tested, and Revert to Platform Credentials.
 */
import { useEffect, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import type { ProviderId } from '../../../../shared/providers/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Skeleton } from '../../components/Page';
import { useCredentials } from '../../stores/credentials';
import { MessagingGuide } from './MessagingGuide';
import { RevertSection } from './RevertSection';
import { ServiceSection } from './ServiceSection';

const EMPTY: readonly CredentialView[] = [];
/** The providers the Messaging tab manages; revert deletes keys of exactly these. */
export const MESSAGING: readonly ProviderId[] = ['twilio', 'exotel', 'resend', 'sendgrid'];

/** The key a section shows: the active production key of its providers, else any of them. */
export function keyFor(keys: readonly CredentialView[], providers: readonly ProviderId[]): CredentialView | null {
  const mine = keys.filter((k) => providers.includes(k.provider));
  return mine.find((k) => k.active && k.environment === 'production') ?? mine.find((k) => k.active) ?? mine[0] ?? null;
}

/** The tab. */
export function MessagingTab({ ws }: { ws: Workspace }): ReactElement {
  const keys = useCredentials((s) => s.byWorkspace[ws.id] ?? EMPTY);
  const loaded = useCredentials((s) => ws.id in s.byWorkspace);
  const error = useCredentials((s) => s.errors[ws.id] ?? null);
  useEffect(() => {
    void useCredentials.getState().load(ws.id);
  }, [ws.id]);

  if (error)
    return (
      <ErrorBanner
        title="Messaging settings could not be loaded"
        error={error}
        onRetry={() => void useCredentials.getState().load(ws.id)}
      />
    );
  if (!loaded) return <Skeleton rows={6} />;
  const agency = ws.kind === 'agency';
  const twilio = keyFor(keys, ['twilio']);
  const email = keyFor(keys, ['resend', 'sendgrid']);
  return (
    <div className="settings-grid">
      <div className="messaging">
        <p className="muted messaging-intro">
          {agency
            ? 'These are the platform credentials: every client without its own keys sends SMS and email through them.'
            : 'Send this client’s campaign and workflow messages through its own accounts: its own rate limits, its own sender reputation, billed to it directly. Without them, the agency’s platform credentials are used.'}
        </p>
        <ServiceSection
          ws={ws}
          kind="sms"
          providers={['twilio']}
          fields={['accountSid', 'authToken', 'phoneNumber']}
          existing={twilio}
          siblings={keys.filter((k) => k.provider === 'twilio')}
        />
        <ServiceSection
          ws={ws}
          kind="email"
          providers={['resend', 'sendgrid']}
          fields={['apiKey', 'fromEmail']}
          existing={email}
          siblings={keys.filter((k) => k.provider === 'resend' || k.provider === 'sendgrid')}
        />
        {agency ? null : <RevertSection ws={ws} keys={keys.filter((k) => MESSAGING.includes(k.provider))} />}
      </div>
      <MessagingGuide />
    </div>
  );
}
