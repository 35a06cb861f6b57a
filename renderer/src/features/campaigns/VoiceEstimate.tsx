/** What a voice campaign should cost before anything is dialled: minutes and cost per provider, with the assumptions said. */
import type { ReactElement } from 'react';
import type { VoiceEstimate } from '../../../../shared/voice-campaigns';
import { getProvider } from '../../../../shared/providers/catalog';
import { ProviderMark } from '../../components/ProviderMark';
import { amountWords, ownerWord, ROLE_WORD, usd } from './voice-labels';

/** The estimate card. */
export function VoiceEstimateCard({ estimate: e, retries }: { estimate: VoiceEstimate; retries: number }): ReactElement {
  return (
    <section className="card card-pad voice-estimate" aria-label="Estimate">
      <header className="preview-head">
        <strong>Estimate</strong>
        <span className="muted">before anything is dialled</span>
        <span className="voice-estimate-total" data-testid="estimate-total">
          {usd(e.costUsd)}
        </span>
      </header>
      <p className="muted small voice-estimate-basis">
        About {e.calls.toLocaleString()} call{e.calls === 1 ? '' : 's'} to {e.leads.toLocaleString()} lead{e.leads === 1 ? '' : 's'}
        {retries > 0 ? ` with up to ${retries} retr${retries === 1 ? 'y' : 'ies'} of the unanswered` : ''}, if{' '}
        {Math.round(e.answerRate * 100)}% answer and an answered call lasts {e.minutesPerCall} min: {e.minutes.toLocaleString()} carrier
        minutes.
      </p>
      <div className="table-wrap voice-table">
        <table className="table voice-cost-table" aria-label="Estimate per provider">
          <thead>
            <tr>
              <th>Provider</th>
              <th>For</th>
              <th className="num">Amount</th>
              <th>Key</th>
              <th className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {e.byProvider.map((p) => {
              const d = getProvider(p.provider);
              return (
                <tr key={`${p.provider}-${p.unit}`}>
                  <td className="nowrap">
                    <span className="voice-provider">
                      <ProviderMark provider={d} size="sm" />
                      {d.name}
                    </span>
                  </td>
                  <td>{ROLE_WORD[p.role]}</td>
                  <td className="num nowrap">{amountWords(p.amount, p.unit)}</td>
                  <td className="nowrap muted">{ownerWord(p.owner)}</td>
                  <td className="num">{usd(p.costUsd)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
