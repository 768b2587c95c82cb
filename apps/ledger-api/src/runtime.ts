import { Logger } from '@nestjs/common';
import { PostgresEventStore, type EventStore } from '@ledger/event-store';
import { dataSourceFor, migrate, openDatabase, type Database, type LedgerConfig } from '@ledger/platform';
import { ProjectionRunner, READ_MODEL_ENTITIES, allProjections } from '@ledger/projections';
import type { DataSource } from 'typeorm';

/**
 * Everything the ledger runs on, made before Nest starts: the database (server or embedded),
 * migrations applied, the event store, the read models' DataSource and the projection runner.
 */
export interface LedgerRuntime {
  readonly config: LedgerConfig;
  readonly database: Database;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly projections: ProjectionRunner;
  close(): Promise<void>;
}

export async function startRuntime(config: LedgerConfig, given?: { database?: Database }): Promise<LedgerRuntime> {
  const logger = new Logger('Ledger');
  const database = given?.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  const applied = await migrate(database);
  if (applied.length > 0) logger.log({ msg: 'migrations applied', migrations: applied });
  const store = await PostgresEventStore.create(database.pool, { listenUrl: database.supportsListen ? database.url : null });
  const dataSource = dataSourceFor(database, READ_MODEL_ENTITIES);
  await dataSource.initialize();
  const projections = new ProjectionRunner(store, dataSource, allProjections({ creditTerms: config.creditTerms }));
  await projections.start();
  return {
    config,
    database,
    store,
    dataSource,
    projections,
    close: async () => {
      await projections.stop();
      await store.close();
      await dataSource.destroy();
      if (!given?.database) await database.close();
    },
  };
}
