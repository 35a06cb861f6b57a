/** The import report: every CSV row that did not become a message, with its line and reason. */
import type { ReactElement } from 'react';
import type { RowIssueView } from '../../../../shared/campaigns';

const KIND: Readonly<Record<RowIssueView['kind'], string>> = { rejected: '✕ Rejected', excluded: '▲ Excluded', merged: '○ Merged' };

/** A table of row issues. */
export function IssueList({ rows }: { rows: readonly RowIssueView[] }): ReactElement {
  if (rows.length === 0) return <p className="muted">Every row became a message.</p>;
  return (
    <div className="table-wrap campaign-issues">
      <table className="table">
        <thead>
          <tr>
            <th className="num">Line</th>
            <th>What</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line}>
              <td className="num mono">{r.line}</td>
              <td className={`nowrap issue-${r.kind}`}>{KIND[r.kind]}</td>
              <td className="detail">{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
