/** A provider's monogram: a calm square with two letters, no brand colours (one accent only). */
import type { ReactElement } from 'react';
import type { ProviderDescriptor } from '../../../shared/providers/types';

const MONOGRAM: Readonly<Record<string, string>> = { 'aws-s3': 'S3', 'google-analytics': 'GA', github: 'GH', sendgrid: 'SG', openai: 'OA' };

/** Two letters for a provider, e.g. "An" for Anthropic, "S3" for AWS S3. */
export function monogram(d: Pick<ProviderDescriptor, 'id' | 'name'>): string {
  return MONOGRAM[d.id] ?? d.name.slice(0, 2);
}

/** The monogram square. */
export function ProviderMark({
  provider,
  size = 'md',
}: {
  provider: Pick<ProviderDescriptor, 'id' | 'name'>;
  size?: 'sm' | 'md';
}): ReactElement {
  return (
    <span className={`provider-mark provider-mark-${size}`} aria-hidden>
      {monogram(provider)}
    </span>
  );
}
