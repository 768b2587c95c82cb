import { Logger } from '@nestjs/common';
import {
  Checkpoints,
  Consumer,
  EventFailure,
  readAhead,
  type ConsumerError,
  type ConsumerState,
  type TransactionalHandler,
} from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { READ_SCHEMA, SEARCH_PATH, type RetryObserver } from '@ledger/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { PageRows } from './page-rows';
import type { Projection } from './projection';

export type ProjectionState = ConsumerState | 'rebuilding' | 'following';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  readonly state: ProjectionState;
  readonly error: ConsumerError | null;
}

/** Events a projection applies in one transaction. */
const PAGE_SIZE = 500;

/**
 * Drives each projection over the global log, as a consumer (libs/consumers) whose page and
 * checkpoint commit in one transaction: a crash at any point neither repeats nor loses an event,
 * faults are retried, and a projection that fails on an event stops there, visibly, while the
 * others go on. What is the runner's own: reads that wait for several projections, and rebuilds.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly lanes: Map<string, { readonly projection: Projection; readonly consumer: Consumer }>;
  private readonly checkpoints: Checkpoints;
  private readonly rebuilding = new Set<string>();
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: readonly Projection[],
    onRetry?: RetryObserver,
  ) {
    this.checkpoints = new Checkpoints(dataSource);
    this.lanes = new Map(
      projections.map((projection) => [
        projection.name,
        { projection, consumer: new Consumer(store, this.checkpoints, projectionHandler(projection, dataSource), { onRetry }) },
      ]),
    );
  }

  /** Each projection from its checkpoint; a failure recorded by an earlier leader stands only if it recurs. */
  async start(): Promise<void> {
    this.stopped = false;
    for (const { consumer } of this.lanes.values()) await consumer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.lanes.values()].map(({ consumer }) => consumer.stop()));
  }

  status(): ProjectionStatus[] {
    return [...this.lanes.values()].map(({ consumer }): ProjectionStatus => {
      const status = consumer.status();
      return this.rebuilding.has(status.name) ? { ...status, state: 'rebuilding' } : status;
    });
  }

  names(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Resolves true once every named projection reflects `position` (read-your-writes for
   * `minPosition`), false after `timeoutMs` or when one of them has failed.
   */
  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const consumers = names.map((name) => this.lane(name).consumer);
    const deadline = Date.now() + timeoutMs;
    for (const consumer of consumers) {
      if (!(await consumer.reached(position, Math.max(0, deadline - Date.now())))) return false;
    }
    return true;
  }

  /**
   * Rebuilds a projection from the whole log into fresh tables in a schema of their own, while
   * the live tables keep serving; then stops the live consumer, catches the new tables up to it
   * and swaps them in, with the checkpoint, in one transaction. Also the way to restart a
   * projection that failed, once the cause is fixed.
   */
  async rebuild(name: string): Promise<{ name: string; position: number; events: number }> {
    const { projection, consumer } = this.lane(name);
    const shadow = `rebuild_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
    await this.dataSource.query(`drop schema if exists ${shadow} cascade`);
    await this.dataSource.query(`create schema ${shadow}`);
    const secondaryIndexes: string[] = [];
    for (const table of projection.tables) secondaryIndexes.push(...(await this.createShadowTable(shadow, table)));
    let position = 0;
    let events = 0;
    const catchUp = async () => {
      const pages = readAhead(this.store, { types: projection.eventTypes, pageSize: PAGE_SIZE });
      for (;;) {
        const page = await pages.next(position);
        if (page.events.length > 0) {
          await this.dataSource.transaction(async (manager) => {
            await manager.query(`set local search_path to ${shadow}, ${SEARCH_PATH}`);
            await applyPage(projection, page.events, manager);
          });
          events += page.events.length;
        }
        position = page.nextPosition;
        if (page.events.length < PAGE_SIZE) return;
      }
    };
    try {
      await catchUp();
      // Indexes built once over the loaded rows cost far less than kept up row by row.
      for (const definition of secondaryIndexes) await this.dataSource.query(definition);
      await consumer.stop();
      this.rebuilding.add(name);
      await catchUp();
      await this.dataSource.transaction(async (manager) => {
        for (const table of projection.tables) {
          await manager.query(`drop table ${READ_SCHEMA}.${table}`);
          await manager.query(`alter table ${shadow}.${table} set schema ${READ_SCHEMA}`);
        }
        await this.checkpoints.save(name, position, manager);
      });
      this.logger.log({ msg: 'projection rebuilt', projection: name, position, events });
      return { name, position, events };
    } finally {
      this.rebuilding.delete(name);
      await this.dataSource.query(`drop schema if exists ${shadow} cascade`);
      if (!this.stopped) await consumer.start();
    }
  }

  /**
   * A copy of a live table, empty, in the rebuild's schema, keeping every name: the constraints
   * backed by an index (primary key, unique, exclusion) are made now, since the projection's
   * upserts need them; the other indexes are returned, as their definitions, to be made after
   * the bulk of the load. `LIKE … INCLUDING INDEXES` would rename them all, and a later migration
   * that names an index would no longer find it once the rebuilt table is swapped in.
   */
  private async createShadowTable(shadow: string, table: string): Promise<string[]> {
    await this.dataSource.query(
      `create table ${shadow}.${table} (like ${READ_SCHEMA}.${table} including defaults including constraints including generated including identity including storage including comments)`,
    );
    const constraints: Array<{ name: string; definition: string }> = await this.dataSource.query(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
        where conrelid = $1::regclass and contype in ('p', 'u', 'x') order by conname`,
      [`${READ_SCHEMA}.${table}`],
    );
    for (const { name, definition } of constraints)
      await this.dataSource.query(`alter table ${shadow}.${table} add constraint "${name}" ${definition}`);
    const indexes: Array<{ definition: string }> = await this.dataSource.query(
      `select pg_get_indexdef(i.indexrelid) as definition from pg_index i
        where i.indrelid = $1::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by i.indexrelid`,
      [`${READ_SCHEMA}.${table}`],
    );
    return indexes.map(({ definition }) => definition.replace(` ON ${READ_SCHEMA}.${table} `, ` ON ${shadow}.${table} `));
  }

  private lane(name: string): { readonly projection: Projection; readonly consumer: Consumer } {
    const lane = this.lanes.get(name);
    if (!lane) throw new UnknownProjection(name);
    return lane;
  }
}

function projectionHandler(projection: Projection, dataSource: DataSource): TransactionalHandler {
  return {
    name: projection.name,
    eventTypes: projection.eventTypes,
    pageSize: PAGE_SIZE,
    writes: 'in-transaction',
    dataSource,
    handle: (events, manager) => applyPage(projection, events, manager),
  };
}

/**
 * Applies a page and writes its rows (PageRows) through the caller's transaction. An event that
 * throws is named; rows the database refuses when the page is written name none, and the
 * consumer then applies the page again one event at a time.
 */
async function applyPage(projection: Projection, events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
  const rows = new PageRows(manager);
  for (const { entity, keys } of projection.rowsToLoad?.(events) ?? []) await rows.load(entity, keys);
  for (const event of events) {
    try {
      await projection.apply(event, rows);
    } catch (error) {
      throw new EventFailure(event.position, error);
    }
  }
  await rows.flush();
}

export class UnknownProjection extends Error {
  constructor(readonly projection: string) {
    super(`No projection named ${projection}.`);
  }
}
