/**
 * Starts and stops the console's voice runner: carriers reach this machine through the operator's
 * own HTTPS address (a reverse proxy) or the ngrok tunnel with the agency's authtoken.
 */
import { useState, type ReactElement } from 'react';
import type { RunnerState } from '../../../../shared/voice-runner';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import type { ErrorInfo, Result } from '../../lib/api';
import { useVoice } from '../../stores/voice';

/** The start/stop form under the runner's facts. */
export function RunnerControl({ runner }: { runner: RunnerState }): ReactElement {
  const [how, setHow] = useState<'tunnel' | 'url'>('tunnel');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = async (action: () => Promise<Result<RunnerState>>): Promise<void> => {
    setBusy(true);
    const res = await action();
    setBusy(false);
    setError(res.ok ? null : res.error);
  };
  if (runner.available) {
    return (
      <div className="runner-control">
        {error ? <ErrorBanner title="Runner not stopped" error={error} /> : null}
        <Button variant="secondary" size="sm" busy={busy} onClick={() => void run(() => useVoice.getState().stopRunner())}>
          {runner.callsNow > 0 ? 'Hang up all and stop' : 'Stop the runner'}
        </Button>
      </div>
    );
  }
  return (
    <form
      className="runner-control"
      aria-label="Start the voice runner"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => useVoice.getState().startRunner(how === 'tunnel' ? { tunnel: true } : { publicUrl: url }));
      }}
    >
      {error ? <ErrorBanner title="Runner not started" error={error} /> : null}
      <Segmented
        label="How carriers reach this machine"
        value={how}
        onChange={setHow}
        options={[
          { value: 'tunnel', label: 'ngrok tunnel' },
          { value: 'url', label: 'My public URL' },
        ]}
      />
      {how === 'url' ? (
        <Field
          label="Public HTTPS address"
          value={url}
          onChange={setUrl}
          placeholder="https://voice.example.com"
          help="Your reverse proxy forwarding to this machine."
        />
      ) : (
        <p className="small muted">Uses the agency’s ngrok authtoken from API Keys.</p>
      )}
      <Button type="submit" variant="primary" size="sm" busy={busy} disabled={how === 'url' && url.trim() === ''}>
        Start the runner
      </Button>
    </form>
  );
}
