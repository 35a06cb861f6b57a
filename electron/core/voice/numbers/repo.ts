/** SQL of inbound numbers (this file owns inbound_numbers); rows read back are parsed, not trusted. */
import { z } from 'zod';
import { type Db, stmt } from '../../store/db';
import type { NumberConfig } from '../carriers/carrier';
import { CARRIER_IDS } from '../types';

const Row = z.object({
  id: z.string(),
  workspace_id: z.string(),
  carrier: z.enum(CARRIER_IDS),
  number: z.string(),
  carrier_number_id: z.string(),
  credential_id: z.string(),
  agent_id: z.string(),
  ref: z.string(),
  previous: z.string().transform((s) => z.record(z.string(), z.string()).parse(JSON.parse(s))),
  forward_to: z.string().nullable(),
  away_message: z.string(),
  attached_at: z.string(),
});

/** An attached number as stored. */
export interface NumberRow {
  readonly id: string;
  readonly workspaceId: string;
  readonly carrier: (typeof CARRIER_IDS)[number];
  readonly number: string;
  readonly carrierNumberId: string;
  readonly credentialId: string;
  readonly agentId: string;
  /** The address of its answer route (not a secret: every request to it is signed). */
  readonly ref: string;
  /** Its voice configuration before it was attached. */
  readonly previous: NumberConfig;
  readonly forwardTo: string | null;
  readonly awayMessage: string;
  readonly attachedAt: string;
}

const toRow = (raw: unknown): NumberRow => {
  const row = Row.parse(raw);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    carrier: row.carrier,
    number: row.number,
    carrierNumberId: row.carrier_number_id,
    credentialId: row.credential_id,
    agentId: row.agent_id,
    ref: row.ref,
    previous: row.previous,
    forwardTo: row.forward_to,
    awayMessage: row.away_message,
    attachedAt: row.attached_at,
  };
};

/** Reads and writes inbound_numbers; callers hold the transaction. */
export class NumbersRepo {
  constructor(private readonly db: Db) {}

  insert(row: NumberRow): void {
    stmt(
      this.db,
      `INSERT INTO inbound_numbers (id, workspace_id, carrier, number, carrier_number_id, credential_id, agent_id, ref, previous,
        forward_to, away_message, attached_at)
       VALUES (@id, @workspaceId, @carrier, @number, @carrierNumberId, @credentialId, @agentId, @ref, @previous, @forwardTo, @awayMessage, @attachedAt)`,
    ).run({ ...row, previous: JSON.stringify(row.previous) });
  }

  /** A workspace's numbers, in number order. */
  list(workspaceId: string): NumberRow[] {
    return stmt(this.db, 'SELECT * FROM inbound_numbers WHERE workspace_id = ? ORDER BY number').all(workspaceId).map(toRow);
  }

  /** Every attached number, of every workspace. */
  all(): NumberRow[] {
    return stmt(this.db, 'SELECT * FROM inbound_numbers ORDER BY number').all().map(toRow);
  }

  byNumber(number: string): NumberRow | undefined {
    const raw = stmt(this.db, 'SELECT * FROM inbound_numbers WHERE number = ?').get(number);
    return raw === undefined ? undefined : toRow(raw);
  }

  byRef(ref: string): NumberRow | undefined {
    const raw = stmt(this.db, 'SELECT * FROM inbound_numbers WHERE ref = ?').get(ref);
    return raw === undefined ? undefined : toRow(raw);
  }

  /** Numbers an agent answers. */
  ofAgent(agentId: string): NumberRow[] {
    return stmt(this.db, 'SELECT * FROM inbound_numbers WHERE agent_id = ? ORDER BY number').all(agentId).map(toRow);
  }

  delete(id: string): void {
    stmt(this.db, 'DELETE FROM inbound_numbers WHERE id = ?').run(id);
  }
}
