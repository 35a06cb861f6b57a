/** The verdict under an Add & Test run, in one sentence with the status icon and word. */
import type { ReactElement } from 'react';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import type { AddAndTest } from './useAddAndTest';

/** Nothing while idle or running; the outcome once done. */
export function ResultBanner({ run, provider }: { run: AddAndTest; provider: ProviderDescriptor }): ReactElement | null {
  if (run.phase !== 'done') return null;
  if (run.error) return <ErrorBanner title={run.credentialId ? 'Check did not run' : 'Key not saved'} error={run.error} />;
  const r = run.result;
  if (!r) return null;
  switch (r.status) {
    case 'valid':
      return (
        <Notice tone="ok" glyph="●" title={`Validated — ${provider.name} accepted the key`}>
          {r.summary}
        </Notice>
      );
    case 'warning':
      return (
        <Notice tone="warn" glyph="▲" title="Warning — saved, with something to fix">
          {r.summary}
        </Notice>
      );
    case 'unreachable':
      return (
        <Notice tone="info" glyph="○" title={`Unverified — saved, but ${provider.name} could not be reached`}>
          {r.summary} Switchboard checks it again when the network is back.
        </Notice>
      );
    case 'invalid':
      return (
        <div className="banner banner-bad" role="alert">
          <span className="banner-icon banner-glyph" aria-hidden>
            ✕
          </span>
          <p className="banner-text">
            <strong>Invalid — {provider.name} rejected the key. </strong>
            {r.summary} Fix the fields above and save again; the key stays stored as invalid until then.
          </p>
        </div>
      );
  }
}
