/**
 * Answering-machine detection's verdict on a call: Twilio's AnsweredBy (human, machine_start,
 * machine_end_beep, machine_end_silence, machine_end_other, fax, unknown) and how long it listened,
 * so a voicemail outcome can be traced to the verdict that caused it.
 */
import type { Migration } from '../migrate';

export const m0011: Migration = {
  version: 11,
  name: '0011-call-answered-by',
  up(db) {
    db.exec(`
      ALTER TABLE calls ADD COLUMN answered_by TEXT CHECK (answered_by IS NULL OR answered_by IN ('human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'));
      ALTER TABLE calls ADD COLUMN machine_detection_ms INTEGER CHECK (machine_detection_ms IS NULL OR machine_detection_ms >= 0);
    `);
  },
};
