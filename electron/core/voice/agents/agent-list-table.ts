/**
 * The repository skeleton of a table that keeps a list per agent (agent_tools, transfer_targets):
 * an agent's rows, one by id or name, how many, a new one, one deleted, all deleted. Each table's
 * SQL stays in its owner file (tools-repo.ts, transfers-repo.ts; docs/ARCHITECTURE.md,
 * "Invariants"), which hands its statements here with how a row read back is parsed.
 */
import { type Db, stmt } from '../../store/db';

/** The statements of one per-agent list table, written in its owner file. */
export interface AgentListSql {
  /** An agent's rows in the order they are shown (one parameter: the agent). */
  readonly list: string;
  /** One of an agent's rows by id or by name (parameters: the agent, the id, the name). */
  readonly find: string;
  /** How many rows an agent has, as `n` (one parameter: the agent). */
  readonly count: string;
  /** A new row (parameters: its values, in the order of its columns). */
  readonly insert: string;
  /** One row by id. */
  readonly delete: string;
  /** Every row of an agent. */
  readonly deleteAll: string;
}

/** A per-agent list table whose rows are read as `Row`. */
export class AgentListTable<Row> {
  constructor(
    private readonly db: Db,
    private readonly sql: AgentListSql,
    private readonly toRow: (raw: unknown) => Row,
  ) {}

  /** An agent's rows, in the table's order. */
  list(agentId: string): Row[] {
    return stmt(this.db, this.sql.list).all(agentId).map(this.toRow);
  }

  /** One of an agent's rows by id or name. */
  find(agentId: string, idOrName: string): Row | undefined {
    const row = stmt(this.db, this.sql.find).get(agentId, idOrName, idOrName);
    return row === undefined ? undefined : this.toRow(row);
  }

  /** How many rows an agent has. */
  count(agentId: string): number {
    return (stmt(this.db, this.sql.count).get(agentId) as { n: number }).n;
  }

  /** Deletes a row. */
  delete(id: string): void {
    stmt(this.db, this.sql.delete).run(id);
  }

  /** Deletes every row of an agent. */
  deleteAll(agentId: string): void {
    stmt(this.db, this.sql.deleteAll).run(agentId);
  }

  /** Writes a new row from its values, in the order of the owner's INSERT. */
  protected insertValues(values: readonly unknown[]): void {
    stmt(this.db, this.sql.insert).run(...values);
  }
}
