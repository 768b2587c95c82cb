import { declareCapabilities, eventStoreContract } from '../../test/contract';
import { InMemoryKurrentDb } from './in-memory-kurrentdb';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The adapter's own logic (positions, filters, claims, catch-up) through the contract suite, on a
 * stand-in for the client where no KurrentDB node runs. The run that counts for KurrentDB itself
 * is kurrentdb-event-store.int.spec.ts with KURRENTDB_URL set.
 */
const name = 'KurrentDB adapter on an in-memory stand-in for the client';
declareCapabilities(name, []);
eventStoreContract(name, async () => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb().asClient(), { pollMs: 50 });
  return { store, teardown: () => store.close() };
});
