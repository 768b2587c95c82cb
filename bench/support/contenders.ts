import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST, isExpectedVersionConflictError } from '@event-driven-io/emmett';
import { Pool, types, type CustomTypesConfig } from 'pg';
import { ConcurrencyError, PostgresEventStore } from '@ledger/event-store';
import { requestHash, type BenchEvent } from './events';

export type ContenderName = 'ledger' | 'emmett' | 'ceiling';
export const CONTENDERS: readonly ContenderName[] = ['ledger', 'emmett', 'ceiling'];

/*
 * Dumbo, under Emmett, replaces pg's process-wide parsers of int8 and json(b) the first time it
 * wraps a pool (int8 as BigInt). Left so, the ledger in this process would read positions as
 * BigInt and every contender would parse JSON with Emmett's parser. So pg's own parsers are put
 * back at once, and only Emmett's pool is given Emmett's, through pg's per-client `types`.
 */
const PG_PARSERS = new Map([20, 114, 3802].map((oid) => [oid, types.getTypeParser(oid)]));
const emmettParsers = new Map<number, (value: string) => unknown>();
const emmettTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => emmettParsers.get(oid) ?? types.getTypeParser(oid, format),
} as CustomTypesConfig;

function keepEmmettParsersToItself(): void {
  for (const [oid, parser] of PG_PARSERS) {
    const current = types.getTypeParser(oid);
    if (current === parser) continue;
    emmettParsers.set(oid, current);
    types.setTypeParser(oid, parser);
  }
}

/** Another writer got there first: the expected version no longer holds. */
export class Conflict extends Error {}

/** One contender, connected: appends with an exact expected version (0 = the stream is new). */
export interface Appender {
  append(streamId: string, expected: number, events: readonly BenchEvent[]): Promise<void>;
  /** The stream's version as stored now, for a writer that lost a race. */
  version(streamId: string): Promise<number>;
  close(): Promise<void>;
}

export async function prepareContenders(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined); // an idle client ended by the database's drop; queries report their own errors
  try {
    await pool.query(`create schema if not exists bench_ceiling`);
    await pool.query(`
      create table if not exists bench_ceiling.events (
        id             bigint generated always as identity primary key,
        stream_id      text not null,
        stream_version integer not null,
        type           text not null,
        data           jsonb not null,
        metadata       jsonb not null,
        unique (stream_id, stream_version)
      )`);
    const emmett = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
    keepEmmettParsersToItself();
    await emmett.schema.migrate();
  } finally {
    await pool.end();
  }
}

export async function connect(name: ContenderName, url: string, poolSize: number): Promise<Appender> {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: `bench-${name}`,
    ...(name === 'emmett' ? { types: emmettTypes } : {}),
  });
  pool.on('error', () => undefined); // an idle client ended by the database's drop; queries report their own errors
  switch (name) {
    case 'ledger':
      return ledgerAppender(pool, url);
    case 'emmett':
      return emmettAppender(pool, url);
    case 'ceiling':
      return ceilingAppender(pool);
  }
}

async function ledgerAppender(pool: Pool, url: string): Promise<Appender> {
  const store = await PostgresEventStore.create(pool, { listenUrl: url });
  return {
    async append(streamId, expected, events) {
      try {
        await store.append(
          streamId,
          expected === 0 ? 'no-stream' : expected,
          events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
          {
            idempotency: {
              actor: events[0]!.metadata.actor,
              key: events[0]!.metadata.idempotencyKey,
              requestHash: requestHash(streamId, events),
            },
          },
        );
      } catch (error) {
        throw error instanceof ConcurrencyError ? new Conflict(error.message) : error;
      }
    },
    version: async (streamId) =>
      (await pool.query('select coalesce(max(stream_version), 0) as v from ledger.events where stream_id = $1', [streamId])).rows[0].v,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

function emmettAppender(pool: Pool, url: string): Appender {
  const store: EmmettStore = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
  keepEmmettParsersToItself();
  return {
    async append(streamId, expected, events) {
      try {
        await store.appendToStream(
          streamId,
          events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
          { expectedStreamVersion: expected === 0 ? STREAM_DOES_NOT_EXIST : BigInt(expected) },
        );
      } catch (error) {
        throw isExpectedVersionConflictError(error) ? new Conflict(String(error)) : error;
      }
    },
    version: async (streamId) =>
      Number((await pool.query('select stream_position from emt_streams where stream_id = $1', [streamId])).rows[0]?.stream_position ?? 0),
    async close() {
      await store.close();
      await pool.end().catch(() => undefined); // emmett may have ended the pool it was lent
    },
  };
}

function ceilingAppender(pool: Pool): Appender {
  return {
    async append(streamId, expected, events) {
      const values: unknown[] = [];
      const rows = events.map((e, i) => {
        values.push(streamId, expected + i + 1, e.type, e.data, e.metadata);
        const p = i * 5;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
      });
      try {
        await pool.query(
          `insert into bench_ceiling.events (stream_id, stream_version, type, data, metadata) values ${rows.join(', ')}`,
          values,
        );
      } catch (error) {
        throw (error as { code?: string }).code === '23505' ? new Conflict(String(error)) : error;
      }
    },
    version: async (streamId) =>
      (await pool.query('select coalesce(max(stream_version), 0) as v from bench_ceiling.events where stream_id = $1', [streamId])).rows[0]
        .v,
    close: () => pool.end(),
  };
}
