/** The audit rows as a dense table: time, actor, action, workspace, target, details, hash. */
import type { ReactElement } from 'react';
import { fullTime, timeAgo } from '../../lib/time';
import type { AuditRow } from '../../stores/audit';
import { actionLabel } from './actions';
import { detailText } from './detail';

/** Props of the table. */
export interface AuditTableProps {
  readonly rows: readonly AuditRow[];
  readonly names: ReadonlyMap<string, string>;
  /** The row "Verify chain" found broken, highlighted. */
  readonly brokenSeq: number | null;
}

/** The table; newest first. */
export function AuditTable({ rows, names, brokenSeq }: AuditTableProps): ReactElement {
  return (
    <div className="table-wrap card">
      <table className="table audit-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Workspace</th>
            <th scope="col">Details</th>
            <th scope="col" className="col-hash">
              Hash
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} className={r.seq === brokenSeq ? 'is-broken' : undefined} data-action={r.action}>
              <td className="num mono">{r.seq}</td>
              <td title={fullTime(r.at)} className="nowrap">
                {timeAgo(r.at)}
              </td>
              <td>
                <span className="badge badge-outline">{r.actor}</span>
              </td>
              <td>
                <span className="nowrap">{actionLabel(r.action)}</span>
                <span className="action-code faint mono small">{r.action}</span>
              </td>
              <td className="nowrap">
                {r.workspaceId ? (names.get(r.workspaceId) ?? 'Deleted workspace') : <span className="faint">—</span>}
              </td>
              <td className="detail">{detailText(r.detail) || <span className="faint">—</span>}</td>
              <td className="mono faint small col-hash" title={r.hash}>
                {r.hash.slice(0, 10)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
