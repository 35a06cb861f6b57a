/**
 * The agents of a workspace as a table: name and language, voice (with the last voice check's verdict),
 * in-call model and outcomes; each row checks its voice, opens Talk (the console as the caller), its
 * tools and transfers, opens for editing, or is deleted.
 */
import { useState, type ReactElement } from 'react';
import { AGENT_OUTCOMES, LANGUAGE_NAMES, personaById, type AgentView } from '../../../../shared/voice-agents';
import { Button, IconButton } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Status } from '../../components/Status';
import { errorSentence } from '../../lib/errors';
import { toast } from '../../stores/toasts';
import { type CheckState, useVoice } from '../../stores/voice';
import { modelName, OUTCOME_LABEL, voiceName } from './labels';

/** The last voice check, as status + sentence (the fallback sentence in full when there is one). */
function CheckVerdict({ check }: { check: CheckState | undefined }): ReactElement | null {
  if (!check) return null;
  if (check.status === 'checking') return <Status kind="checking" word="Checking voice…" />;
  if (check.status === 'failed') {
    return (
      <span className="agent-check" data-testid="voice-check">
        <Status kind="invalid" word="Not checked" />
        <span className="agent-check-text">{errorSentence(check.error)}</span>
      </span>
    );
  }
  const v = check.verdict;
  return (
    <span className="agent-check" data-testid="voice-check">
      {v.fellBack ? (
        <Status kind="warning" word={`Falls back to ${v.persona ?? 'a public persona'}`} />
      ) : (
        <Status kind="valid" word="Voice usable" />
      )}
      <span className="agent-check-text">{v.fellBack ? v.reason : 'The workspace’s Cartesia key can speak with this voice.'}</span>
    </span>
  );
}

/** The table; `onEdit` opens an agent in the dialog. */
export function AgentsTable({
  workspaceId,
  workspaceName,
  agents,
  onEdit,
  onTests,
  onExtras,
  onTalk,
}: {
  workspaceId: string;
  workspaceName: string;
  agents: readonly AgentView[];
  onEdit: (a: AgentView) => void;
  /** Opens the agent's Tests section. */
  onTests: (a: AgentView) => void;
  /** Opens the agent's tools and transfer targets. */
  onExtras: (a: AgentView) => void;
  /** Opens Talk: the console's microphone and speakers as the agent's caller. */
  onTalk: (a: AgentView) => void;
}): ReactElement {
  const checks = useVoice((s) => s.checks);
  const [deleting, setDeleting] = useState<AgentView | null>(null);
  const remove = async (): Promise<boolean> => {
    if (!deleting) return false;
    const res = await useVoice.getState().remove(workspaceId, deleting.id);
    if (res.ok) toast.success(`Deleted “${deleting.name}”`);
    else toast.error('Not deleted', errorSentence(res.error));
    return res.ok;
  };
  return (
    <div className="table-wrap agents-table">
      <table className="table" aria-label="Voice agents">
        <thead>
          <tr>
            <th>Agent</th>
            <th>Voice</th>
            <th>Model</th>
            <th>Outcomes</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id} data-testid={`agent-${a.name}`}>
              <td className="agent-name">
                <span className="agent-title">
                  <strong>{a.name}</strong>
                  <span className="badge badge-outline">{LANGUAGE_NAMES[a.language]}</span>
                </span>
                <span className="agent-greeting muted">“{a.greeting}”</span>
              </td>
              <td className="agent-voice">
                <span>{voiceName(a.voiceId)}</span>
                {personaById(a.voiceId) ? null : <span className="mono small muted"> {a.voiceId}</span>}
                <CheckVerdict check={checks[a.id]} />
              </td>
              <td className="agent-model">{modelName(a.model)}</td>
              <td className="nowrap" title={a.outcomes.map((o) => OUTCOME_LABEL[o]).join(', ')} data-testid="agent-outcomes">
                <span className="badge">{a.outcomes.length}</span> <span className="muted">of {AGENT_OUTCOMES.length}</span>
              </td>
              <td>
                <div className="agent-actions-col">
                  <div className="agent-actions">
                    <Button
                      size="sm"
                      icon="refresh"
                      busy={checks[a.id]?.status === 'checking'}
                      onClick={() => void useVoice.getState().checkVoice(workspaceId, a.id)}
                    >
                      Check voice
                    </Button>
                    <Button size="sm" icon="mic" onClick={() => onTalk(a)} aria-label={`Talk to ${a.name}`}>
                      Talk
                    </Button>
                    <IconButton icon="edit" label={`Edit ${a.name}`} onClick={() => onEdit(a)} />
                    <IconButton icon="trash" label={`Delete ${a.name}`} onClick={() => setDeleting(a)} />
                  </div>
                  <Button size="sm" variant="ghost" icon="phone" onClick={() => onExtras(a)} aria-label={`Tools & transfers of ${a.name}`}>
                    Tools & transfers
                  </Button>
                  <Button size="sm" variant="ghost" icon="checklist" onClick={() => onTests(a)} aria-label={`Tests of ${a.name}`}>
                    Tests
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Confirm
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'this agent'}?`}
        confirmLabel="Delete agent"
        onConfirm={remove}
      >
        <p>
          The voice agent <strong>{deleting?.name}</strong> of {workspaceName} goes: its voice choice, greeting, system prompt and outcomes.
          No new call can use it; calls it already made keep their records.
        </p>
      </Confirm>
    </div>
  );
}
