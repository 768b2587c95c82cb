import { Logger } from '@nestjs/common';
import { PostgresEventStore, type EventStore } from '@ledger/event-store';
import { dataSourceFor, LedgerMetrics, migrate, openDatabase, type Database, type LedgerConfig } from '@ledger/platform';
import { ProjectionRunner, READ_MODEL_ENTITIES, allProjections } from '@ledger/projections';
import { NatsRelay, SubscriptionCheckpoints, WebhookDispatcher, WebhookRegistry } from '@ledger/subscriptions';
import type { DataSource } from 'typeorm';

/**
 * Everything the ledger runs on, made before Nest starts: the database (server or embedded),
 * migrations applied, the event store, the read models' DataSource and the projection runner,
 * and the subscription workers (webhook dispatcher, NATS relay) that follow the log like it.
 */
export interface LedgerRuntime {
  readonly config: LedgerConfig;
  readonly database: Database;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly projections: ProjectionRunner;
  readonly webhooks: WebhookDispatcher;
  /** Null when `NATS_URL` is unset. */
  readonly relay: NatsRelay | null;
  readonly metrics: LedgerMetrics;
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
  const webhooks = new WebhookDispatcher(store, new WebhookRegistry(database.pool), config.webhooks);
  webhooks.start();
  const relay = config.nats ? new NatsRelay(store, new SubscriptionCheckpoints(database.pool), config.nats) : null;
  relay?.start();
  const metrics = new LedgerMetrics();
  metrics.attach({
    head: () => store.headPosition(),
    projections: () => projections.status(),
    webhooks: async () =>
      (await database.pool.query<{ webhook_id: string; position: string; status: string }>('select webhook_id, position, status from webhooks')).rows.map(
        (r) => ({ webhookId: r.webhook_id, position: Number(r.position), status: r.status }),
      ),
    relayPosition: () => relay?.checkpointed ?? null,
    feedClients: () => 0,
  });
  return {
    config,
    database,
    store,
    dataSource,
    projections,
    webhooks,
    relay,
    metrics,
    close: async () => {
      await projections.stop();
      await webhooks.stop();
      await relay?.stop();
      await store.close();
      await dataSource.destroy();
      if (!given?.database) await database.close();
    },
  };
}
