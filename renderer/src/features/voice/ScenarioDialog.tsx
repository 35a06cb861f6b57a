/**
 * A new test scenario for an agent: who calls and what they want, in plain words; what the agent's
 * tools answer in this scenario (JSON, instead of their URLs); and what must happen — an outcome, tools
 * the agent must call, phrases it must never say, fields the call must yield. The core checks it
 * against the agent and says in one sentence what is wrong.
 */
import { useId, useState, type ReactElement } from 'react';
import { SCENARIO_LIMITS } from '../../../../shared/agent-scenarios';
import type { AgentOutcome, AgentView } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, TextAreaField } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { toast } from '../../stores/toasts';
import { type AgentTestsView, useAgentTests } from '../../stores/agent-tests';
import { OUTCOME_LABEL } from './labels';

/** One entry per line, blanks dropped. */
const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** `name` or `name=value` lines as field expectations. */
const fieldsOf = (text: string): { name: string; equals: string | null }[] =>
  lines(text).map((l) => {
    const at = l.indexOf('=');
    return at < 0 ? { name: l, equals: null } : { name: l.slice(0, at).trim(), equals: l.slice(at + 1).trim() || null };
  });

/** The dialog. */
export function ScenarioDialog({
  workspaceId,
  agent,
  tools,
  onClose,
}: {
  workspaceId: string;
  agent: AgentView;
  tools: AgentTestsView['tools'];
  onClose: () => void;
}): ReactElement {
  const ids = { outcome: useId(), tools: useId(), stubs: useId() };
  const [name, setName] = useState('');
  const [persona, setPersona] = useState('');
  const [outcome, setOutcome] = useState<AgentOutcome | ''>('');
  const [mustCall, setMustCall] = useState<readonly string[]>([]);
  const [neverSay, setNeverSay] = useState('');
  const [fields, setFields] = useState('');
  const [stubs, setStubs] = useState<Readonly<Record<string, string>>>({});
  const [maxTurns, setMaxTurns] = useState(String(SCENARIO_LIMITS.turns.default));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const turns = Number(maxTurns);
  const turnsProblem =
    Number.isInteger(turns) && turns >= SCENARIO_LIMITS.turns.min && turns <= SCENARIO_LIMITS.turns.max
      ? null
      : `A whole number from ${SCENARIO_LIMITS.turns.min} to ${SCENARIO_LIMITS.turns.max}.`;
  const ready = name.trim() !== '' && persona.trim() !== '' && turnsProblem === null;

  const save = async (): Promise<void> => {
    setBusy(true);
    const res = await useAgentTests.getState().add(workspaceId, agent.id, {
      name,
      persona,
      stubs: Object.fromEntries(Object.entries(stubs).filter(([, text]) => text.trim() !== '')),
      expectations: {
        outcome: outcome === '' ? null : outcome,
        toolsCalled: [...mustCall],
        neverSay: lines(neverSay),
        fields: fieldsOf(fields),
      },
      maxTurns: turns,
    });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    toast.success(`Added scenario “${name.trim()}”`);
    onClose();
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      width="lg"
      title={`New test scenario for ${agent.name}`}
      description="A simulated caller talks to the agent as a call would run it; the agent’s tools answer with what you write here, never their real URLs."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!ready} onClick={() => void save()}>
            Add scenario
          </Button>
        </>
      }
    >
      {error ? <ErrorBanner title="Not added" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="agent-form">
        <div className="agent-form-row">
          <Field label="Name" value={name} onChange={setName} maxLength={SCENARIO_LIMITS.name} placeholder="saturday-parent" />
          <Field
            label="Most caller turns"
            value={maxTurns}
            onChange={setMaxTurns}
            inputMode="numeric"
            problem={turnsProblem}
            help={`${SCENARIO_LIMITS.turns.min} to ${SCENARIO_LIMITS.turns.max}; the conversation stops there if nobody hangs up.`}
          />
        </div>
        <TextAreaField
          label="The caller"
          rows={3}
          maxLength={SCENARIO_LIMITS.persona}
          value={persona}
          onChange={setPersona}
          placeholder="A busy parent who can only come on a Saturday, and hangs up if offered a weekday."
          help="Who they are and what they want, in plain words. Claude plays them, in character, for a few turns."
        />
        {tools.length > 0 ? (
          <div className="field">
            <span className="field-label" id={ids.stubs}>
              What the agent’s tools answer
            </span>
            <div className="scenario-stubs" role="group" aria-labelledby={ids.stubs}>
              {tools.map((t) => (
                <label key={t.name} className="scenario-stub">
                  <span className="mono small">{t.name}</span>
                  <textarea
                    className="textarea mono"
                    rows={2}
                    aria-label={`Answer of ${t.name}`}
                    value={stubs[t.name] ?? ''}
                    onChange={(e) => setStubs({ ...stubs, [t.name]: e.target.value })}
                    placeholder='{ "slot": "Saturday 10:00" }'
                  />
                </label>
              ))}
            </div>
            <p className="field-help">JSON, as the tool would answer. A tool left empty answers with an error.</p>
          </div>
        ) : null}
        <div className="agent-form-row">
          <div className="field">
            <label className="field-label" htmlFor={ids.outcome}>
              The call must end as
            </label>
            <select id={ids.outcome} className="select" value={outcome} onChange={(e) => setOutcome(e.target.value as AgentOutcome | '')}>
              <option value="">Any outcome</option>
              {agent.outcomes.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABEL[o]}
                </option>
              ))}
            </select>
          </div>
          {tools.length > 0 ? (
            <div className="field">
              <span className="field-label" id={ids.tools}>
                Tools the agent must call
              </span>
              <div className="outcome-chips" role="group" aria-labelledby={ids.tools}>
                {tools.map((t) => {
                  const on = mustCall.includes(t.name);
                  return (
                    <button
                      key={t.name}
                      type="button"
                      className="chip"
                      aria-pressed={on}
                      title={t.description}
                      onClick={() => setMustCall(on ? mustCall.filter((n) => n !== t.name) : [...mustCall, t.name])}
                    >
                      {on ? '✓ ' : ''}
                      {t.name}
                    </button>
                  );
                })}
              </div>
            </div>
          ) : (
            <div />
          )}
        </div>
        <div className="agent-form-row">
          <TextAreaField
            label="Phrases the agent must never say"
            rows={3}
            value={neverSay}
            onChange={setNeverSay}
            placeholder={'discount\nguaranteed'}
            help="One per line; case and punctuation aside."
          />
          <TextAreaField
            label="Fields the call must yield"
            mono
            rows={3}
            value={fields}
            onChange={setFields}
            placeholder={'appointment_time\nday=Saturday'}
            help="One per line, from the agent’s extraction schema; add =value to require that value."
          />
        </div>
      </div>
    </Dialog>
  );
}
