/** A campaign's state as icon + word + colour (never colour alone), and its progress bar. */
import type { ReactElement } from 'react';
import type { CampaignState as State, MessageCounts } from '../../../../shared/campaigns';
import type { LeadCounts } from '../../../../shared/voice-campaigns';

const LOOK: Readonly<Record<State | 'interrupted', { glyph: string; word: string; tone: string }>> = {
  ready: { glyph: '○', word: 'Ready', tone: 'idle' },
  running: { glyph: '●', word: 'Sending', tone: 'accent' },
  paused: { glyph: '▲', word: 'Paused', tone: 'warn' },
  cancelled: { glyph: '✕', word: 'Cancelled', tone: 'idle' },
  completed: { glyph: '●', word: 'Completed', tone: 'ok' },
  interrupted: { glyph: '▲', word: 'Interrupted', tone: 'warn' },
};

/** `● Sending`, `▲ Paused`…; a voice campaign runs as `● Calling`. */
export function CampaignStateBadge({
  state,
  interrupted = false,
  voice = false,
}: {
  state: State;
  interrupted?: boolean;
  voice?: boolean;
}): ReactElement {
  const look = LOOK[interrupted ? 'interrupted' : state];
  return (
    <span className={`campaign-state tone-${look.tone}`}>
      <span aria-hidden>{look.glyph}</span> {voice && state === 'running' && !interrupted ? 'Calling' : look.word}
    </span>
  );
}

/** Messages that are finished one way or another. */
export function doneOf(c: MessageCounts): number {
  return c.sent + c.failed + c.skipped + c.cancelled;
}

/** A bar: sent in the accent colour, failed and skipped after it, the rest empty. */
export function ProgressBar({ counts, label }: { counts: MessageCounts; label?: string }): ReactElement {
  const total = Math.max(1, counts.total);
  const pct = (n: number): string => `${(n / total) * 100}%`;
  const done = doneOf(counts);
  return (
    <div
      className="campaign-progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={counts.total}
      aria-valuenow={done}
      aria-label={label ?? 'Messages finished'}
    >
      <span className="bar-sent" style={{ width: pct(counts.sent) }} />
      <span className="bar-failed" style={{ width: pct(counts.failed) }} />
      <span className="bar-skipped" style={{ width: pct(counts.skipped + counts.cancelled) }} />
    </div>
  );
}

/** A voice campaign's leads in the bar's terms: done calls as sent, in flight as sending, the do-not-call ones as skipped. */
export function leadBar(c: LeadCounts): MessageCounts {
  return {
    total: c.total,
    queued: c.queued + c.inDoubt,
    sending: c.dialing + c.inCall,
    sent: c.done,
    failed: c.failed,
    skipped: c.skipped,
    cancelled: c.cancelled,
  };
}
