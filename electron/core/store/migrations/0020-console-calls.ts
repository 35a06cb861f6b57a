/**
 * Calls from the console: an operator talks to an agent through the workstation's microphone and
 * speakers (Talk), with no carrier. Such a call is stored like a phone call (transcript, usage,
 * extraction) with `carrier = 'console'`, always a test, its numbers `console`. The carrier CHECK
 * is widened by rebuilding `calls` from its own SQL (widen-check.ts), so it runs after every
 * migration that adds a column to `calls`.
 */
import type { Migration } from '../migrate';
import { widenCheck } from '../widen-check';

export const m0020: Migration = {
  version: 20,
  name: '0020-console-calls',
  rebuildsTables: true,
  up(db) {
    widenCheck(db, {
      migration: 'the console-calls migration',
      table: 'calls',
      column: 'carrier',
      before: ['twilio', 'exotel'],
      after: ['twilio', 'exotel', 'console'],
    });
  },
};
