/**
 * One messaging service of the Messaging tab: the "Use Custom …" switch, then either the stored
 * key (hints only, Test Connection, Update) or the form (Save & Test Credentials).
 */
import { useState, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Confirm } from '../../components/Confirm';
import { Switch } from '../../components/Switch';
import { errorSentence } from '../../lib/errors';
import { fullTime, timeAgo } from '../../lib/time';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { RemoveKeyText } from '../api-keys/RemoveKeyText';
import { useAddAndTest } from '../api-keys/useAddAndTest';
import { ServiceForm } from './ServiceForm';
import { ServiceSummary } from './ServiceSummary';
import { VerifiedBadge } from './VerifiedBadge';

/** Props of a section. */
export interface ServiceSectionProps {
  readonly ws: Workspace;
  readonly kind: 'sms' | 'email';
  readonly providers: readonly ProviderId[];
  /** The fields shown, in order. */
  readonly fields: readonly string[];
  /** The key in use, if any. */
  readonly existing: CredentialView | null;
  /** Every stored key of these providers (turning the switch off deletes them all). */
  readonly siblings: readonly CredentialView[];
}

/** Words per service. */
export const WORDS = {
  sms: { title: 'SMS', switchLabel: 'Use Custom Twilio Account', platform: 'Platform Twilio account', what: 'SMS', service: 'Twilio account' },
  email: { title: 'Email', switchLabel: 'Use Custom Email Service', platform: 'Platform email service', what: 'email', service: 'email service' },
} as const;

/** The section. */
export function ServiceSection({ ws, kind, providers, fields, existing, siblings }: ServiceSectionProps): ReactElement {
  const agency = ws.kind === 'agency';
  const words = WORDS[kind];
  const [enabled, setEnabled] = useState(existing !== null || agency);
  const [editing, setEditing] = useState(existing === null);
  const [confirmOff, setConfirmOff] = useState(false);
  const checking = useCredentials((s) => (existing ? Boolean(s.checking[existing.id]) : false));
  const run = useAddAndTest();

  // The stored key can change under the section (saved here, deleted by Revert): follow it.
  const existingId = existing?.id ?? null;
  const [followed, setFollowed] = useState(existingId);
  if (followed !== existingId) {
    setFollowed(existingId);
    // A key this section just saved keeps the form open until the save says it works.
    if (run.phase === 'idle') setEditing(existing === null);
    if (existing) setEnabled(true);
    else if (!agency) {
      setEnabled(false);
      run.reset();
    }
  }

  const turnOff = async (): Promise<boolean> => {
    for (const k of siblings) {
      const res = await useCredentials.getState().remove(k.id);
      if (!res.ok) {
        toast.error(`Custom ${words.service} not removed`, errorSentence(res.error));
        return false;
      }
    }
    toast.success(`${words.title} uses the platform credentials again`, `${siblings.length} ${siblings.length === 1 ? 'key' : 'keys'} deleted.`);
    setEnabled(false);
    return true;
  };
  const onSwitch = (on: boolean): void => {
    if (on) setEnabled(true);
    else if (siblings.length > 0) setConfirmOff(true);
    else setEnabled(false);
  };

  return (
    <section className="service card" aria-labelledby={`service-${kind}`} data-testid={`service-${kind}`}>
      <header className="service-head">
        <div className="service-title">
          <h2 id={`service-${kind}`}>{words.title}</h2>
          {existing ? <VerifiedBadge status={existing.status} checking={checking || run.phase === 'running'} /> : null}
        </div>
        {existing ? (
          <p className="faint small" title={existing.lastTestedAt ? fullTime(existing.lastTestedAt) : undefined} data-testid="last-tested">
            Last tested {timeAgo(existing.lastTestedAt)}
          </p>
        ) : null}
      </header>
      {agency ? (
        <p className="service-platform">
          <strong>{words.platform}.</strong> <span className="muted">Clients without their own {words.what} credentials send through this account.</span>
        </p>
      ) : (
        <Switch
          checked={enabled}
          onCheckedChange={onSwitch}
          label={words.switchLabel}
          description={enabled ? `This client’s ${words.what} goes out through its own ${words.service}.` : `Off: ${words.what} goes out through the agency’s platform credentials. No interruption either way.`}
        />
      )}
      {enabled && existing && !editing ? <ServiceSummary kind={kind} cred={existing} run={run} onEdit={() => setEditing(true)} /> : null}
      {enabled && (editing || !existing) ? (
        <ServiceForm
          ws={ws}
          kind={kind}
          providers={providers}
          fields={fields}
          existing={existing}
          run={run}
          onSaved={(valid) => valid && setEditing(false)}
          onCancel={existing ? () => setEditing(false) : undefined}
        />
      ) : null}
      <Confirm open={confirmOff} onOpenChange={setConfirmOff} title={`Stop using the custom ${words.service}?`} confirmLabel="Delete and use platform" onConfirm={turnOff}>
        {siblings.map((k) => (
          <RemoveKeyText key={k.id} cred={k} provider={getProvider(k.provider)} />
        ))}
        <p>{words.title} from this workspace then goes out through the agency’s platform credentials.</p>
      </Confirm>
    </section>
  );
}
