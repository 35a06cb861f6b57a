/** What a panel opened on one agent (its tests, Talk) is given. */
import type { AgentView } from '../../../../shared/voice-agents';

/** The agent, its workspace, and how the panel closes. */
export interface AgentPanelProps {
  readonly workspaceId: string;
  readonly workspaceName: string;
  readonly agent: AgentView;
  readonly onClose: () => void;
}
