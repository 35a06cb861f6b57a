/** Ended calls per outcome, each as mark + word + colour with its count. */
import type { ReactElement } from 'react';
import type { OutcomeCounts } from '../../../../shared/voice-campaigns';
import { CallOutcome } from '../voice/CallOutcome';
import { OUTCOMES } from './voice-labels';

/** The outcome counts card. */
export function VoiceOutcomes({ outcomes }: { outcomes: OutcomeCounts }): ReactElement {
  const total = OUTCOMES.reduce((s, o) => s + outcomes[o], 0);
  return (
    <section className="card card-pad voice-outcomes" aria-label="Outcomes">
      <header className="preview-head">
        <strong>Outcomes</strong>
        <span className="muted">
          {total.toLocaleString()} call{total === 1 ? '' : 's'} ended
        </span>
      </header>
      <ul className="voice-outcome-grid">
        {OUTCOMES.map((o) => (
          <li key={o} className={`voice-outcome${outcomes[o] === 0 ? ' is-zero' : ''}`} data-testid={`outcome-${o}`}>
            <CallOutcome call={{ outcome: o, state: 'ended' }} />
            <span className="voice-outcome-n">{outcomes[o].toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
