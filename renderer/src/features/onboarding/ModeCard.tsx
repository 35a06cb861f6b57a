/** BYOK or Bundled for a client workspace; switching never deletes keys, they just go dormant. */
import { useState, type ReactElement } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { errorSentence } from '../../lib/errors';
import { toast } from '../../stores/toasts';
import { useWorkspaces } from '../../stores/workspaces';

const MODES = [
  { id: 'byok', title: 'BYOK', text: 'This client’s own keys. Providers bill the client directly.' },
  { id: 'bundled', title: 'Bundled', text: 'The agency’s keys, metered per use and billed back. The client’s keys stay stored, dormant.' },
] as const;

/** Two large radio cards. */
export function ModeCard({ ws }: { ws: Workspace }): ReactElement {
  const [busy, setBusy] = useState(false);
  const choose = async (mode: Workspace['mode']): Promise<void> => {
    if (mode === ws.mode || busy) return;
    setBusy(true);
    const res = await useWorkspaces.getState().setMode(ws.id, mode);
    setBusy(false);
    if (res.ok)
      toast.success(
        mode === 'byok' ? 'Switched to BYOK' : 'Switched to Bundled',
        mode === 'byok'
          ? 'This client’s own keys are used again.'
          : 'The agency’s keys are used; the client’s keys stay stored and dormant.',
      );
    else toast.error('Mode not changed', errorSentence(res.error));
  };
  return (
    <section className="mode card" aria-labelledby="mode-title">
      <div>
        <h2 id="mode-title">Keys used</h2>
        <p className="muted small">Flip any time: no stored key is lost.</p>
      </div>
      <fieldset className="mode-options" disabled={busy} aria-busy={busy || undefined}>
        <legend className="sr-only">Onboarding mode</legend>
        {MODES.map((m) => (
          <label key={m.id} className={`mode-option${ws.mode === m.id ? ' is-checked' : ''}`}>
            <input type="radio" name={`mode-${ws.id}`} value={m.id} checked={ws.mode === m.id} onChange={() => void choose(m.id)} />
            <span className="mode-text">
              <strong>{m.title}</strong>
              <span className="muted small">{m.text}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
