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

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(database: Database): Promise<string[]> {
  const dataSource = dataSourceFor(database);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
