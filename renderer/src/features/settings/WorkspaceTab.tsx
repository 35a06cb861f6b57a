/** The workspace itself: its name, whether campaigns may fall back to agency keys, archiving. */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Switch } from '../../components/Switch';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { toast } from '../../stores/toasts';
import { useWorkspaces } from '../../stores/workspaces';

/** The tab. */
export function WorkspaceTab({ ws }: { ws: Workspace }): ReactElement {
  const [name, setName] = useState(ws.name);
  const [busy, setBusy] = useState(false);
  const { rename, setArchived } = useWorkspaces.getState();

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const res = await rename(ws.id, name);
    setBusy(false);
    if (res.ok) toast.success('Workspace renamed');
    else toast.error('Workspace not renamed', errorSentence(res.error));
  };
  return (
    <div className="messaging">
      <form className="service card" onSubmit={(e) => void save(e)}>
        <h2>Workspace</h2>
        <Field label="Name" value={name} onChange={setName} maxLength={80} help={`Created ${shortDate(ws.createdAt)}. Names are unique across the agency.`} />
        <div className="service-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={name.trim() === ws.name || name.trim() === ''}>
            Save name
          </Button>
        </div>
      </form>
      {ws.kind === 'client' ? <FallbackCard ws={ws} /> : null}
      {ws.kind === 'client' ? (
        <section className="service card danger-zone">
          <div className="danger-text">
            <h2>Archive workspace</h2>
            <p className="muted">Hides it from the switcher. Its keys, usage and audit history stay, and it can be restored from the switcher.</p>
          </div>
          <Button
            onClick={() =>
              void setArchived(ws.id, true).then((r) => (r.ok ? toast.success(`Archived “${ws.name}”`) : toast.error('Not archived', errorSentence(r.error))))
            }
            icon="archive"
          >
            Archive
          </Button>
        </section>
      ) : null}
    </div>
  );
}

function FallbackCard({ ws }: { ws: Workspace }): ReactElement {
  const setFallback = async (allow: boolean): Promise<void> => {
    const res = await useWorkspaces.getState().setFallback(ws.id, allow);
    if (!res.ok) toast.error('Not changed', errorSentence(res.error));
  };
  return (
    <section className="service card">
      <Switch
        checked={ws.allowAgencyFallback}
        onCheckedChange={(v) => void setFallback(v)}
        label="Fall back to agency keys"
        description="When this client’s own key is missing or invalid, use the agency’s key (and bill it back) instead of stopping the campaign."
      />
    </section>
  );
}
