/** "Revert to Platform Credentials": deletes this workspace's own messaging keys after naming each one. */
import { useState, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { errorSentence } from '../../lib/errors';
import { useOnboarding } from '../../stores/onboarding';
import { toast } from '../../stores/toasts';

/** Describes a key in one line: provider, nickname, environment and its hints or public id. */
function keyLine(k: CredentialView): string {
  const d = getProvider(k.provider);
  const hints = d.fields.filter((f) => f.secret && k.hints[f.name]).map((f) => `${f.label} ${k.hints[f.name]}`);
  const ids = d.fields
    .filter((f) => !f.secret && k.publicFields[f.name] && /sid|email|phone/i.test(f.name))
    .map((f) => k.publicFields[f.name]);
  return `${d.name} · “${k.nickname}” (${k.environment}) — ${[...hints, ...ids].join(', ')}`;
}

/** The danger zone at the bottom of the Messaging tab. */
export function RevertSection({ ws, keys }: { ws: Workspace; keys: readonly CredentialView[] }): ReactElement {
  const [open, setOpen] = useState(false);
  const revert = async (): Promise<boolean> => {
    const res = await useOnboarding.getState().revertToPlatform(ws.id);
    if (!res.ok) {
      toast.error('Not reverted', errorSentence(res.error));
      return false;
    }
    toast.success(
      'Reverted to platform credentials',
      `${res.value.deleted} ${res.value.deleted === 1 ? 'key' : 'keys'} deleted; SMS and email use the agency’s accounts.`,
    );
    return true;
  };
  return (
    <section className="service card danger-zone" aria-labelledby="revert-title">
      <div className="danger-text">
        <h2 id="revert-title">Revert to Platform Credentials</h2>
        <p className="muted">
          {keys.length > 0
            ? `Deletes this workspace’s ${keys.length === 1 ? 'own messaging key' : `${keys.length} own messaging keys`} and sends through the agency’s accounts again. Voice and AI keys are not touched.`
            : 'This workspace already uses the platform credentials for SMS and email.'}
        </p>
      </div>
      <Button variant="secondary" className="btn-danger-outline" disabled={keys.length === 0} onClick={() => setOpen(true)}>
        Revert to Platform Credentials
      </Button>
      <Confirm
        open={open}
        onOpenChange={setOpen}
        title="Revert to platform credentials?"
        confirmLabel={`Delete ${keys.length} ${keys.length === 1 ? 'key' : 'keys'} and revert`}
        onConfirm={revert}
      >
        <p>
          These keys of <strong>{ws.name}</strong> are deleted, with their encrypted secrets (there is no second copy):
        </p>
        <ul data-testid="revert-list">
          {keys.map((k) => (
            <li key={k.id}>{keyLine(k)}</li>
          ))}
        </ul>
        <p className="muted">
          SMS and email then go out through the agency’s platform credentials. The accounts themselves stay open at the providers.
        </p>
      </Confirm>
    </section>
  );
}
