/**
 * A call's results on record: the summary and each field Claude extracted (with the schema version
 * it used), or why nothing was extracted — and a button to extract again with the agent's current
 * fields, for a call placed before they changed.
 */
import { useState, type ReactElement } from 'react';
import type { CallView } from '../../../../shared/calls';
import { extractedText, fieldLabel, type CallExtractionView } from '../../../../shared/extraction';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { ErrorInfo } from '../../lib/api';
import { useVoice } from '../../stores/voice';

/** The section; `onChange` gets the new result after a re-run. */
export function CallExtraction({
  workspaceId,
  call,
  onChange,
}: {
  workspaceId: string;
  call: CallView;
  onChange: (x: CallExtractionView) => void;
}): ReactElement | null {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  if (call.answeredAt === null) return null;
  const x = call.extraction;
  const again = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useVoice.getState().extractAgain(workspaceId, call.id);
    setBusy(false);
    if (res.ok) onChange(res.value);
    else setError(res.error);
  };
  return (
    <section className="call-extraction" aria-label="Results">
      <div className="call-extraction-head">
        <h3 className="call-extraction-title">Results</h3>
        {x ? (
          <span className={`call-extraction-state ${x.state === 'extracted' ? 'tone-ok' : 'tone-warn'}`} data-testid="extraction-state">
            {x.state === 'extracted' ? '● Extracted' : '▲ Not extracted'}
          </span>
        ) : null}
        {x ? <span className="muted small">schema version {x.schemaVersion}</span> : null}
        <Button size="sm" icon="refresh" busy={busy} className="call-extraction-again" onClick={() => void again()}>
          {x ? 'Extract again' : 'Extract'}
        </Button>
      </div>
      {error ? <ErrorBanner title="Not extracted" error={error} onDismiss={() => setError(null)} /> : null}
      {!x ? (
        <p className="muted small call-extraction-none">
          Nothing was extracted from this call: its agent had no fields to fill when it ended. Extract now to use the agent’s current
          fields.
        </p>
      ) : x.state === 'not_extracted' ? (
        <p className="call-extraction-reason" data-testid="extraction-reason">
          {x.reason}
        </p>
      ) : (
        <>
          <p className="call-extraction-summary" data-testid="extraction-summary">
            {x.summary}
          </p>
          {Object.keys(x.values).length > 0 ? (
            <dl className="call-extraction-fields" data-testid="extraction-fields">
              {Object.entries(x.values).map(([name, value]) => (
                <div key={name} className="call-extraction-field">
                  <dt title={name}>{fieldLabel(name)}</dt>
                  <dd className={value === null ? 'muted' : undefined}>{value === null ? 'not settled' : extractedText(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          <p className="muted small call-extraction-model">Extracted by {x.model} from the transcript below.</p>
        </>
      )}
    </section>
  );
}
