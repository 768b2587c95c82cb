import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { availableModes, createTestDatabase, serverUrl } from '../../../../test/support/test-database';
import { declareCapabilities, event, eventStoreContract } from '../../test/contract';
import { ConcurrencyError, IdempotencyKeyUsed } from '../errors';
import { PostgresEventStore } from './postgres-event-store';

for (const mode of availableModes()) {
  const name = `PostgreSQL adapter on ${mode === 'server' ? 'a PostgreSQL server' : 'embedded PGlite'}`;
  // PGlite has one connection, so a second transaction cannot be held open beside the store's.
  declareCapabilities(name, mode === 'server' ? ['rawStatement', 'openAppend', 'holdUnrelatedWrites'] : ['rawStatement']);
  eventStoreContract(name, async (schemas) => {
    const test = await createTestDatabase('event_store_contract', mode);
    const store = await PostgresEventStore.create(test.database.pool, {
      listenUrl: test.database.supportsListen ? test.url : null,
      schemas,
    });
    return {
      store,
      rawStatement: (statement) => test.database.pool.query(statement),
      openAppend: async (streamId, event) => {
        const client = new Client({ connectionString: test.url });
        await client.connect();
        await client.query('begin');
        await client.query(`select * from ledger.append_events($1, 0, $2::jsonb, null)`, [
          streamId,
          JSON.stringify([{ ...event, eventId: randomUUID() }]),
        ]);
        return {
          commit: async () => {
            await client.query('commit');
            await client.end();
          },
        };
      },
      // The server's own database stands for any other database of the cluster; in the log's
      // database, a table of its own. Each transaction has written, so it holds the cluster's xmin.
      holdUnrelatedWrites: async () => {
        const sessions = [serverUrl()!, test.url].map((url) => new Client({ connectionString: url }));
        for (const session of sessions) {
          await session.connect();
          await session.query('begin');
          await session.query(`create temporary table unrelated (x integer)`);
          await session.query(`insert into unrelated values (1)`);
        }
        return {
          stillOpen: async () => {
            const open = await Promise.all(sessions.map((s) => s.query(`select pg_current_xact_id_if_assigned() is not null as open`)));
            return open.every((r) => r.rows[0].open === true);
          },
          end: async () => {
            for (const session of sessions) {
              await session.query('rollback');
              await session.end();
            }
          },
        };
      },
      teardown: async () => {
        await store.close();
        await test.drop();
      },
    };
  });
}

/*
 * pg's pool.query drops a connection on any error, so each lost race used to cost the loser a new
 * session, and a hot stream's writers spent more time logging in than appending (issue 20).
 */
