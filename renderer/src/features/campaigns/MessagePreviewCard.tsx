/** One contact's message as it will be sent, stepping through contacts, with its segments and cost. */
import { useEffect, useState, type ReactElement } from 'react';
import type { CampaignView, MessagePreview } from '../../../../shared/campaigns';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { money } from '../../lib/numbers';
import { useCampaigns } from '../../stores/campaigns';

/** The preview of the contact at an index, and the campaign's estimate. */
export function MessagePreviewCard({ campaign, first }: { campaign: CampaignView; first?: MessagePreview }): ReactElement {
  const [index, setIndex] = useState(0);
  const [shown, setShown] = useState<MessagePreview | null>(first ?? null);
  useEffect(() => {
    if (index === 0 && first) {
      setShown(first);
      return;
    }
    void useCampaigns
      .getState()
      .preview(campaign.id, index)
      .then((r) => r.ok && setShown(r.value));
  }, [campaign.id, index, first]);
  const e = campaign.estimate;
  const last = campaign.counts.total - 1;
  return (
    <section className="card card-pad campaign-preview" aria-label="Message preview">
      <header className="preview-head">
        <strong>Preview</strong>
        <span className="muted">
          contact {index + 1} of {campaign.counts.total}
        </span>
        <span className="preview-steps">
          <Button size="sm" variant="ghost" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))}>
            Previous
          </Button>
          <Button size="sm" variant="ghost" disabled={index >= last} onClick={() => setIndex((i) => Math.min(last, i + 1))}>
            Next
          </Button>
        </span>
      </header>
      {shown ? (
        <>
          <p className="muted">
            To {shown.name ? `${shown.name} · ` : ''}
            <span className="mono">{shown.recipient}</span>
          </p>
          {shown.subject ? <p className="preview-subject">{shown.subject}</p> : null}
          <pre className="preview-body">{shown.body}</pre>
          {shown.encoding ? (
            <p className={shown.encoding === 'UCS-2' ? 'preview-warn' : 'muted'}>
              {shown.segments} segment{shown.segments === 1 ? '' : 's'}, {shown.encoding}
              {shown.nonGsm.length > 0
                ? ` — ${shown.nonGsm.map((c) => `“${c}”`).join(' ')} forces UCS-2 (70 characters a segment instead of 160)`
                : ''}
            </p>
          ) : null}
        </>
      ) : null}
      <p className="preview-cost">
        Estimated cost <strong>{money(e.costUsd)}</strong>{' '}
        <span className="muted">
          {campaign.channel === 'sms' ? `${e.units.toLocaleString()} segments` : `${e.units.toLocaleString()} e-mails`} at ${e.unitPrice} (
          {getProvider(e.provider).name})
        </span>
      </p>
    </section>
  );
}
