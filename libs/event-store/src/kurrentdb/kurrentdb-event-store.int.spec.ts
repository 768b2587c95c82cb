import type { EventSchemaRegistry } from '../event-schema-registry';
import { declareCapabilities, eventStoreContract, type ContractSubject } from '../../test/contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The contract suite against a real KurrentDB node (docs/architecture.md, "KurrentDB"). Without KURRENTDB_URL
 * every test of the suite is reported as skipped, with the reason in its name: never as passed.
 * The optional hooks stay undeclared: KurrentDB has no SQL to run, and no transaction to hold open.
 */
const url = process.env.KURRENTDB_URL;
const name = 'KurrentDB adapter on a KurrentDB node';
declareCapabilities(name, []);

const subject = async (schemas: EventSchemaRegistry): Promise<ContractSubject> => {
  const store = KurrentDbEventStore.connect(url!, { schemas });
  return { store, teardown: () => store.close() };
};

if (url) eventStoreContract(name, subject);
else
  describe.skip('skipped: KURRENTDB_URL is not set (docs/architecture.md, "KurrentDB", says how to run a node)', () =>
    eventStoreContract(name, subject));
