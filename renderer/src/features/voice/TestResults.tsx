/**
 * One test run's results: per scenario, passed or failed, each expectation's verdict with its reason,
 * who ended the conversation, the tokens it used, and its transcript (open for a failed scenario),
 * with the agent's tool calls and what the scenario's stubs answered.
 */
import type { ReactElement } from 'react';
import type { ScenarioResult, ScenarioTranscriptEntry, TestRunView } from '../../../../shared/agent-scenarios';
import { Status } from '../../components/Status';
import { fullTime, timeAgo } from '../../lib/time';
import { outcomeWords } from './labels';

const count = (n: number): string => n.toLocaleString('en-US');
const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

/** Who ended a conversation, in words. */
const ENDED: Readonly<Record<ScenarioResult['ended'], string>> = {
  agent: 'The agent ended the call',
  caller: 'The caller hung up',
  'turn-limit': 'Stopped at the turn limit',
  error: 'The conversation failed',
};

function Entry({ entry }: { entry: ScenarioTranscriptEntry }): ReactElement {
  if (entry.kind === 'line')
    return (
      <li className={`transcript-line is-${entry.speaker}`}>
        <span className="transcript-speaker">{entry.speaker === 'agent' ? 'Agent' : 'Caller'}</span>
        <span className="transcript-text">{entry.text}</span>
      </li>
    );
  if (entry.kind === 'tool')
    return (
      <li className={`test-tool${entry.isError ? ' is-error' : ''}`}>
        <span className="mono">
          {entry.name} {entry.input}
        </span>
        <span aria-hidden> → </span>
        <span className="mono">{entry.isError ? `error: ${entry.answer}` : entry.answer}</span>
      </li>
    );
  return (
    <li className="test-end muted small">
      {ENDED[entry.by]}
      {entry.outcome ? ` as ${outcomeWords(entry.outcome)}` : ''}: {entry.reason}
    </li>
  );
}

function Result({ result }: { result: ScenarioResult }): ReactElement {
  const tokens = result.tokens.input + result.tokens.output;
  return (
    <li className={`test-result${result.passed ? '' : ' is-failed'}`} data-testid={`test-result-${result.name}`}>
      <div className="test-result-head">
        <Status kind={result.passed ? 'valid' : 'invalid'} word={result.passed ? 'Passed' : 'Failed'} />
        <strong>{result.name}</strong>
        <span className="muted small">
          {ENDED[result.ended]}
          {result.outcome ? ` as ${outcomeWords(result.outcome)}` : ''} · {count(tokens)} tokens
        </span>
      </div>
      <ul className="test-verdicts" aria-label={`Expectations of ${result.name}`}>
        {result.verdicts.map((v, i) => (
          <li key={i} className={v.passed ? 'is-ok' : 'is-bad'}>
            <span aria-hidden>{v.passed ? '●' : '✕'}</span> <span className="sr-only">{v.passed ? 'Met:' : 'Not met:'}</span> {v.reason}
          </li>
        ))}
      </ul>
      <details className="test-transcript" open={!result.passed}>
        <summary>Transcript</summary>
        <ol className="transcript transcript-record" aria-label={`Transcript of ${result.name}`}>
          {result.transcript.map((e, i) => (
            <Entry key={i} entry={e} />
          ))}
        </ol>
      </details>
    </li>
  );
}

/** The run. */
export function TestResults({ run }: { run: TestRunView }): ReactElement {
  const tokens = run.tokens.input + run.tokens.output;
  return (
    <section className="test-run" aria-label="Test results">
      <p className="test-run-summary" data-testid="test-run-summary">
        <Status
          kind={run.failed === 0 ? 'valid' : 'invalid'}
          word={run.failed === 0 ? `All ${run.passed} passed` : `${run.failed} of ${run.passed + run.failed} failed`}
        />
        <span className="muted small" title={fullTime(run.startedAt)}>
          {timeAgo(run.startedAt)} · prompt version <span className="mono">{run.promptVersion}</span> · {count(tokens)} tokens, about{' '}
          {usd(run.costUsd)} on {run.owner === 'own' ? 'this workspace’s' : 'the agency’s'} key
          {run.finishedAt === null ? ' · cut short' : ''}
        </span>
      </p>
      <ul className="test-results">
        {run.results.map((r) => (
          <Result key={r.scenarioId + r.name} result={r} />
        ))}
      </ul>
    </section>
  );
}
