/** Previous / next through a table a page at a time, with where the page is. */
import type { ReactElement } from 'react';
import { Button } from '../../components/Button';
import { PAGE } from '../../stores/campaign-lists';

/** The pager; nothing when everything fits on one page. */
export function Pager({
  total,
  offset,
  onPage,
  size = PAGE,
}: {
  total: number;
  offset: number;
  onPage: (offset: number) => void;
  size?: number;
}): ReactElement | null {
  if (total <= size) return null;
  return (
    <div className="pager">
      <Button size="sm" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - size))}>
        Previous
      </Button>
      <span className="muted">
        {offset + 1}–{Math.min(total, offset + size)} of {total.toLocaleString()}
      </span>
      <Button size="sm" disabled={offset + size >= total} onClick={() => onPage(offset + size)}>
        Next
      </Button>
    </div>
  );
}
