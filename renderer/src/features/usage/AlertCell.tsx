/** One provider's monthly spend alert: shown, edited in place, cleared. */
import { useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { errorSentence } from '../../lib/errors';
import { money } from '../../lib/numbers';
import { toast } from '../../stores/toasts';
import { type UsageSummary, useUsage } from '../../stores/usage';

type Row = UsageSummary['byProvider'][number];

/** The alert column's cell. */
export function AlertCell({ workspaceId, row }: { workspaceId: string; row: Row }): ReactElement {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async (monthlyUsd: number | null): Promise<void> => {
    setBusy(true);
    const res = await useUsage.getState().setAlert(workspaceId, row.provider, monthlyUsd);
    setBusy(false);
    if (!res.ok) {
      toast.error('Spend alert not saved', errorSentence(res.error));
      return;
    }
    setEditing(false);
    toast.success(monthlyUsd === null ? `${row.name} spend alert cleared` : `${row.name} alert at ${money(monthlyUsd)} a month`);
  };

  if (editing) {
    const amount = Number(value);
    const valid = /^\d+(\.\d{1,2})?$/.test(value.trim()) && amount > 0;
    return (
      <form
        className="alert-cell"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void save(amount);
        }}
      >
        <input
          className="input"
          inputMode="decimal"
          autoFocus
          aria-label={`Monthly spend alert for ${row.name}, in US dollars`}
          placeholder="e.g. 50"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
        />
        <Button size="sm" variant="primary" type="submit" busy={busy} disabled={!valid}>
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </form>
    );
  }
  return (
    <div className="alert-cell">
      {row.alertUsd === null ? (
        <span className="faint">None</span>
      ) : (
        <span className={row.alertExceeded ? 'alert-over' : undefined}>
          {row.alertExceeded ? '▲ ' : ''}
          {money(row.alertUsd)}
          {row.alertExceeded ? ' — over' : ''}
        </span>
      )}
      <Button
        size="sm"
        variant="ghost"
        aria-label={`${row.alertUsd === null ? 'Set' : 'Change'} the spend alert for ${row.name}`}
        onClick={() => {
          setValue(row.alertUsd === null ? '' : String(row.alertUsd));
          setEditing(true);
        }}
      >
        {row.alertUsd === null ? 'Set' : 'Change'}
      </Button>
      {row.alertUsd !== null ? (
        <Button size="sm" variant="ghost" busy={busy} aria-label={`Clear the spend alert for ${row.name}`} onClick={() => void save(null)}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}
