/**
 * Why a message failed, as data: `refused` (the provider said no: sending again would fail the
 * same way) or `unconfirmed` (no answer could be trusted: in doubt, or retries ran out), which
 * the operator may send again after checking the provider's log.
 */
import type { Migration } from '../migrate';

export const m0004: Migration = {
  version: 4,
  name: '0004-message-failures',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN failure TEXT CHECK (failure IS NULL OR failure IN ('refused', 'unconfirmed'));
      UPDATE messages SET failure = CASE WHEN error LIKE 'in doubt:%' OR error LIKE 'gave up %' THEN 'unconfirmed' ELSE 'refused' END WHERE state = 'failed';
    `);
  },
};
