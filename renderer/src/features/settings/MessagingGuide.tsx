/** The side panel of the Messaging tab: how own accounts and the platform fallback work, and what they cost. */
import type { ReactElement } from 'react';
import { getProvider } from '../../../../shared/providers/catalog';
import { ExternalLink } from '../../components/ExternalLink';

/** The guide. */
export function MessagingGuide(): ReactElement {
  const twilio = getProvider('twilio');
  const resend = getProvider('resend');
  return (
    <aside className="guide card card-pad" aria-label="About custom messaging accounts">
      <h3>How it works</h3>
      <ul className="guide-list">
        <li>Campaign messages and post-call workflow messages use this workspace’s own accounts once they are verified.</li>
        <li>Without them, or if you turn them off, the agency’s platform credentials send instead. There is no interruption.</li>
        <li>Secrets are write-only: to change one, type it again. Only a hint such as …a1b2 is ever shown.</li>
      </ul>
      <h3>Pricing</h3>
      <dl className="guide-prices">
        <div>
          <dt>Twilio</dt>
          <dd>{twilio.pricing}</dd>
        </div>
        <div>
          <dt>Resend</dt>
          <dd>{resend.pricing}</dd>
        </div>
      </dl>
      <h3>When something fails</h3>
      <ul className="guide-links">
        <li>
          <ExternalLink href="https://status.twilio.com/">Twilio status</ExternalLink>
        </li>
        <li>
          <ExternalLink href="https://www.twilio.com/docs/api/errors">Twilio error codes</ExternalLink>
        </li>
        <li>
          <ExternalLink href="https://resend.com/domains">Resend domains</ExternalLink>
        </li>
        <li>
          <ExternalLink href="https://status.resend.com/">Resend status</ExternalLink>
        </li>
      </ul>
    </aside>
  );
}
