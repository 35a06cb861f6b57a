/** A client workspace's open intakes, each waiting for the client's file, with Close (asks once, naming what is lost). */
import { useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Confirm } from '../../components/Confirm';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { toast } from '../../stores/toasts';
import { type Recipient, useTransfer } from '../../stores/transfer';

/** The table. */
export function OpenIntakes({ workspaceId, intakes }: { workspaceId: string; intakes: readonly Recipient[] }): ReactElement {
  const [closing, setClosing] = useState<Recipient | null>(null);
  const close = async (): Promise<boolean> => {
    if (!closing) return false;
    const res = await useTransfer.getState().closeIntake(workspaceId, closing.id);
    if (res.ok) toast.success('Intake closed', 'A file encrypted to it can no longer be opened.');
    else toast.error('Intake not closed', errorSentence(res.error));
    return res.ok;
  };
  return (
    <>
      <table className="table transfer-table" data-testid="open-intakes">
        <thead>
          <tr>
            <th>Open intake</th>
            <th>Created</th>
            <th>State</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {intakes.map((i) => (
            <tr key={i.id}>
              <td className="mono">{i.recipient}</td>
              <td>{shortDate(i.createdAt)}</td>
              <td className="muted">Waiting for the client’s file</td>
              <td className="num">
                <Button size="sm" variant="ghost" onClick={() => setClosing(i)} aria-label={`Close intake ${i.recipient.slice(0, 12)}…`}>
                  Close
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Confirm
        open={closing !== null}
        onOpenChange={(o) => !o && setClosing(null)}
        title="Close this intake?"
        confirmLabel="Close intake"
        onConfirm={close}
      >
        <p>
          Its secret half is destroyed now. <strong>What is lost:</strong> a file the client has encrypted (or will encrypt) to{' '}
          <code className="mono">{closing?.recipient.slice(0, 16)}…</code> can never be opened; they would need a new intake.
        </p>
      </Confirm>
    </>
  );
}
