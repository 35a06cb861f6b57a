/** One channel of the checklist (voice, SMS, email): a line per requirement with its state and fix. */
import type { ReactElement } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { ProviderMark } from '../../components/ProviderMark';
import { Status, type StatusKind } from '../../components/Status';
import { errorSentence } from '../../lib/errors';
import { navigate } from '../../lib/navigation';
import { useCredentials } from '../../stores/credentials';
import type { OnboardingView } from '../../stores/onboarding';
import { toast } from '../../stores/toasts';
import { useWorkspaces } from '../../stores/workspaces';

type Channel = OnboardingView['channels'][number];
type Line = Channel['lines'][number];

const TITLES = { voice: 'Voice campaigns', sms: 'SMS', email: 'Email' } as const;
const KIND: Readonly<Record<Line['state'], StatusKind>> = {
  validated: 'valid',
  warning: 'warning',
  unverified: 'unverified',
  invalid: 'invalid',
  missing: 'unverified',
};
const WORD: Readonly<Record<Line['state'], string>> = {
  validated: 'Validated',
  warning: 'Warning',
  unverified: 'Unverified',
  invalid: 'Invalid',
  missing: 'Missing',
};

/** The count's look: the worst line still short of ready (a rejected key before one merely untested). */
function worst(lines: readonly Line[]): StatusKind {
  const open = lines.filter((l) => !l.ready).map((l) => KIND[l.state]);
  return open.includes('invalid') ? 'invalid' : open.includes('warning') ? 'warning' : 'unverified';
}

/** The card. */
export function ChannelCard({ ws, channel }: { ws: Workspace; channel: Channel }): ReactElement {
  const ready = channel.lines.filter((l) => l.ready).length;
  return (
    <section className="channel card" aria-labelledby={`channel-${channel.channel}`} data-testid={`channel-${channel.channel}`}>
      <header className="channel-head">
        <h2 id={`channel-${channel.channel}`}>{TITLES[channel.channel]}</h2>
        <span className={`badge ${channel.required ? 'badge-accent' : 'badge-outline'}`}>{channel.required ? 'Required' : 'Optional'}</span>
        <span className="channel-count">
          <Status
            kind={channel.ready ? 'valid' : worst(channel.lines)}
            word={channel.ready ? 'Ready' : `${ready} of ${channel.lines.length} ready`}
          />
        </span>
      </header>
      <ul className="checklist">
        {channel.lines.map((l) => (
          <ChecklistLine key={l.requirement} ws={ws} line={l} />
        ))}
      </ul>
    </section>
  );
}

function ChecklistLine({ ws, line: l }: { ws: Workspace; line: Line }): ReactElement {
  const checking = useCredentials((s) => (l.credentialId ? Boolean(s.checking[l.credentialId]) : false));
  const provider = l.provider ? getProvider(l.provider) : getProvider(l.providers[0] ?? 'anthropic');
  const agency = useWorkspaces((s) => s.all.find((w) => w.kind === 'agency'));
  // Keys for a bundled client (or agency fallback) are added in the agency workspace.
  const holder = l.keyOwner === 'agency' || (l.state === 'missing' && ws.kind === 'client' && ws.mode === 'bundled') ? agency : ws;

  const goAdd = (): void => {
    if (holder && holder.id !== ws.id) useWorkspaces.getState().select(holder.id);
    navigate(`keys/add/${provider.id}`);
  };
  const test = async (): Promise<void> => {
    if (!l.credentialId) return;
    const res = await useCredentials.getState().test(l.credentialId);
    if (!res.ok) toast.error('Check did not run', errorSentence(res.error));
    await useCredentials.getState().load(ws.id, { fresh: true });
  };
  const names = l.providers.map((p) => getProvider(p).name).join(' or ');
  return (
    <li className={`checklist-line is-${l.state}`} data-testid="checklist-line" data-state={l.state} data-requirement={l.requirement}>
      <span className="checklist-state">
        <Status kind={checking ? 'checking' : KIND[l.state]} word={checking ? undefined : WORD[l.state]} upper />
      </span>
      <ProviderMark provider={provider} size="sm" />
      <div className="checklist-text">
        <p className="checklist-req">
          <strong>{l.requirement}</strong> <span className="faint">· {l.provider ? provider.name : names}</span>
          {l.keyOwner ? <span className="badge badge-outline">{l.keyOwner === 'own' ? 'Own key' : 'Agency key'}</span> : null}
        </p>
        <p className="checklist-fix">{l.fix}</p>
      </div>
      <span className="checklist-action">
        {l.state === 'missing' ? (
          <Button size="sm" icon="plus" onClick={goAdd}>
            Add {provider.name} key
          </Button>
        ) : l.state === 'invalid' ? (
          <Button size="sm" onClick={goAdd}>
            Replace key
          </Button>
        ) : !l.ready && l.credentialId ? (
          <Button size="sm" icon="refresh" busy={checking} onClick={() => void test()}>
            Test now
          </Button>
        ) : null}
      </span>
    </li>
  );
}
