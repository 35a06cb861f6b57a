/** "Complete onboarding": progress of the voice requirements, what still blocks, and the button. */
import { useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Status } from '../../components/Status';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { useOnboarding, type OnboardingView } from '../../stores/onboarding';
import { toast } from '../../stores/toasts';

/** The card; the button is enabled only when the core says `canComplete`. */
export function CompleteCard({ view }: { view: OnboardingView }): ReactElement {
  const [busy, setBusy] = useState(false);
  const voice = view.channels.find((c) => c.channel === 'voice');
  const total = voice?.lines.length ?? 4;
  const ready = voice ? voice.lines.filter((l) => l.ready).length : 0;
  const complete = async (): Promise<void> => {
    setBusy(true);
    const res = await useOnboarding.getState().complete(view.workspaceId);
    setBusy(false);
    if (res.ok) toast.success('Onboarding complete', 'The dialer and the workflow runner are unlocked for this workspace.');
    else toast.error('Onboarding not completed', errorSentence(res.error));
  };
  return (
    <section className={`complete card${view.completedAt ? ' is-done' : ''}`} aria-labelledby="complete-title" data-testid="complete-panel">
      <h2 id="complete-title">{view.completedAt ? 'Onboarding complete' : 'Complete onboarding'}</h2>
      <div className="complete-progress">
        <span className="complete-count">
          {ready} <span className="faint">of {total}</span>
        </span>
        <span className="muted small">voice requirements ready</span>
      </div>
      <div
        className="meter"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={ready}
        aria-label="Voice requirements ready"
      >
        <span
          className={`meter-fill${ready === total ? ' is-full' : ''}`}
          style={{ width: `${Math.round((ready / Math.max(1, total)) * 100)}%` }}
        />
      </div>
      {view.completedAt ? (
        <p className="muted">
          Completed {shortDate(view.completedAt)}. The dialer and the workflow runner are unlocked; add more keys any time without
          onboarding again.
        </p>
      ) : view.canComplete ? (
        <p className="muted">
          Everything voice needs is validated. Completing marks this workspace ready and unlocks the dialer and the workflow runner.
        </p>
      ) : (
        <ul className="blockers" aria-label="Still to do">
          {view.blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {view.completedAt ? (
        <p>
          <Status kind="valid" word="Ready for voice campaigns" />
        </p>
      ) : (
        <Button variant="primary" icon="check" disabled={!view.canComplete} busy={busy} onClick={() => void complete()}>
          Complete onboarding
        </Button>
      )}
    </section>
  );
}
