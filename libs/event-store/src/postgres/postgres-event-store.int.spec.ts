import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { availableModes, createTestDatabase } from '../../../../test/support/test-database';
import { declareCapabilities, eventStoreContract } from '../../test/contract';
import { PostgresEventStore } from './postgres-event-store';

for (const mode of availableModes()) {
  const name = `PostgreSQL adapter on ${mode === 'server' ? 'a PostgreSQL server' : 'embedded PGlite'}`;
  // PGlite has one connection, so a second transaction cannot be held open beside the store's.
  declareCapabilities(name, mode === 'server' ? ['rawStatement', 'openAppend'] : ['rawStatement']);
  eventStoreContract(name, async () => {
    const test = await createTestDatabase('event_store_contract', mode);
    const store = await PostgresEventStore.create(test.database.pool, {
      listenUrl: test.database.supportsListen ? test.url : null,
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
      teardown: async () => {
        await store.close();
        await test.drop();
      },
    };
  });
}
