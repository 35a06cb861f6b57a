/**
 * Onboarding (seed 002): BYOK or Bundled, the checklist of what each channel needs with what to
 * fix, and "Complete onboarding", which the core allows only once every voice line is ready.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Page, PageHeader, Skeleton } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { useCredentials } from '../../stores/credentials';
import { useOnboarding } from '../../stores/onboarding';
import { toast } from '../../stores/toasts';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { ChannelCard } from './ChannelCard';
import { ModeCard } from './ModeCard';
import './onboarding.css';

const EMPTY: readonly CredentialView[] = [];

/** The screen. */
export default function OnboardingPage(): ReactElement {
  const ws = useCurrentWorkspace();
  return <Page header={<PageHeader title="Onboarding" subtitle="Voice campaigns unlock once Anthropic, Cartesia, Deepgram and Twilio or Exotel all show ● Validated." />}>{ws ? <Body ws={ws} /> : null}</Page>;
}

function Body({ ws }: { ws: Workspace }): ReactElement {
  const view = useOnboarding((s) => s.byWorkspace[ws.id] ?? null);
  const error = useOnboarding((s) => s.errors[ws.id] ?? null);
  // Any change to keys (added, tested, deleted) can change the checklist.
  const keys = useCredentials((s) => s.byWorkspace[ws.id] ?? EMPTY);
  const [completing, setCompleting] = useState(false);
  useEffect(() => {
    void useOnboarding.getState().load(ws.id);
  }, [ws.id, ws.mode, ws.allowAgencyFallback, keys]);
  useEffect(() => {
    void useCredentials.getState().load(ws.id);
  }, [ws.id]);

  const complete = async (): Promise<void> => {
    setCompleting(true);
    const res = await useOnboarding.getState().complete(ws.id);
    setCompleting(false);
    if (res.ok) toast.success('Onboarding complete', 'The dialer and the workflow runner are unlocked for this workspace.');
    else toast.error('Onboarding not completed', errorSentence(res.error));
  };

  if (error) return <ErrorBanner title="The checklist could not be loaded" error={error} onRetry={() => void useOnboarding.getState().load(ws.id)} />;
  if (!view) return <Skeleton rows={8} />;
  const voice = view.channels.find((c) => c.channel === 'voice');
  const readyCount = voice ? voice.lines.filter((l) => l.ready).length : 0;
  return (
    <div className="onboarding">
      {ws.kind === 'client' ? <ModeCard ws={ws} /> : null}
      {view.channels.map((c) => (
        <ChannelCard key={c.channel} ws={ws} channel={c} />
      ))}
      <section className={`complete card${view.completedAt ? ' is-done' : ''}`} aria-labelledby="complete-title" data-testid="complete-panel">
        <div className="complete-text">
          <h2 id="complete-title">{view.completedAt ? 'Onboarding complete' : 'Complete onboarding'}</h2>
          {view.completedAt ? (
            <p className="muted">Completed {shortDate(view.completedAt)}. The dialer and the workflow runner are unlocked; add more keys any time without re-onboarding.</p>
          ) : view.canComplete ? (
            <p className="muted">All four voice requirements are ready. Completing marks the workspace ready and unlocks the dialer and the workflow runner.</p>
          ) : (
            <>
              <p className="muted">
                {readyCount} of {voice?.lines.length ?? 4} voice requirements are ready. Still to do:
              </p>
              <ul className="blockers">
                {view.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </>
          )}
        </div>
        {view.completedAt ? (
          <Notice tone="ok">Ready</Notice>
        ) : (
          <Button variant="primary" icon="check" disabled={!view.canComplete} busy={completing} onClick={() => void complete()}>
            Complete onboarding
          </Button>
        )}
      </section>
    </div>
  );
}