(serverUrl() ? describe : describe.skip)('PostgreSQL adapter: a refused append', () => {
  const registered = () => event('EnterpriseRegistered', { uscc: '91330106MA2AXXXX0X' });

  it('keeps its connection, whether the race was lost before or during the append, or the key was used', async () => {
    const test = await createTestDatabase('refused_append', 'server');
    const pool = new Pool({ connectionString: test.url, max: 1 });
    const store = await PostgresEventStore.create(pool, { listenUrl: null });
    const winner = new Client({ connectionString: test.url });
    // pg_stat_activity stays as a transaction first read it, so it is watched from outside the winner's.
    const watcher = new Client({ connectionString: test.url });
    try {
      const session = async () => (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const idempotency = { actor: 'officer-1', key: randomUUID(), requestHash: 'h' };
      const settled = `case-${randomUUID()}`;
      await store.append(settled, 'no-stream', [registered()], { idempotency });
      const first = await session();

      await expect(store.append(settled, 'no-stream', [registered()])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(`case-${randomUUID()}`, 'no-stream', [registered()], { idempotency })).rejects.toBeInstanceOf(
        IdempotencyKeyUsed,
      );

      // The winner is in flight when the loser appends: the loser waits on the unique index for it.
      const raced = `case-${randomUUID()}`;
      await winner.connect();
      await watcher.connect();
      await winner.query('begin');
      await winner.query(`select * from ledger.append_events($1, 0, $2::jsonb, null)`, [
        raced,
        JSON.stringify([{ ...registered(), eventId: randomUUID() }]),
      ]);
      const loser = store.append(raced, 'no-stream', [registered()]);
      const waiting = async () =>
        (
          await watcher.query(
            `select exists (select from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock') as waits`,
          )
        ).rows[0].waits === true;
      while (!(await waiting())) await new Promise((resolve) => setTimeout(resolve, 10));
      await winner.query('commit');
      await expect(loser).rejects.toBeInstanceOf(ConcurrencyError);

      expect(await session()).toBe(first);
    } finally {
      await winner.end().catch(() => undefined);
      await watcher.end().catch(() => undefined);
      await store.close();
      await pool.end();
      await test.drop();
    }
  });
});

/*
 * An as-of read of a long stream used to filter every later row of the stream by its time; it now
 * reads stretches of versions until one comes back short (READ_STREAM_AS_OF).
 */
(serverUrl() ? describe : describe.skip)('PostgreSQL adapter: a long stream as recorded by an instant', () => {
  it('reads what the whole stream filtered by its time holds, from any version, in a bounded number of stretches', async () => {
    const test = await createTestDatabase('as_of_stretches', 'server');
    const pool = new Pool({ connectionString: test.url, max: 2 });
    const store = await PostgresEventStore.create(pool, { listenUrl: null });
    try {
      const streamId = `licence-application-${randomUUID()}`;
      const recordedAts: string[] = [];
      for (let version = 0; version < 1_300; version += 100) {
        const batch = Array.from({ length: 100 }, () => event('EnterpriseRegistered', { uscc: '91330106MA2AXXXX0X' }));
        const result = await store.append(streamId, version === 0 ? 'no-stream' : version, batch);
        recordedAts.push(result.events[0]!.recordedAt);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const filtered = async (from: number, asOf: string) =>
        (
          await pool.query<{ v: number }>(
            `select stream_version as v from ledger.events where stream_id = $1 and stream_version >= $2 and recorded_at <= $3 order by 1`,
            [streamId, from, asOf],
          )
        ).rows.map((row) => row.v);
      const queries = jest.spyOn(pool, 'query');
      for (const asOf of [recordedAts[0]!, recordedAts[2]!, recordedAts[7]!, recordedAts[12]!, new Date().toISOString()]) {
        for (const from of [1, 150, 256, 257, 1_000, 1_301]) {
          queries.mockClear();
          const read = await store.readStream(streamId, { fromVersion: from, recordedAtOrBefore: asOf });
          expect(read.map((e) => e.version)).toEqual(await filtered(from, asOf));
          // Stretches of 256, 512, 1,024: a whole 1,300-event stream in three reads, a short prefix in one.
          expect(queries.mock.calls.length).toBeLessThanOrEqual(1 + 3);
        }
      }
      expect((await store.readStream(streamId, { recordedAtOrBefore: recordedAts[12]!, maxCount: 300 })).map((e) => e.version)).toEqual(
        Array.from({ length: 300 }, (_, i) => i + 1),
      );
      queries.mockRestore();
    } finally {
      await store.close();
      await pool.end();
      await test.drop();
    }
  });
});

/* The statements every command runs are named (sql.ts, Prepared): each connection parses and plans them once. */
(serverUrl() ? describe : describe.skip)('PostgreSQL adapter: the statements of every command', () => {
  it('are prepared once on the connection that runs them', async () => {
    const test = await createTestDatabase('prepared_statements', 'server');
    const pool = new Pool({ connectionString: test.url, max: 1 });
    const store = await PostgresEventStore.create(pool, { listenUrl: null });
    try {
      const streamId = `enterprise-${randomUUID()}`;
      for (const key of ['first', 'second']) {
        await store.append(streamId, 'any', [event('EnterpriseRegistered')], {
          idempotency: { actor: 'officer-1', key, requestHash: 'h' },
        });
        await store.readStream(streamId, { maxCount: 1 });
        await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
        await store.readPage({ fromPosition: 0 });
        await store.findIdempotencyClaim('officer-1', key);
      }
      const { rows } = await pool.query<{ name: string }>(`select name from pg_prepared_statements order by name`);
      expect(rows.map((row) => row.name)).toEqual([
        'ledger_append',
        'ledger_find_idempotency',
        'ledger_read_log',
        'ledger_read_stream_backwards',
        'ledger_read_stream_forwards',
      ]);
    } finally {
      await store.close();
      await pool.end();
      await test.drop();
    }
  });
});
