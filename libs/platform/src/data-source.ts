import * as pg from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { Database } from './database';

/**
 * A TypeORM DataSource over the ledger's own pool. TypeORM builds its pool with
 * `new driver.Pool(...)`; handing it a driver whose Pool is ours keeps one pool for the whole
 * process, which embedded mode needs (it has a single connection) and server mode welcomes.
 */
export function dataSourceFor(
  database: Database,
  entities: MixedList<string | Function | EntitySchema> = [],
): DataSource {
  const sharedPool = database.pool;
  const keepOpen = new Proxy(sharedPool, {
    // The Database owns the pool; TypeORM's destroy() must not end it.
    get: (target, prop, receiver) =>
      prop === 'end' ? (callback?: (error?: Error) => void) => callback?.() : Reflect.get(target, prop, receiver),
  });
  const driver = { ...pg, Pool: function SharedPool() { return keepOpen; } };
  return new DataSource({
    type: 'postgres',
    driver,
    url: database.url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'ledger_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

/** The advisory-lock key that serialises migrations ("ledmig" in ASCII: six bytes stay a safe integer). */
const MIGRATION_LOCK_KEY = 0x6c65646d_6967;

/**
 * Applies pending migrations; returns the names of those it applied. API replicas and workers
 * start together and each migrates first: on a server they queue on an advisory lock, so one
 * applies the migrations and the others find nothing left to do, instead of racing to create
 * the same tables. Embedded mode is one process with one connection, which needs no lock.
 */
export async function migrate(database: Database): Promise<string[]> {
  if (database.mode === 'embedded') return runMigrations(database);
  const lockHolder = await database.pool.connect();
  try {
    await lockHolder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await runMigrations(database);
    } finally {
      await lockHolder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    lockHolder.release();
  }
}

async function runMigrations(database: Database): Promise<string[]> {
  const dataSource = dataSourceFor(database);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
