import * as pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { Database } from './database';

/** The read models' schema: everything in it can be dropped and rebuilt from the log. */
export const READ_SCHEMA = 'read';

/**
 * A TypeORM DataSource over the ledger's own pool. TypeORM builds its pool with
 * `new driver.Pool(...)`; handing it a driver whose Pool is ours keeps one pool for the whole
 * process, which embedded mode needs (it has a single connection) and server mode welcomes.
 */
export function dataSourceFor(
  database: Database,
  entities: NonNullable<DataSourceOptions['entities']> = [],
  options: { migrationsSchema?: string } = {},
): DataSource {
  const sharedPool = database.pool;
  const keepOpen = new Proxy(sharedPool, {
    // The Database owns the pool; TypeORM's destroy() must not end it.
    get: (target, prop, receiver) =>
      prop === 'end' ? (callback?: (error?: Error) => void) => callback?.() : Reflect.get(target, prop, receiver),
  });
  const driver = {
    ...pg,
    Pool: function SharedPool() {
      return keepOpen;
    },
  };
  return new DataSource({
    type: 'postgres',
    driver,
    url: database.url,
    entities,
    // Only the migrations' DataSource names a schema: for TypeORM it is the default schema of
    // every entity too, and the read models' entities resolve through the search path instead.
    ...(options.migrationsSchema ? { schema: options.migrationsSchema } : {}),
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

/** Where TypeORM records applied migrations: `ledger.ledger_migrations`, beside the log. */
const MIGRATIONS_SCHEMA = 'ledger';
const MIGRATIONS_TABLE = 'ledger_migrations';

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
  await prepareSchemas(database);
  const dataSource = dataSourceFor(database, [], { migrationsSchema: MIGRATIONS_SCHEMA });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * What must hold before TypeORM looks for its migrations table, so that it finds the one that
 * records what was applied:
 *
 * - the schemas exist (`ledger` for the log, `read` for the read models), made only when missing:
 *   `create schema if not exists` checks the CREATE privilege first, which the least-privilege
 *   runtime role, also migrating (to nothing) at start-up, does not have;
 * - a migrations table left in `public` by releases before the ledger named its schemas is moved
 *   beside the log. A second, empty one in `ledger` is what such a release made on its second
 *   start under a role named `ledger` (it then failed replaying the first migration, so nothing
 *   else came of it): it is dropped. Two that both record migrations cannot be told apart safely,
 *   so that stops the migration with the reason.
 */
async function prepareSchemas(database: Database): Promise<void> {
  const { rows } = await database.pool.query<{ nspname: string }>(`select nspname from pg_namespace where nspname = any($1::text[])`, [
    [MIGRATIONS_SCHEMA, READ_SCHEMA],
  ]);
  for (const schema of [MIGRATIONS_SCHEMA, READ_SCHEMA]) {
    if (!rows.some((r) => r.nspname === schema)) await database.pool.query(`create schema if not exists ${schema}`);
  }
  const legacy = await tableRows(database, `public.${MIGRATIONS_TABLE}`);
  if (legacy === null) return;
  const current = await tableRows(database, `${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`);
  if (current !== null && current > 0) {
    throw new Error(
      `Both public.${MIGRATIONS_TABLE} (${legacy} rows) and ${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE} (${current} rows) record migrations; ` +
        `keep the one that matches the database and drop the other before migrating.`,
    );
  }
  if (current === 0) await database.pool.query(`drop table ${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`);
  await database.pool.query(`alter table public.${MIGRATIONS_TABLE} set schema ${MIGRATIONS_SCHEMA}`);
}

/** The number of rows of a table, or null when there is no such table. */
async function tableRows(database: Database, table: string): Promise<number | null> {
  const { rows } = await database.pool.query<{ found: string | null }>(`select to_regclass($1)::text as found`, [table]);
  if (rows[0]?.found == null) return null;
  const count = await database.pool.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(count.rows[0]!.n);
}
