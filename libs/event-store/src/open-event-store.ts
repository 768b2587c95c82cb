import type { Database, EventStoreConfig } from '@ledger/platform';
import type { EventStore } from './event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/**
 * The log in PostgreSQL (the default), or in KurrentDB with EVENT_STORE=kurrentdb; the read
 * models, checkpoints and the Merkle tree stay in PostgreSQL either way. The KurrentDB client is
 * loaded only when asked for, so the PostgreSQL path does not pay for gRPC at start-up.
 */
export async function openEventStore(config: EventStoreConfig, database: Database): Promise<EventStore> {
  if (config.kind === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(config.url);
  }
  return PostgresEventStore.create(database.pool, { listenUrl: database.supportsListen ? database.url : null });
}
