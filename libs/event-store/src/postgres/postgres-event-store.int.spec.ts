import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { availableModes, createTestDatabase, serverUrl } from '../../../../test/support/test-database';
import { declareCapabilities, eventStoreContract } from '../../test/contract';
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
