/** Which process sends as each sending identity, so two processes never both pace a number to its full rate. */
import type { Migration } from '../migrate';

export const m0005: Migration = {
  version: 5,
  name: '0005-sender-leases',
  up(db) {
    db.exec(`
      CREATE TABLE sender_leases (
        sender_key TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        heartbeat INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
