/**
 * Phone numbers the workspace's agents answer: each of its own Twilio numbers attached to an agent,
 * what a caller hears when this computer's runner is not running, and detaching it back to the setup
 * it had before.
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { whenAwaySentence, DEFAULT_AWAY_MESSAGE, MAX_AWAY_MESSAGE, type InboundNumberView } from '../../../../shared/voice-numbers';
import type { AgentView } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Skeleton } from '../../components/Page';
import type { ErrorInfo } from '../../lib/api';
import { fullTime, timeAgo } from '../../lib/time';
import { useNumbers } from '../../stores/numbers';
import { compactNumber } from './TestCallForm';

const E164 = /^\+[1-9]\d{6,14}$/;
const NUMBER_PROBLEM = 'Write the number with its country code, like +14155550100.';

/** The section. */
export function NumbersSection({ workspaceId, agents }: { workspaceId: string; agents: readonly AgentView[] }): ReactElement {
  const numbers = useNumbers((s) => s.byWorkspace[workspaceId]);
  const error = useNumbers((s) => s.errors[workspaceId] ?? null);
  const [attaching, setAttaching] = useState(false);
  const [detaching, setDetaching] = useState<InboundNumberView | null>(null);
  const [detachError, setDetachError] = useState<ErrorInfo | null>(null);
  const reload = (): void => void useNumbers.getState().load(workspaceId);
  useEffect(() => {
    void useNumbers.getState().load(workspaceId);
  }, [workspaceId]);

  return (
    <section aria-label="Phone numbers">
      <h2 className="section-title voice-section">
        Phone numbers
        <Button size="sm" icon="plus" disabled={agents.length === 0} onClick={() => setAttaching(true)}>
          Attach a number
        </Button>
      </h2>
      {detachError ? <ErrorBanner title="The number was not detached" error={detachError} onDismiss={() => setDetachError(null)} /> : null}
      {error ? (
        <ErrorBanner title="Numbers could not be loaded" error={error} onRetry={reload} />
      ) : !numbers ? (
        <Skeleton rows={2} />
      ) : numbers.length === 0 ? (
        <p className="muted small recent-empty">
          No numbers answered here yet. Attach one of this workspace’s Twilio numbers to an agent, and callers reach the agent while this
          computer’s voice runner is running.
        </p>
      ) : (
        <div className="table-wrap agents-table">
          <table className="table" aria-label="Phone numbers">
            <thead>
              <tr>
                <th>Number</th>
                <th>Answered by</th>
                <th>When this computer is off</th>
                <th>Attached</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {numbers.map((n) => (
                <tr key={n.id} data-testid="inbound-number">
                  <td className="mono nowrap">{n.number}</td>
                  <td>{n.agentName}</td>
                  <td className="small">{n.forwardTo ? `Message, then put through to ${n.forwardTo}` : 'Message, then the call ends'}</td>
                  <td className="nowrap" title={fullTime(n.attachedAt)}>
                    {timeAgo(n.attachedAt)}
                  </td>
                  <td className="num">
                    <Button size="sm" variant="ghost" onClick={() => setDetaching(n)}>
                      Detach
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {attaching ? <AttachDialog workspaceId={workspaceId} agents={agents} onClose={() => setAttaching(false)} /> : null}
      {detaching ? (
        <Confirm
          open
          onOpenChange={(o) => !o && setDetaching(null)}
          title={`Detach ${detaching.number}?`}
          confirmLabel="Detach"
          onConfirm={async () => {
            const res = await useNumbers.getState().detach(workspaceId, detaching.number);
            setDetachError(res.ok ? null : res.error);
            return true;
          }}
        >
          <p>
            {detaching.agentName} stops answering it, and Twilio gets back the setup the number had before it was attached (its voice URL,
            fallback and status callback, exactly as they were).
          </p>
        </Confirm>
      ) : null}
    </section>
  );
}

function AttachDialog({
  workspaceId,
  agents,
  onClose,
}: {
  workspaceId: string;
  agents: readonly AgentView[];
  onClose: () => void;
}): ReactElement {
  const agentField = useId();
  const [number, setNumber] = useState('');
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [forwardTo, setForwardTo] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const typed = compactNumber(number);
  const forward = compactNumber(forwardTo);
  const numberProblem = E164.test(typed) ? null : NUMBER_PROBLEM;
  const forwardProblem = forward === '' || E164.test(forward) ? null : NUMBER_PROBLEM;
  const messageProblem = message.trim().length > MAX_AWAY_MESSAGE ? `At most ${MAX_AWAY_MESSAGE} characters.` : null;
  const away = message.trim() || DEFAULT_AWAY_MESSAGE;
  const attach = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useNumbers.getState().attach({
      workspaceId,
      number: typed,
      agent: agentId,
      forwardTo: forward === '' ? null : forward,
      awayMessage: message.trim() === '' ? null : message.trim(),
    });
    setBusy(false);
    if (res.ok) onClose();
    else setError(res.error);
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Attach a number"
      description="One of this workspace’s own Twilio numbers, answered by an agent. Its current setup is kept, so detaching puts it back exactly."
      width="md"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            icon="phone"
            busy={busy}
            disabled={!agentId || numberProblem !== null || forwardProblem !== null || messageProblem !== null}
            onClick={() => void attach()}
          >
            Attach
          </Button>
        </>
      }
    >
      <div className="agent-form">
        {error ? <ErrorBanner title="The number was not attached" error={error} onDismiss={() => setError(null)} /> : null}
        <Field
          label="Twilio number"
          value={number}
          onChange={setNumber}
          inputMode="tel"
          placeholder="+1 415 555 0100"
          problem={numberProblem}
        />
        <div className="field">
          <label className="field-label" htmlFor={agentField}>
            Answered by
          </label>
          <select id={agentField} className="select" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Put callers through to"
          optional
          value={forwardTo}
          onChange={setForwardTo}
          inputMode="tel"
          placeholder="+1 415 555 0199"
          help="A person’s phone, for callers who ring while this computer’s voice runner is not running."
          problem={forwardProblem}
        />
        <Field
          label="Message when nobody can answer"
          optional
          value={message}
          onChange={setMessage}
          placeholder={DEFAULT_AWAY_MESSAGE}
          problem={messageProblem}
        />
        <p className="banner banner-info small" data-testid="away-note">
          {whenAwaySentence(away, forward === '' || forwardProblem ? null : forward)} Twilio plays it itself, so callers hear it even when
          this computer is off. Callers beyond the calls this workspace may hold at once hear that the lines are busy.
        </p>
      </div>
    </Dialog>
  );
}
