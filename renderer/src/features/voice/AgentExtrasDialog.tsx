/**
 * An agent's page for what it can do during a call besides talking: the people it may transfer a
 * call to, and its HTTP tools. Opened from the agents table.
 */
import { useEffect, type ReactElement } from 'react';
import type { AgentView } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Page';
import { useAgentExtras } from '../../stores/agent-extras';
import { HttpTools } from './HttpTools';
import { TransferTargets } from './TransferTargets';
import './agent-extras.css';

/** The dialog; it reads the agent's tools and targets when it mounts. */
export function AgentExtrasDialog({
  workspaceId,
  agent,
  onClose,
}: {
  workspaceId: string;
  agent: AgentView;
  onClose: () => void;
}): ReactElement {
  const tools = useAgentExtras((s) => s.tools[agent.id]);
  const targets = useAgentExtras((s) => s.targets[agent.id]);
  const error = useAgentExtras((s) => s.errors[agent.id] ?? null);
  useEffect(() => {
    void useAgentExtras.getState().load(workspaceId, agent.id);
  }, [workspaceId, agent.id]);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      width="lg"
      className="extras-dialog"
      title={`${agent.name}: tools and transfers`}
      description="What the agent may do during a call besides talking. Every run and transfer is kept in the call’s record."
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {error ? (
        <ErrorBanner title="Not loaded" error={error} onRetry={() => void useAgentExtras.getState().load(workspaceId, agent.id)} />
      ) : !tools || !targets ? (
        <Loading label="Reading the agent’s tools…" />
      ) : (
        <div className="extras">
          <TransferTargets workspaceId={workspaceId} agentId={agent.id} targets={targets} />
          <HttpTools workspaceId={workspaceId} agentId={agent.id} tools={tools} />
        </div>
      )}
    </Dialog>
  );
}
