/** The lines of an Add & Test run, each with icon + word + colour, appearing as each step finishes. */
import type { ReactElement } from 'react';
import { Spinner } from '../../components/Spinner';
import './check-steps.css';

/** One line of progress. */
export interface Step {
  readonly label: string;
  readonly state: 'running' | 'pass' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
}

const LOOK = {
  pass: { glyph: '●', word: 'Pass' },
  warn: { glyph: '▲', word: 'Warning' },
  fail: { glyph: '✕', word: 'Failed' },
  skip: { glyph: '○', word: 'Skipped' },
} as const;

/** The list; announced politely as lines arrive. */
export function CheckSteps({ steps }: { steps: readonly Step[] }): ReactElement {
  return (
    <ol className="check-steps" aria-live="polite" data-testid="check-steps">
      {steps.map((s, i) => (
        <li key={`${i}-${s.label}`} className={`check-step is-${s.state}`} data-state={s.state}>
          <span className="check-step-mark">{s.state === 'running' ? <Spinner /> : <span aria-hidden>{LOOK[s.state].glyph}</span>}</span>
          <span className="check-step-label">{s.label}</span>
          <span className="check-step-word">{s.state === 'running' ? 'Checking…' : LOOK[s.state].word}</span>
          <span className="check-step-detail">{s.detail}</span>
        </li>
      ))}
    </ol>
  );
}
