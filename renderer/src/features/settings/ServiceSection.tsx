/**
 * One messaging service of the Messaging tab: the "Use Custom …" switch, then either the stored
 * key (hints only, Test Connection, Update) or the form (Save & Test Credentials). Switching off
 * puts the keys on standby (sends fall back to the platform); only Revert deletes them (seed 000).
 */
import { useState, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Switch } from '../../components/Switch';
import { errorSentence } from '../../lib/errors';
import { fullTime, timeAgo } from '../../lib/time';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { useAddAndTest } from '../api-keys/useAddAndTest';
import { ServiceForm } from './ServiceForm';
import { ServiceSummary } from './ServiceSummary';
import { StandbyKey } from './StandbyKey';
import { VerifiedBadge } from './VerifiedBadge';

/** Props of a section. */
export interface ServiceSectionProps {
  readonly ws: Workspace;
  readonly kind: 'sms' | 'email';
  readonly providers: readonly ProviderId[];
  /** The fields shown, in order. */
  readonly fields: readonly string[];
  /** The key in use, else a kept (standby) one, if any. */
  readonly existing: CredentialView | null;
  /** Every stored key of these providers (turning the switch off puts them all on standby). */
  readonly siblings: readonly CredentialView[];
}

/** Words per service. */
export const WORDS = {
  sms: {
    title: 'SMS',
    switchLabel: 'Use Custom Twilio Account',
    platform: 'Platform Twilio account',
    what: 'SMS',
    service: 'Twilio account',
  },
  email: {
    title: 'Email',
    switchLabel: 'Use Custom Email Service',
    platform: 'Platform email service',
    what: 'email',
    service: 'email service',
  },
} as const;

/** The section. */
export function ServiceSection({ ws, kind, providers, fields, existing, siblings }: ServiceSectionProps): ReactElement {
  const agency = ws.kind === 'agency';
  const words = WORDS[kind];
  const inUse = existing?.active === true;
  const [enabled, setEnabled] = useState(inUse || agency);
  const [editing, setEditing] = useState(existing === null);
  const [switching, setSwitching] = useState(false);
  const checking = useCredentials((s) => (existing ? Boolean(s.checking[existing.id]) : false));
  const run = useAddAndTest();

  // The stored key can change under the section (saved or brought back here, put on standby, deleted by Revert): follow it.
  const followKey = existing ? `${existing.id}:${existing.active ? 'in use' : 'standby'}` : null;
  const [followed, setFollowed] = useState(followKey);
  if (followed !== followKey) {
    setFollowed(followKey);
    // A key this section just saved keeps the form open until the save says it works.
    if (run.phase === 'idle') setEditing(existing === null);
    if (inUse) setEnabled(true);
    else if (!existing && !agency) {
      setEnabled(false);
      run.reset();
    }
  }

  // Off is not a deletion: the keys stay stored on standby and resolution falls back to the platform.
  const turnOff = async (): Promise<void> => {
    setSwitching(true);
    const active = siblings.filter((k) => k.active);
    for (const k of active) {
      const res = await useCredentials.getState().deactivate(k.id);
      if (!res.ok) {
        setSwitching(false);
        toast.error(`Custom ${words.service} still in use`, errorSentence(res.error));
        return;
      }
    }
    setSwitching(false);
    setEnabled(false);
    setEditing(false);
    run.reset();
    toast.success(
      `${words.title} uses the platform credentials again`,
      siblings.length > 0
        ? `${siblings.length === 1 ? 'The key is' : `The ${siblings.length} keys are`} kept on standby: turn the switch on to use ${siblings.length === 1 ? 'it' : 'them'} again. Only Revert to Platform Credentials deletes keys.`
        : undefined,
    );
  };
  const onSwitch = (on: boolean): void => {
    if (on) {
      setEnabled(true);
      setEditing(existing === null);
    } else void turnOff();
  };
  const offText = ws.allowAgencyFallback
    ? `Off: ${words.what} goes out through the agency’s platform credentials. No interruption either way.`
    : `Off: this workspace does not allow falling back to the agency’s credentials (Settings → Workspace), so its ${words.what} cannot go out until this is on again.`;

  return (
    <section className="service card" aria-labelledby={`service-${kind}`} data-testid={`service-${kind}`}>
      <header className="service-head">
        <div className="service-title">
          <h2 id={`service-${kind}`}>{words.title}</h2>
          {existing && (inUse || agency) ? <VerifiedBadge status={existing.status} checking={checking || run.phase === 'running'} /> : null}
        </div>
        {existing && (inUse || agency) ? (
          <p className="faint small" title={existing.lastTestedAt ? fullTime(existing.lastTestedAt) : undefined} data-testid="last-tested">
            Last tested {timeAgo(existing.lastTestedAt)}
          </p>
        ) : null}
      </header>
      {agency ? (
        <p className="service-platform">
          <strong>{words.platform}.</strong>{' '}
          <span className="muted">Clients without their own {words.what} credentials send through this account.</span>
        </p>
      ) : (
        <Switch
          checked={enabled}
          onCheckedChange={onSwitch}
          disabled={switching}
          label={words.switchLabel}
          description={enabled ? `This client’s ${words.what} goes out through its own ${words.service}.` : offText}
        />
      )}
      {!enabled && existing ? (
        <p className="faint small" data-testid="standby-note">
          Kept on standby, not used: {getProvider(existing.provider).name} · “{existing.nickname}”. Turning the switch on offers it again.
        </p>
      ) : null}
      {enabled && existing && !editing && inUse ? (
        <ServiceSummary kind={kind} cred={existing} run={run} onEdit={() => setEditing(true)} />
      ) : null}
      {enabled && existing && !editing && !inUse ? <StandbyKey cred={existing} run={run} onEdit={() => setEditing(true)} /> : null}
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
    </section>
  );
}
