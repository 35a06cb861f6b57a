/**
 * "Draft from a brief": the operator describes the calls in a few sentences and Claude's authoring
 * model writes the system prompt and greeting, which fill the form to be edited before saving.
 */
import { useState, type ReactElement } from 'react';
import { AUTHORING_MODEL, type AgentLanguage } from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextAreaField } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { type Draft, useVoice } from '../../stores/voice';
import { modelName } from './labels';

/** The brief box and its button; `onDraft` receives the drafted prompt and greeting. */
export function DraftBrief({
  workspaceId,
  language,
  onDraft,
  onClose,
}: {
  workspaceId: string;
  language: AgentLanguage;
  onDraft: (d: Draft) => void;
  onClose: () => void;
}): ReactElement {
  const [brief, setBrief] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const draft = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useVoice.getState().draft(workspaceId, brief, language);
    setBusy(false);
    if (res.ok) onDraft(res.value);
    else setError(res.error);
  };
  return (
    <section className="draft-brief" aria-label="Draft from a brief">
      <TextAreaField
        label="Brief"
        rows={3}
        value={brief}
        maxLength={10_000}
        disabled={busy}
        onChange={setBrief}
        placeholder="Call people who asked about 2BHK flats in Baner last week, answer their questions and book a site visit."
        help={`Who is called, why, and what counts as success. ${modelName(AUTHORING_MODEL)} writes the prompt and greeting; nothing is saved until you save the agent.`}
      />
      {error ? <ErrorBanner title="No draft" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="draft-actions">
        <Button size="sm" variant="ghost" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" icon="edit" busy={busy} disabled={brief.trim().length < 10} onClick={() => void draft()}>
          {busy ? 'Drafting…' : 'Write the draft'}
        </Button>
      </div>
    </section>
  );
}
