/**
 * Voice (issue 11): the voice agents of the selected workspace, the runner that holds their
 * calls on this machine, a test call to the operator's own phone, the call being listened to, an
 * agent's simulated-caller tests, and the recent calls with their sealed transcripts.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { Workspace } from '../../../../shared/domain';
import type { AgentView } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { EmptyState, Page, PageHeader, Skeleton } from '../../components/Page';
import { followCalls, useVoice } from '../../stores/voice';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { AgentDialog } from './AgentDialog';
import { AgentExtrasDialog } from './AgentExtrasDialog';
import { AgentsTable } from './AgentsTable';
import { AgentTests } from './AgentTests';
import { LiveCall } from './LiveCall';
import { NumbersSection } from './NumbersSection';
import { RecentCalls } from './RecentCalls';
import { RunnerCard } from './RunnerCard';
import { TalkPanel } from './TalkPanel';
import { TestCallForm } from './TestCallForm';
import './talk.css';
import './voice.css';
import './calls.css';

/** How often the runner's state is read while the screen is open (a tunnel can drop without a call event). */
const RUNNER_POLL_MS = 5_000;

/** The screen. */
export default function VoicePage(): ReactElement {
  const ws = useCurrentWorkspace();
  const [editing, setEditing] = useState<AgentView | 'new' | null>(null);
  const [extras, setExtras] = useState<AgentView | null>(null);
  useEffect(followCalls, []);
  useEffect(() => {
    const refresh = (): void => void useVoice.getState().refreshRunner();
    refresh();
    const t = window.setInterval(refresh, RUNNER_POLL_MS);
    return () => window.clearInterval(t);
  }, []);
  return (
    <Page
      wide
      header={
        <PageHeader
          title="Voice"
          subtitle="AI agents that phone this workspace’s leads and answer its numbers, with its own Twilio, Deepgram, Claude and Cartesia keys, run from this machine."
          actions={
            ws ? (
              <Button variant="primary" icon="plus" onClick={() => setEditing('new')}>
                New agent
              </Button>
            ) : null
          }
        />
      }
    >
      {ws ? <Body ws={ws} onCreate={() => setEditing('new')} onEdit={setEditing} onExtras={setExtras} /> : null}
      {ws && extras ? <AgentExtrasDialog key={extras.id} workspaceId={ws.id} agent={extras} onClose={() => setExtras(null)} /> : null}
      {ws && editing ? (
        <AgentDialog
          key={editing === 'new' ? 'new' : editing.id}
          workspaceId={ws.id}
          agent={editing === 'new' ? null : editing}
          open
          onOpenChange={(o) => !o && setEditing(null)}
        />
      ) : null}
    </Page>
  );
}

function Body({
  ws,
  onCreate,
  onEdit,
  onExtras,
}: {
  ws: Workspace;
  onCreate: () => void;
  onEdit: (a: AgentView) => void;
  onExtras: (a: AgentView) => void;
}): ReactElement {
  const agents = useVoice((s) => s.byWorkspace[ws.id]);
  const error = useVoice((s) => s.errors[ws.id] ?? null);
  const runner = useVoice((s) => s.runner);
  const runnerError = useVoice((s) => s.runnerError);
  const watching = useVoice((s) => s.watching);
  const [testing, setTesting] = useState<string | null>(null);
  const [talking, setTalking] = useState<string | null>(null);
  const talkingTo = agents?.find((a) => a.id === talking) ?? null;
  // The agent as it is now: a saved prompt is a new prompt version for its tests.
  const tested = agents?.find((a) => a.id === testing) ?? null;
  useEffect(() => {
    void useVoice.getState().load(ws.id);
  }, [ws.id]);

  let main: ReactElement;
  if (error) main = <ErrorBanner title="Agents could not be loaded" error={error} onRetry={() => void useVoice.getState().load(ws.id)} />;
  else if (!agents) main = <Skeleton rows={5} />;
  else if (agents.length === 0) {
    main = (
      <EmptyState
        icon="phone"
        title="No voice agents yet"
        action={
          <Button variant="primary" icon="plus" onClick={onCreate}>
            New agent
          </Button>
        }
      >
        An agent is a voice, a greeting and a system prompt: write one, or draft it from a brief, then call your own phone to hear it.
      </EmptyState>
    );
  } else
    main = (
      <AgentsTable
        workspaceId={ws.id}
        workspaceName={ws.name}
        agents={agents}
        onEdit={onEdit}
        onExtras={onExtras}
        onTests={(a) => setTesting(a.id)}
        onTalk={(a) => setTalking(a.id)}
      />
    );

  return (
    <div className="voice">
      <div className="voice-main">
        <section aria-label="Agents">
          <h2 className="section-title voice-section">
            Agents
            {agents && agents.length > 0 ? (
              <span className="muted small">{agents.length === 1 ? '1 agent' : `${agents.length} agents`}</span>
            ) : null}
          </h2>
          {main}
        </section>
        <NumbersSection workspaceId={ws.id} agents={agents ?? []} />
        {tested ? (
          <AgentTests key={tested.id} workspaceId={ws.id} workspaceName={ws.name} agent={tested} onClose={() => setTesting(null)} />
        ) : null}
        <RecentCalls workspaceId={ws.id} />
      </div>
      {talkingTo ? (
        <TalkPanel key={talkingTo.id} workspaceId={ws.id} workspaceName={ws.name} agent={talkingTo} onClose={() => setTalking(null)} />
      ) : null}
      <aside className="voice-side" aria-label="Calls">
        <RunnerCard runner={runner} error={runnerError} />
        {watching ? <LiveCall key={watching} callId={watching} /> : null}
        <TestCallForm workspaceId={ws.id} agents={agents ?? []} />
      </aside>
    </div>
  );
}
