/** A call's outcome as mark + word + colour, as the recent calls, the live view and the call record show it. */
import type { ReactElement } from 'react';
import type { CallState } from '../../lib/call-log';
import { CALL_STATE_LABEL, outcomeTone, outcomeWords } from './labels';

/** A call's outcome as mark + word + colour, or its state while it has none. */
export function CallOutcome({ call }: { call: { readonly outcome: string | null; readonly state: CallState } }): ReactElement {
  if (!call.outcome) return <span className="call-outcome tone-idle">{CALL_STATE_LABEL[call.state]}</span>;
  const t = outcomeTone(call.outcome);
  return (
    <span className={`call-outcome tone-${t.tone}`}>
      <span aria-hidden>{t.glyph}</span> {outcomeWords(call.outcome)}
    </span>
  );
}
