export * from './event-store';
export * from './errors';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export * from './event-json';
