/** The workspace itself: its name, the country its numbers are read in, whether campaigns may fall back to agency keys, archiving. */
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
        <Field
          label="Name"
          value={name}
          onChange={setName}
          maxLength={80}
          help={`Created ${shortDate(ws.createdAt)}. Names are unique across the agency.`}
        />
        <div className="service-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={name.trim() === ws.name || name.trim() === ''}>
            Save name
          </Button>
        </div>
      </form>
      <CountryCard key={`${ws.id}:${ws.defaultCountry ?? ''}`} ws={ws} />
      {ws.kind === 'client' ? <FallbackCard ws={ws} /> : null}
      {ws.kind === 'client' ? (
        <section className="service card danger-zone">
          <div className="danger-text">
            <h2>Archive workspace</h2>
            <p className="muted">
              Hides it from the switcher. Its keys, usage and audit history stay, and it can be restored from the switcher.
            </p>
          </div>
          <Button
            onClick={() =>
              void setArchived(ws.id, true).then((r) =>
                r.ok ? toast.success(`Archived “${ws.name}”`) : toast.error('Not archived', errorSentence(r.error)),
              )
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

function CountryCard({ ws }: { ws: Workspace }): ReactElement {
  const [country, setCountry] = useState(ws.defaultCountry ?? '');
  const [busy, setBusy] = useState(false);
  const next = country.trim().toUpperCase();
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const res = await useWorkspaces.getState().setCountry(ws.id, next === '' ? null : next);
    setBusy(false);
    if (res.ok)
      toast.success(res.value.defaultCountry ? `Numbers are read as ${res.value.defaultCountry} numbers` : 'Default country cleared');
    else toast.error('Country not saved', errorSentence(res.error));
  };
  return (
    <form className="service card" onSubmit={(e) => void save(e)}>
      <h2>Phone numbers</h2>
      <Field
        label="Default country"
        value={country}
        onChange={setCountry}
        maxLength={2}
        optional
        placeholder="US"
        problem={next !== '' && !/^[A-Z]{2}$/.test(next) ? 'A country is a two-letter code, such as US, GB or IN.' : null}
        help="Numbers written without a country code (415 555 0100) in contact files and do-not-contact lists are read as this country’s. Empty: every number needs its +code, or a campaign-level country."
      />
      <div className="service-actions">
        <Button type="submit" variant="primary" busy={busy} disabled={next === (ws.defaultCountry ?? '')}>
          Save country
        </Button>
      </div>
    </form>
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
