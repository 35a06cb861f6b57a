/** Seed 000's warning: the key works, but the from-address's domain is not verified yet. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import { ExternalLink } from '../../components/ExternalLink';
import { Notice } from '../../components/ErrorBanner';

/** The amber notice under an email key whose last check ended in a warning. */
export function DomainWarning({ cred }: { cred: CredentialView }): ReactElement {
  const from = cred.publicFields.fromEmail;
  const domain = from?.split('@')[1];
  // The title names the domain only when the check was about it (a sending-only key is a different warning).
  const aboutDomain = Boolean(domain) && /domain/i.test(cred.lastCheckSummary ?? '') && !/sending-only/i.test(cred.lastCheckSummary ?? '');
  const dnsPage = cred.provider === 'resend' ? 'https://resend.com/domains' : 'https://app.sendgrid.com/settings/sender_auth';
  return (
    <Notice tone="warn" title={aboutDomain ? `${domain} is not fully verified yet` : 'Verified, with a warning'}>
      {cred.lastCheckSummary ?? 'The key works, but the check found something to fix.'}{' '}
      {aboutDomain ? (
        <>
          Mail from {from} may be rejected until the DNS records are in place. <ExternalLink href={dnsPage}>Check the domain</ExternalLink>
        </>
      ) : null}
    </Notice>
  );
}
