/**
 * An agent's Tests section: its simulated-caller scenarios (added, removed), Run tests with what the
 * run will cost said first, the results of the run shown with their reasons and transcripts, and the
 * runs by prompt version, so a changed prompt shows which scenarios it broke.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { ScenarioView, TestEstimate } from '../../../../shared/agent-scenarios';
import { Button, IconButton } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading, Skeleton } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import { useAgentTests } from '../../stores/agent-tests';
import { toast } from '../../stores/toasts';
import { OUTCOME_LABEL } from './labels';
import { ScenarioDialog } from './ScenarioDialog';
import { TestHistory } from './TestHistory';
import { TestResults } from './TestResults';
import './tests.css';
import type { AgentPanelProps } from './agent-panel';

const count = (n: number): string => n.toLocaleString('en-US');
const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

/** What a scenario expects, in a few words. */
function expects(s: ScenarioView): string {
  const e = s.expectations;
  return [
    e.outcome ? `ends as ${OUTCOME_LABEL[e.outcome]}` : null,
    ...e.toolsCalled.map((t) => `calls ${t}`),
    ...e.neverSay.map((p) => `never says “${p}”`),
    ...e.fields.map((f) => `yields ${f.name}${f.equals ? ` = ${f.equals}` : ''}`),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The estimate as the operator reads it before a run. */
function EstimateText({ estimate, workspaceName }: { estimate: TestEstimate; workspaceName: string }): ReactElement {
  const payer = estimate.owner === 'own' ? `${workspaceName}’s own Anthropic key` : 'the agency’s Anthropic key';
  return (
    <p data-testid="test-estimate">
      {estimate.scenarios === 1 ? 'One scenario' : `${estimate.scenarios} scenarios`} will be played on {payer}: about{' '}
      <strong>{count(estimate.tokens.likely)} tokens</strong> (at most about {count(estimate.tokens.ceiling)}), about{' '}
      <strong>{usd(estimate.costUsd.likely)}</strong> (at most about {usd(estimate.costUsd.ceiling)}). The agent speaks with{' '}
      {estimate.model}; {estimate.callerModel} plays the callers.
    </p>
  );
}

/** The section of one agent. */
export function AgentTests({ workspaceId, workspaceName, agent, onClose }: AgentPanelProps): ReactElement {
  const view = useAgentTests((s) => s.byAgent[agent.id]);
  const error = useAgentTests((s) => s.errors[agent.id] ?? null);
  const history = useAgentTests((s) => s.history[agent.id]);
  const shown = useAgentTests((s) => s.shown[agent.id] ?? null);
  const running = useAgentTests((s) => s.running[agent.id] === true);
  const runError = useAgentTests((s) => s.runErrors[agent.id] ?? null);
  const [adding, setAdding] = useState(false);
  const [estimate, setEstimate] = useState<TestEstimate | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [removing, setRemoving] = useState<ScenarioView | null>(null);
  const load = (): void => void useAgentTests.getState().load(workspaceId, agent.id);
  // A changed prompt is a new prompt version: read again whenever the agent is saved.
  useEffect(load, [workspaceId, agent.id, agent.updatedAt]);

  const ask = async (): Promise<void> => {
    setEstimating(true);
    const res = await useAgentTests.getState().estimate(workspaceId, agent.id);
    setEstimating(false);
    if (res.ok) setEstimate(res.value);
    else toast.error('Tests not started', errorSentence(res.error));
  };
  const remove = async (): Promise<boolean> => {
    if (!removing) return false;
    const res = await useAgentTests.getState().remove(workspaceId, agent.id, removing.id);
    if (res.ok) toast.success(`Removed scenario “${removing.name}”`);
    else toast.error('Not removed', errorSentence(res.error));
    return res.ok;
  };
  const scenarios = view?.scenarios ?? [];

  return (
    <section className="agent-tests card card-pad" aria-label={`Tests of ${agent.name}`} data-testid="agent-tests">
      <div className="voice-card-head">
        <h2>Tests · {agent.name}</h2>
        <div className="agent-tests-actions">
          <Button size="sm" icon="plus" disabled={!view} onClick={() => setAdding(true)}>
            Add scenario
          </Button>
          <Button
            size="sm"
            variant="primary"
            icon="checklist"
            busy={running || estimating}
            disabled={scenarios.length === 0}
            onClick={() => void ask()}
          >
            Run tests
          </Button>
          <IconButton icon="close" label="Close tests" onClick={onClose} />
        </div>
      </div>
      <p className="muted small agent-tests-lede">
        Text conversations: {agent.name} with its prompt, model and tools, against Claude as the caller; tools answer from the scenario’s
        stubs.
        {view ? (
          <>
            {' '}
            Prompt version <span className="mono">{view.promptVersion}</span>.
          </>
        ) : null}
      </p>
      {error ? (
        <ErrorBanner title="Scenarios could not be loaded" error={error} onRetry={load} />
      ) : !view ? (
        <Skeleton rows={2} />
      ) : scenarios.length === 0 ? (
        <p className="muted small">No scenarios yet: add a caller and what must happen, then run the tests.</p>
      ) : (
        <table className="table test-scenarios" aria-label={`Scenarios of ${agent.name}`}>
          <thead>
            <tr>
              <th>Scenario</th>
              <th>What must happen</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((s) => (
              <tr key={s.id} data-testid={`scenario-${s.name}`}>
                <td className="test-scenario-name">
                  <strong>{s.name}</strong>
                  <span className="muted small test-persona">{s.persona}</span>
                </td>
                <td className="small">
                  {expects(s)}
                  {Object.keys(s.stubs).length > 0 ? <span className="muted"> · stubs {Object.keys(s.stubs).join(', ')}</span> : null}
                </td>
                <td className="num">
                  <IconButton icon="trash" label={`Remove ${s.name}`} onClick={() => setRemoving(s)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {running ? <Loading label={`Playing ${scenarios.length === 1 ? 'one scenario' : `${scenarios.length} scenarios`}…`} /> : null}
      {runError ? <ErrorBanner title="The tests did not run" error={runError} /> : null}
      {shown ? <TestResults run={shown} /> : null}
      {history ? (
        <TestHistory
          versions={history}
          shownRunId={shown?.id ?? null}
          onOpen={(runId) =>
            void useAgentTests
              .getState()
              .open(workspaceId, agent.id, runId)
              .then((res) => (res.ok ? undefined : toast.error('Run not opened', errorSentence(res.error))))
          }
        />
      ) : null}
      {adding && view ? (
        <ScenarioDialog workspaceId={workspaceId} agent={agent} tools={view.tools} onClose={() => setAdding(false)} />
      ) : null}
      {estimate ? (
        <Dialog
          open
          onOpenChange={(o) => !o && setEstimate(null)}
          width="sm"
          title={`Run ${agent.name}’s tests?`}
          footer={
            <>
              <Button onClick={() => setEstimate(null)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setEstimate(null);
                  void useAgentTests.getState().run(workspaceId, agent.id);
                }}
              >
                Run tests
              </Button>
            </>
          }
        >
          <EstimateText estimate={estimate} workspaceName={workspaceName} />
        </Dialog>
      ) : null}
      <Confirm
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? 'this scenario'}?`}
        confirmLabel="Remove scenario"
        onConfirm={remove}
      >
        <p>
          The scenario <strong>{removing?.name}</strong> goes from {agent.name}’s tests. Past runs keep its results.
        </p>
      </Confirm>
    </section>
  );
}
