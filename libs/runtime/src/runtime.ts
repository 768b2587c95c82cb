import { Logger } from '@nestjs/common';
import { Checkpoints } from '@ledger/consumers';
import { openEventStore, type AppendLag, type EventStore } from '@ledger/event-store';
import { Integrity, loadOrCreateSigningKey } from '@ledger/integrity';
import { dataSourceFor, LeaderLease, LedgerMetrics, migrate, openDatabase, type Database, type LedgerConfig } from '@ledger/platform';
import { allProjections, ProjectionObserver, ProjectionRunner, READ_MODEL_ENTITIES, type ProjectionsView } from '@ledger/projections';
import { NatsRelay, WebhookDispatcher, WebhookRegistry } from '@ledger/subscriptions';
import type { DataSource } from 'typeorm';

/** `all`: HTTP and the leader's work in one process (the default); `api`: HTTP only; `worker`: no HTTP. */
export type LedgerRole = 'all' | 'api' | 'worker';

/** Work only the leader does: it follows the log and must not be done twice. */
export interface LeaderWork {
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

/** The advisory-lock key of the leader lease ("ledger-leader" in ASCII, folded to a bigint). */
const LEADER_KEY = 0x6c656467_6572;

/**
 * Everything the ledger runs on, made before Nest starts: the database (server or embedded),
 * migrations applied, the event store and the read models' DataSource; and, in the process that
 * holds the leader lease, the work that follows the log: projections, webhook delivery, the
 * NATS relay and (registered by LedgerCoreModule, @ledger/core) the process managers.
 */
export interface LedgerRuntime {
  readonly config: LedgerConfig;
  readonly role: LedgerRole;
  readonly database: Database;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly projections: ProjectionsView;
  /** The Merkle tree over the log, its signed heads and proofs; the leader extends it. */
  readonly integrity: Integrity;
  readonly metrics: LedgerMetrics;
  isLeading(): boolean;
  /** Whether this process can do its part: the database answers, is migrated, and no projection has failed. */
  readiness(): Promise<Readiness>;
  /** The lease, when leadership is decided by election (server mode); null otherwise. */
  readonly lease: LeaderLease | null;
  registerLeaderWork(work: LeaderWork): Promise<void>;
  unregisterLeaderWork(work: LeaderWork): Promise<void>;
  close(): Promise<void>;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
  /**
   * How far behind the log the read side is, for operators; absent while the database cannot be
   * read. Lag alone does not make the ledger unready: answers carry the position they reflect,
   * and reads with `minPosition` wait or say 503 themselves.
   */
  readonly lag?: ReadSideLag;
}

/** The committed log against what readers have applied (issue 16: the real lag, not the visible one). */
export interface ReadSideLag {
  /** The highest position committed. */
  readonly committedHead: number;
  /** The largest number of committed positions any projection has yet to apply. */
  readonly projectionsBehind: number;
  /** How long the oldest append still in flight has held readers back, in seconds; 0 when none is. */
  readonly oldestInFlightAppendSeconds: number;
}

export async function startRuntime(config: LedgerConfig, given?: { database?: Database; role?: LedgerRole }): Promise<LedgerRuntime> {
  const logger = new Logger('Ledger');
  const role = given?.role ?? config.role;
  const database = given?.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  const applied = await migrate(database);
  if (applied.length > 0) logger.log({ msg: 'migrations applied', migrations: applied });
  const store = await openEventStore(config.eventStore, database);
  const dataSource = dataSourceFor(database, READ_MODEL_ENTITIES);
  await dataSource.initialize();
  const projectionList = allProjections({ creditTerms: config.creditTerms, schemas: store.schemas });
  const metrics = new LedgerMetrics();
  const runner = new ProjectionRunner(store, dataSource, projectionList, metrics.countRetry);
  const observer = new ProjectionObserver(store, dataSource, projectionList);
  const checkpoints = new Checkpoints(database.pool);
  const webhookRegistry = new WebhookRegistry(database.pool);
  const integrity = new Integrity(database.pool, store, {
    checkpointIntervalMs: config.integrity.checkpointIntervalMs,
    readableWithinMs: config.minPositionTimeoutMs,
    signingKey: () => loadOrCreateSigningKey({ signingKey: config.integrity.signingKey, dataDir: config.dataDir }),
    onRetry: metrics.countRetry,
  });

  let webhooks: WebhookDispatcher | null = null;
  let relay: NatsRelay | null = null;
  let leading = false;
  const extraWork: LeaderWork[] = [];
  const work = {
    lead: async () => {
      await runner.start();
      await integrity.start();
      webhooks = new WebhookDispatcher(store, webhookRegistry, checkpoints, config.webhooks, metrics.countRetry);
      webhooks.start();
      relay = config.nats ? new NatsRelay(store, checkpoints, config.nats, metrics.countRetry) : null;
      await relay?.start();
      for (const w of extraWork) await w.start();
      leading = true;
    },
    follow: async () => {
      leading = false;
      for (const w of extraWork) await w.stop();
      await webhooks?.stop();
      await relay?.stop();
      await runner.stop();
      await integrity.stop();
      webhooks = null;
      relay = null;
    },
  };

  // Embedded mode is one process by construction (its data folder is locked): no election.
  const elects = role !== 'api' && database.mode === 'server';
  const lease = elects ? new LeaderLease(database.url, LEADER_KEY, config.leaderPollMs, work) : null;
  if (lease) await lease.start();
  else if (role !== 'api') await work.lead();
  const isLeading = () => leading;

  const projections: ProjectionsView = {
    status: async () => (isLeading() ? runner.status() : observer.status()),
    names: () => runner.names(),
    waitFor: (names, position, timeoutMs) =>
      isLeading() ? runner.waitFor(names, position, timeoutMs) : observer.waitFor(names, position, timeoutMs),
    rebuild: (name) => (isLeading() ? runner.rebuild(name) : observer.rebuild()),
  };

  const readiness = async (): Promise<Readiness> => {
    const checks: Record<string, string> = {};
    try {
      await database.pool.query('select 1 from ledger.ledger_migrations limit 1');
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable or not migrated';
    }
    const status = await projections.status().catch(() => null);
    const failed = (status ?? [{ name: 'all (status unreadable)', state: 'failed' }]).filter((s) => s.state === 'failed');
    checks.projections = failed.length === 0 ? 'ok' : `failed: ${failed.map((f) => f.name).join(', ')}`;
    const appends = status ? await store.appendLag().catch(() => null) : null;
    const lag = appends && status ? readSideLag(appends, status) : undefined;
    return { ready: Object.values(checks).every((v) => v === 'ok'), checks, ...(lag ? { lag } : {}) };
  };

  metrics.attach({
    leading: isLeading,
    head: () => store.headPosition(),
    appendLag: () => store.appendLag(),
    projections: () => projections.status(),
    // From the checkpoints, not the consumers: API replicas and standbys report the leader's progress too.
    webhooks: () => webhookRegistry.positions(),
    relay: async () =>
      config.nats ? { stream: config.nats.stream, position: await checkpoints.load(NatsRelay.checkpointName(config.nats.stream)) } : null,
    feedClients: () => 0,
  });
  return {
    config,
    role,
    database,
    store,
    dataSource,
    projections,
    integrity,
    metrics,
    lease,
    isLeading,
    readiness,
    registerLeaderWork: async (w) => {
      extraWork.push(w);
      if (leading) await w.start();
    },
    unregisterLeaderWork: async (w) => {
      const index = extraWork.indexOf(w);
      if (index >= 0) extraWork.splice(index, 1);
      await w.stop();
    },
    close: async () => {
      if (lease) await lease.stop();
      else if (leading) await work.follow();
      await store.close();
      await dataSource.destroy();
      if (!given?.database) await database.close();
    },
  };
}

/** The read side's lag from the log's committed head and the projections' positions. */
export function readSideLag(appends: AppendLag, projections: ReadonlyArray<{ readonly position: number }>): ReadSideLag {
  return {
    committedHead: appends.committedHead,
    projectionsBehind: Math.max(0, ...projections.map((p) => appends.committedHead - p.position)),
    oldestInFlightAppendSeconds: appends.oldestInFlightSeconds,
  };
}
