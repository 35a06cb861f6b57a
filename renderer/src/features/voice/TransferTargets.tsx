/**
 * An agent's transfer targets: who the agent may hand a call to, the number only Switchboard dials,
 * when to use it (the words the model reads), and cold or warm; added and removed here.
 */
import { useId, useState, type ReactElement } from 'react';
import {
  EXOTEL_NO_TRANSFER,
  MAX_TRANSFER_TARGETS,
  MAX_WHEN_TO_USE,
  TRANSFER_MODE_LABEL,
  TRANSFER_MODES,
  type TransferMode,
  type TransferTargetView,
} from '../../../../shared/transfer-targets';
import { Button, IconButton } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, TextAreaField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import type { ErrorInfo } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { useAgentExtras } from '../../stores/agent-extras';
import { toast } from '../../stores/toasts';

const BLANK = { name: '', number: '', whenToUse: '', mode: 'warm' as TransferMode };

/** The section: the targets, then the form that adds one. */
export function TransferTargets({
  workspaceId,
  agentId,
  targets,
}: {
  workspaceId: string;
  agentId: string;
  targets: readonly TransferTargetView[];
}): ReactElement {
  const ids = { mode: useId() };
  const [form, setForm] = useState(BLANK);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const ready =
    form.name.trim() !== '' && form.number.trim() !== '' && form.whenToUse.trim() !== '' && targets.length < MAX_TRANSFER_TARGETS;

  const add = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useAgentExtras.getState().addTarget(workspaceId, agentId, form);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    toast.success(`Added “${res.value.name}”`);
    setForm(BLANK);
  };
  const remove = async (t: TransferTargetView): Promise<void> => {
    const res = await useAgentExtras.getState().removeTarget(workspaceId, agentId, t.id);
    if (res.ok) toast.success(`Removed “${t.name}”`);
    else toast.error('Not removed', errorSentence(res.error));
  };

  return (
    <section className="extras-section" aria-label="Transfer targets">
      <h3 className="extras-title">Transfer to a person</h3>
      <p className="field-help">
        The agent hands a call over with its <span className="mono">transfer_call</span> tool when a caller fits “when to use it”. It picks
        by name; the number is dialled by Switchboard and never shown to the model.
      </p>
      {targets.length === 0 ? (
        <p className="extras-empty muted small">No transfer targets yet: calls stay with the agent.</p>
      ) : (
        <ul className="extras-list" data-testid="transfer-targets">
          {targets.map((t) => (
            <li key={t.id} className="extras-item" data-testid={`target-${t.name}`}>
              <div className="extras-item-main">
                <span className="extras-item-head">
                  <strong>{t.name}</strong>
                  <span className="mono small">{t.number}</span>
                  <span className={`badge ${t.mode === 'warm' ? 'badge-accent' : 'badge-outline'}`}>
                    {t.mode === 'warm' ? 'Warm' : 'Cold'}
                  </span>
                </span>
                <span className="extras-item-text muted small">{t.whenToUse}</span>
              </div>
              <IconButton icon="trash" label={`Remove ${t.name}`} onClick={() => void remove(t)} />
            </li>
          ))}
        </ul>
      )}
      {error ? <ErrorBanner title="Not added" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="extras-form">
        <div className="extras-form-row">
          <Field label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} maxLength={40} placeholder="Sales desk" />
          <Field
            label="Number"
            value={form.number}
            onChange={(number) => setForm({ ...form, number })}
            maxLength={16}
            placeholder="+14155550123"
            className="mono-field"
            help="With its country code."
          />
        </div>
        <TextAreaField
          label="When to use it"
          rows={2}
          maxLength={MAX_WHEN_TO_USE}
          value={form.whenToUse}
          onChange={(whenToUse) => setForm({ ...form, whenToUse })}
          placeholder="The caller wants a price, or is ready to book."
        />
        <div className="field">
          <span className="field-label" id={ids.mode}>
            Mode
          </span>
          <Segmented
            labelledBy={ids.mode}
            value={form.mode}
            onChange={(mode) => setForm({ ...form, mode })}
            options={TRANSFER_MODES.map((m) => ({ value: m, label: m === 'warm' ? 'Warm' : 'Cold' }))}
          />
          <p className="field-help">
            {TRANSFER_MODE_LABEL[form.mode]}.{' '}
            {form.mode === 'warm'
              ? 'If nobody answers or a voicemail picks up, the agent comes back to the caller and says so.'
              : 'If nobody answers, the call ends: prefer warm when the person may be away.'}
          </p>
        </div>
        <div className="extras-form-foot">
          <details className="field-help extras-carrier-note">
            <summary>Transfers work on Twilio calls; Exotel calls cannot be transferred. Why, and what to do</summary>
            {EXOTEL_NO_TRANSFER}
          </details>
          <Button variant="primary" icon="plus" busy={busy} disabled={!ready} onClick={() => void add()}>
            Add target
          </Button>
        </div>
      </div>
    </section>
  );
}
