/** A test call: pick an agent, give your own phone number, and the runner calls you with it. */
import { useId, useState, type ReactElement } from 'react';
import type { AgentView } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { useVoice } from '../../stores/voice';

/** The number as the runner takes it: spaces, dashes, dots and brackets dropped. */
export function compactNumber(typed: string): string {
  return typed.replace(/[\s().-]/g, '');
}

/** The card with the form. */
export function TestCallForm({ workspaceId, agents }: { workspaceId: string; agents: readonly AgentView[] }): ReactElement {
  const id = useId();
  const [picked, setPicked] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  // The picked agent, or the first one while nothing is picked (or the picked one was deleted).
  const agentId = agents.some((a) => a.id === picked) ? picked : (agents[0]?.id ?? '');
  const number = compactNumber(to);
  const problem = /^\+[1-9]\d{6,14}$/.test(number) ? null : 'Write the number with its country code, like +919812345678.';
  const place = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useVoice.getState().testCall(workspaceId, agentId, number);
    setBusy(false);
    if (!res.ok) setError(res.error);
  };
  return (
    <section className="card card-pad test-call" aria-label="Test call">
      <div className="voice-card-head">
        <h2>Test call</h2>
      </div>
      <p className="small muted">
        The runner calls your phone from this workspace’s number, with the agent you pick, so you hear what a lead will hear.
      </p>
      {error ? <ErrorBanner title="No call placed" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Agent
        </label>
        <select id={id} className="select" value={agentId} disabled={agents.length === 0} onChange={(e) => setPicked(e.target.value)}>
          {agents.length === 0 ? <option value="">No agents yet</option> : null}
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <Field label="Your phone number" value={to} onChange={setTo} inputMode="tel" placeholder="+91 98123 45678" problem={problem} />
      <Button icon="phone" busy={busy} disabled={!agentId || problem !== null} onClick={() => void place()}>
        Call my phone
      </Button>
    </section>
  );
}
