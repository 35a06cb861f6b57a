/** One messaging service of the Messaging tab: the switch, its fields, Save & Test and Test Connection. */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { Switch } from '../../components/Switch';
import { errorSentence } from '../../lib/errors';
import { fullTime, timeAgo } from '../../lib/time';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { CheckSteps } from '../api-keys/CheckSteps';
import { KeyFields } from '../api-keys/KeyFields';
import { ResultBanner } from '../api-keys/ResultBanner';
import { RemoveKeyText } from '../api-keys/RemoveKeyText';
import { useAddAndTest } from '../api-keys/useAddAndTest';
import { DomainWarning } from './DomainWarning';
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

const WORDS = {
  sms: { title: 'SMS', switchLabel: 'Use Custom Twilio Account', platform: 'Platform Twilio account', what: 'SMS' },
  email: { title: 'Email', switchLabel: 'Use Custom Email Service', platform: 'Platform email service', what: 'email' },
} as const;

/** Values to start the form with: public fields of the stored key; secrets always empty. */
function initialValues(existing: CredentialView | null): Record<string, string> {
  return existing ? { ...existing.publicFields } : {};
}

/** The section. */
export function ServiceSection({ ws, kind, providers, fields, existing, siblings }: ServiceSectionProps): ReactElement {
  const agency = ws.kind === 'agency';
  const words = WORDS[kind];
  const [enabled, setEnabled] = useState(existing !== null || agency);
  const [provider, setProvider] = useState<ProviderId>(existing?.provider ?? providers[0] ?? 'twilio');
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(existing));
  const [confirmOff, setConfirmOff] = useState(false);
  const checking = useCredentials((s) => (existing ? Boolean(s.checking[existing.id]) : false));
  const lastCheck = useCredentials((s) => (existing ? s.lastCheck[existing.id] : undefined));
  const run = useAddAndTest();
  const d = getProvider(provider);
  const running = run.phase === 'running';

  // The stored key can change under the section (saved here, deleted by Revert): follow it.
  const existingId = existing?.id ?? null;
  const [followed, setFollowed] = useState(existingId);
  if (followed !== existingId) {
    setFollowed(existingId);
    if (existing) {
      setEnabled(true);
      setProvider(existing.provider);
    } else if (!agency) {
      setEnabled(false);
      setValues({});
      run.reset();
    }
  }

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = await run.start({ workspaceId: ws.id, provider, fields: values, existingId: existing?.id ?? null });
    // Secrets are never kept in the form once saved: the next change re-enters them.
    if (result) setValues((v) => Object.fromEntries(Object.entries(v).filter(([name]) => !d.fields.find((f) => f.name === name)?.secret)));
    if (result?.status === 'valid') toast.success(`${d.name} verified`, result.summary);
  };
  const testConnection = async (): Promise<void> => {
    if (!existing) return;
    run.reset();
    const res = await useCredentials.getState().test(existing.id);
    if (!res.ok) toast.error('Connection not tested', errorSentence(res.error));
    else if (res.value.status === 'valid') toast.success(`${d.name}: connection works`, res.value.summary);
    else toast.error(`${d.name}: ${res.value.status === 'unreachable' ? 'not reachable' : 'needs attention'}`, res.value.summary);
  };
  const turnOff = async (): Promise<boolean> => {
    for (const k of siblings) {
      const res = await useCredentials.getState().remove(k.id);
      if (!res.ok) {
        toast.error('Custom account not removed', errorSentence(res.error));
        return false;
      }
    }
    toast.success(`${words.what === 'SMS' ? 'SMS' : 'Email'} uses the platform credentials again`, `${siblings.length} ${siblings.length === 1 ? 'key' : 'keys'} deleted.`);
    setEnabled(false);
    return true;
  };
  const onSwitch = (on: boolean): void => {
    if (on) setEnabled(true);
    else if (siblings.length > 0) setConfirmOff(true);
    else setEnabled(false);
  };

  const shownSteps = run.phase !== 'idle' ? run.steps : lastCheck ? lastCheck.lines.map((l) => ({ label: l.label, state: l.status, detail: l.detail })) : [];
  return (
    <section className="service card" aria-labelledby={`service-${kind}`} data-testid={`service-${kind}`}>
      <header className="service-head">
        <div className="service-title">
          <h2 id={`service-${kind}`}>{words.title}</h2>
          {existing ? <VerifiedBadge status={existing.status} checking={checking || running} /> : null}
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
          description={enabled ? `This client’s ${words.what} goes out through its own account.` : `Off: ${words.what} goes out through the agency’s platform credentials. No interruption either way.`}
        />
      )}
      {enabled ? (
        <form className="service-form" onSubmit={(e) => void save(e)} aria-label={`${words.title} credentials`}>
          {providers.length > 1 ? (
            <div className="field">
              <span className="field-label" id={`provider-${kind}`}>
                Provider
              </span>
              <div className="segmented" role="radiogroup" aria-labelledby={`provider-${kind}`}>
                {providers.map((p) => (
                  <button key={p} type="button" role="radio" aria-checked={provider === p} disabled={existing !== null || running} onClick={() => setProvider(p)}>
                    {getProvider(p).name}
                  </button>
                ))}
              </div>
              {existing ? <p className="field-help">To switch provider, turn the custom service off first (that deletes the {getProvider(existing.provider).name} key).</p> : null}
            </div>
          ) : null}
          <KeyFields provider={d} values={values} only={fields} hints={existing?.hints} disabled={running} onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))} />
          {existing ? <p className="field-help">For security, the {d.fields.filter((f) => f.secret).map((f) => f.label).join(' and ')} must be typed again to save any change.</p> : null}
          {kind === 'email' && existing?.status === 'warning' && run.phase === 'idle' ? <DomainWarning cred={existing} /> : null}
          {shownSteps.length > 0 ? <CheckSteps steps={shownSteps} /> : null}
          <ResultBanner run={run} provider={d} />
          <div className="service-actions">
            <Button type="submit" variant="primary" busy={running} icon="check">
              Save &amp; Test Credentials
            </Button>
            {existing ? (
              <Button busy={checking} disabled={running} icon="refresh" onClick={() => void testConnection()}>
                Test Connection
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
      <Confirm open={confirmOff} onOpenChange={setConfirmOff} title={`Stop using the custom ${words.what === 'SMS' ? 'Twilio account' : 'email service'}?`} confirmLabel="Delete and use platform" onConfirm={turnOff}>
        {siblings.map((k) => (
          <RemoveKeyText key={k.id} cred={k} provider={getProvider(k.provider)} />
        ))}
        <p>{words.what === 'SMS' ? 'SMS' : 'Email'} from this workspace then goes out through the agency’s platform credentials.</p>
      </Confirm>
    </section>
  );
}
