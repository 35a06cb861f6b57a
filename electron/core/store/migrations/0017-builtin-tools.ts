/**
 * The built-in call tools (issue 24): an agent's switch for `send_sms` (off until the operator turns
 * it on), and the callback time a campaign call agreed with its lead (`schedule_callback`), kept on
 * the lead so the campaign dials it again then.
 */
import type { Migration } from '../migrate';

export const m0017: Migration = {
  version: 17,
  name: '0017-builtin-tools',
  up(db) {
    db.exec(`
      ALTER TABLE voice_agents ADD COLUMN sms_tool INTEGER NOT NULL DEFAULT 0 CHECK (sms_tool IN (0, 1));
      ALTER TABLE call_leads ADD COLUMN callback_at INTEGER;
    `);
  },
};
