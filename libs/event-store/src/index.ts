export * from './event-store';
export * from './errors';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { PostgresStreamSnapshots } from './postgres/stream-snapshots';
export { readLogIn } from './postgres/event-rows';
export * from './event-json';
export * from './event-schema-registry';
export type { AggregatedStream, AggregateStreamOptions } from './aggregate-stream';
export type * from './stream-snapshots';
