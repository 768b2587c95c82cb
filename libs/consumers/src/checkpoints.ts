import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Something that runs a statement in the caller's transaction: a TypeORM EntityManager, a pg client. */
export interface Statements {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Why a consumer stopped: the event it could not handle, written down for processes that only read the database. */
export interface RecordedFailure {
  readonly position: number;
  readonly message: string;
  readonly at: string;
}

export interface StoredCheckpoint {
  readonly name: string;
  readonly position: number;
  readonly failure: RecordedFailure | null;
}

interface CheckpointRow {
  name: string;
  position: string;
  failed_position: string | null;
  failure: string | null;
  failed_at: Date | null;
  updated_at: Date;
}

/*
 * Positions only move forwards: a late write from a consumer being replaced (a leader losing its
 * lease, a webhook lane stopped by a rescan) can never take one back. A position written is a
 * consumer that moves again, so it clears a failure recorded earlier.
 */
const SAVE = `
  insert into ledger.consumer_checkpoints as c (name, position, updated_at) values ($1, $2, now())
  on conflict (name) do update
     set position = greatest(c.position, excluded.position), updated_at = now(),
         failed_position = null, failure = null, failed_at = null`;

const RECORD_FAILURE = `
  insert into ledger.consumer_checkpoints as c (name, position, updated_at, failed_position, failure, failed_at)
  values ($1, $2, now(), $3, $4, $5)
  on conflict (name) do update
     set position = greatest(c.position, excluded.position), updated_at = now(),
         failed_position = excluded.failed_position, failure = excluded.failure, failed_at = excluded.failed_at`;

/* Written as a select over the update so that TypeORM, like pg, answers with the rows. */
const RESUME = `
  with resumed as (
    update ledger.consumer_checkpoints set failed_position = null, failure = null, failed_at = null
     where name = $1 returning position
  )
  select position from resumed`;

/**
 * Where every consumer of the log stands (`ledger.consumer_checkpoints`): projections, process
 * managers, webhooks, the NATS relay and the Merkle tree's builder, one row each, so a position
 * is read, moved and reported the same way whoever keeps it. Beside the log, not among the read
 * models: what webhooks and the relay have carried out of the ledger cannot be rebuilt from it.
 * Over the process's pool, or a TypeORM DataSource over that same pool.
 */
export class Checkpoints {
  /** Writes need no rows back, so either runs them. */
  private readonly statements: Statements;

  constructor(private readonly database: Pool | DataSource) {
    this.statements = database;
  }

  /** The stored position (0 for a consumer that has none). */
  async load(name: string): Promise<number> {
    const [row] = await this.rows<{ position: string }>(`select position from ledger.consumer_checkpoints where name = $1`, [name]);
    return row ? Number(row.position) : 0;
  }

  /**
   * The stored position of a consumer about to start, clearing the failure an earlier run
   * recorded: it stands only if it happens again.
   */
  async resume(name: string): Promise<number> {
    const [row] = await this.rows<{ position: string }>(RESUME, [name]);
    return row ? Number(row.position) : 0;
  }

  /** The named consumers' checkpoints, with their failures. */
  async read(names: readonly string[]): Promise<StoredCheckpoint[]> {
    const rows = await this.rows<CheckpointRow>(`select * from ledger.consumer_checkpoints where name = any($1::text[])`, [[...names]]);
    return rows.map((row) => ({
      name: row.name,
      position: Number(row.position),
      failure:
        row.failure !== null && row.failed_position !== null
          ? { position: Number(row.failed_position), message: row.failure, at: (row.failed_at ?? row.updated_at).toISOString() }
          : null,
    }));
  }

  /** Moves a consumer to `position`; inside the caller's transaction when `within` is given. */
  async save(name: string, position: number, within: Statements = this.statements): Promise<void> {
    await within.query(SAVE, [name, position]);
  }

  async recordFailure(name: string, position: number, failure: RecordedFailure): Promise<void> {
    await this.statements.query(RECORD_FAILURE, [name, position, failure.position, failure.message, new Date(failure.at)]);
  }

  /** Whether the database answers: tells an event that fails from a connection that does. */
  async answers(): Promise<boolean> {
    try {
      await this.statements.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  private async rows<R>(sql: string, parameters: unknown[]): Promise<R[]> {
    return this.database instanceof DataSource ? this.database.query(sql, parameters) : (await this.database.query(sql, parameters)).rows;
  }
}
