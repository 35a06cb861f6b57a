/** What a voice campaign's calls metered so far, by provider and whose key paid, beside the estimate. */
import type { ReactElement } from 'react';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderCost, VoiceCampaignView } from '../../../../shared/voice-campaigns';
import { ProviderMark } from '../../components/ProviderMark';
import { amountWords, ownerWord, ROLE_WORD, usd } from './voice-labels';

const ROLES = Object.keys(ROLE_WORD);
const byRole = (a: ProviderCost, b: ProviderCost): number =>
  ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || (a.owner ?? '').localeCompare(b.owner ?? '');

/** The minutes and cost card. */
export function VoiceCosts({ campaign: c }: { campaign: VoiceCampaignView }): ReactElement {
  return (
    <section className="card card-pad voice-costs" aria-label="Minutes and cost">
      <header className="preview-head">
        <strong>Minutes and cost</strong>
        <span className="muted">
          {c.minutes.toLocaleString()} carrier min · estimated {usd(c.estimate.costUsd)} before dialling
        </span>
        <span className="voice-estimate-total" data-testid="cost-total">
          {usd(c.cost.totalUsd)}
        </span>
      </header>
      {c.usage.length === 0 ? (
        <p className="muted small">Nothing metered yet: each call’s minutes, characters and tokens land here when it ends.</p>
      ) : (
        <>
          <div className="table-wrap voice-table">
            <table className="table voice-cost-table" aria-label="Cost by provider and key">
              <thead>
                <tr>
                  <th>Provider</th>
                  <th>For</th>
                  <th>Key</th>
                  <th className="num">Used</th>
                  <th className="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {[...c.usage].sort(byRole).map((u) => {
                  const d = getProvider(u.provider);
                  return (
                    <tr key={`${u.provider}-${u.owner ?? ''}-${u.unit}`}>
                      <td className="nowrap">
                        <span className="voice-provider">
                          <ProviderMark provider={d} size="sm" />
                          {d.name}
                        </span>
                      </td>
                      <td>{ROLE_WORD[u.role]}</td>
                      <td className="nowrap">{ownerWord(u.owner)}</td>
                      <td className="num nowrap">{amountWords(u.amount, u.unit)}</td>
                      <td className="num">{usd(u.costUsd)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="muted small voice-cost-split" data-testid="cost-split">
            Client’s keys {usd(c.cost.ownUsd)} · agency’s keys {usd(c.cost.agencyUsd)}
          </p>
        </>
      )}
    </section>
  );
}
