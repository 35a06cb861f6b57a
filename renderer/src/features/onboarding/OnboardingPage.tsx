/**
 * Onboarding (seed 002): BYOK or Bundled, the checklist of what each channel needs with what to
 * fix, and "Complete onboarding", which the core allows only once every voice line is ready.
 */
import { useEffect, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Page, PageHeader, Skeleton } from '../../components/Page';
import { useCredentials } from '../../stores/credentials';
import { useOnboarding } from '../../stores/onboarding';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { ChannelCard } from './ChannelCard';
import { CompleteCard } from './CompleteCard';
import { ModeCard } from './ModeCard';
import './onboarding.css';

const EMPTY: readonly CredentialView[] = [];

/** The screen. */
export default function OnboardingPage(): ReactElement {
  const ws = useCurrentWorkspace();
  return (
    <Page
      header={
        <PageHeader
          title="Onboarding"
          subtitle="Voice campaigns unlock once Anthropic, Cartesia, Deepgram and Twilio or Exotel all show ● Validated."
        />
      }
    >
      {ws ? <Body ws={ws} /> : null}
    </Page>
  );
}

function Body({ ws }: { ws: Workspace }): ReactElement {
  const view = useOnboarding((s) => s.byWorkspace[ws.id] ?? null);
  const error = useOnboarding((s) => s.errors[ws.id] ?? null);
  // Any change to keys (added, tested, deleted) can change the checklist.
  const keys = useCredentials((s) => s.byWorkspace[ws.id] ?? EMPTY);
  useEffect(() => {
    void useOnboarding.getState().load(ws.id);
  }, [ws.id, ws.mode, ws.allowAgencyFallback, keys]);
  useEffect(() => {
    void useCredentials.getState().load(ws.id);
  }, [ws.id]);

  if (error)
    return (
      <ErrorBanner title="The checklist could not be loaded" error={error} onRetry={() => void useOnboarding.getState().load(ws.id)} />
    );
  if (!view) return <Skeleton rows={8} />;
  return (
    <div className="onboarding">
      <div className="onboarding-main">
        {view.channels.map((c) => (
          <ChannelCard key={c.channel} ws={ws} channel={c} />
        ))}
      </div>
      <div className="onboarding-side">
        <CompleteCard view={view} />
        {ws.kind === 'client' ? <ModeCard ws={ws} /> : null}
      </div>
    </div>
  );
}
