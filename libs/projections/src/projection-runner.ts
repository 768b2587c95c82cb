import { Logger } from '@nestjs/common';
import type { EventStore, LogPage, RecordedEvent } from '@ledger/event-store';
import { errorMessage, fullJitter, isTransientDatabaseError, READ_SCHEMA, SEARCH_PATH, sleep, type RetryObserver } from '@ledger/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './checkpoint.entity';
import { PageRows } from './page-rows';
import type { Projection } from './projection';

export type ProjectionState = 'catching-up' | 'live' | 'retrying' | 'rebuilding' | 'failed' | 'stopped' | 'following';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  readonly state: ProjectionState;
  /** The last failure; while `retrying`, with how many attempts at that page have failed so far. */
  readonly error: { readonly message: string; readonly position: number; readonly at: string; readonly attempts?: number } | null;
}

interface Lane {
  readonly projection: Projection;
  position: number;
  state: ProjectionState;
  error: ProjectionStatus['error'];
  waiters: Array<{ position: number; resolve: () => void }>;
  /** The lane's loop; null when it is not running (stopped, failed, or paused for a swap). */
  loop: Promise<void> | null;
  halt: AbortController;
}

const BATCH = 500;
/** The longest wait between two attempts at a page after a transient fault. */
const MAX_RETRY_MS = 30_000;

const NO_FAILURE = { failedPosition: null, failure: null, failedAt: null };

/**
 * Drives each projection over the global log: catch-up from its checkpoint, then live. A batch
 * and its checkpoint commit together, so a crash at any point neither repeats nor loses an event.
 * A projection that fails on an event stops there, with the error visible in its status and the
 * logs; it never steps over the event, and the others go on.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly lanes: Map<string, Lane>;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: readonly Projection[],
    private readonly onRetry: RetryObserver = () => undefined,
  ) {
    this.lanes = new Map(
      projections.map((p) => [p.name, { projection: p, position: 0, state: 'stopped', error: null, waiters: [], loop: null, halt: new AbortController() }]),
    );
  }

  async start(): Promise<void> {
    this.stopped = false;
    // Each projection is tried again: a failure recorded by an earlier leader stands only if it recurs.
    await this.dataSource.createQueryBuilder().update(ProjectionCheckpoint).set(NO_FAILURE).where('failure is not null').execute();
    const checkpoints = await this.dataSource.getRepository(ProjectionCheckpoint).find();
    for (const lane of this.lanes.values()) {
      lane.position = checkpoints.find((c) => c.name === lane.projection.name)?.position ?? 0;
      this.run(lane);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.lanes.values()].map((lane) => this.halt(lane)));
  }

  status(): ProjectionStatus[] {
    return [...this.lanes.values()].map((l) => ({ name: l.projection.name, position: l.position, state: l.state, error: l.error }));
  }

  names(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Resolves true once every named projection reflects `position` (read-your-writes for
   * `minPosition`), false after `timeoutMs` or when one of them has failed.
   */
  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const lanes = names.map((n) => this.lane(n));
    const deadline = Date.now() + timeoutMs;
    for (const lane of lanes) {
      if (lane.position >= position) continue;
      if (lane.state === 'failed') return false;
      const reached = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        lane.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve(true)) });
      });
      if (!reached || lane.position < position) return false;
    }
    return true;
  }

  /**
   * Rebuilds a projection from the whole log into fresh tables in a schema of their own, while
   * the live tables keep serving; then pauses the live lane, catches the new tables up to it and
   * swaps them in, with the checkpoint, in one transaction. Also the way to restart a projection
   * that failed, once the cause is fixed.
   */
  async rebuild(name: string): Promise<{ name: string; position: number; events: number }> {
    const lane = this.lane(name);
    const { projection } = lane;
    const shadow = `rebuild_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
    await this.dataSource.query(`drop schema if exists ${shadow} cascade`);
    await this.dataSource.query(`create schema ${shadow}`);
    const secondaryIndexes: string[] = [];
    for (const table of projection.tables) secondaryIndexes.push(...(await this.createShadowTable(shadow, table)));
    let position = 0;
    let events = 0;
    const catchUp = async () => {
      const pages = this.readAhead(projection);
      for (;;) {
        const page = await pages.next(position);
        if (page.events.length > 0) {
          await this.commitPage(projection, page.events, { before: (manager) => manager.query(`set local search_path to ${shadow}, ${SEARCH_PATH}`) });
          events += page.events.length;
        }
        position = page.nextPosition;
        if (page.events.length < BATCH) return;
      }
    };
    try {
      await catchUp();
      // Indexes built once over the loaded rows cost far less than kept up row by row.
      for (const definition of secondaryIndexes) await this.dataSource.query(definition);
      await this.halt(lane);
      lane.state = 'rebuilding';
      await catchUp();
      await this.dataSource.transaction(async (manager) => {
        for (const table of projection.tables) {
          await manager.query(`drop table ${READ_SCHEMA}.${table}`);
          await manager.query(`alter table ${shadow}.${table} set schema ${READ_SCHEMA}`);
        }
        await manager.upsert(ProjectionCheckpoint, { name, position, updatedAt: new Date(), ...NO_FAILURE }, ['name']);
      });
      lane.error = null;
      this.advance(lane, position);
      this.logger.log({ msg: 'projection rebuilt', projection: name, position, events });
      return { name, position, events };
    } finally {
      await this.dataSource.query(`drop schema if exists ${shadow} cascade`);
      if (!this.stopped && !lane.loop) this.run(lane);
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
    for (const { name, definition } of constraints) await this.dataSource.query(`alter table ${shadow}.${table} add constraint "${name}" ${definition}`);
    const indexes: Array<{ definition: string }> = await this.dataSource.query(
      `select pg_get_indexdef(i.indexrelid) as definition from pg_index i
        where i.indrelid = $1::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by i.indexrelid`,
      [`${READ_SCHEMA}.${table}`],
    );
    return indexes.map(({ definition }) => definition.replace(` ON ${READ_SCHEMA}.${table} `, ` ON ${shadow}.${table} `));
  }

  private lane(name: string): Lane {
    const lane = this.lanes.get(name);
    if (!lane) throw new UnknownProjection(name);
    return lane;
  }

  private run(lane: Lane): void {
    lane.halt = new AbortController();
    lane.state = 'catching-up';
    lane.error = null;
    lane.loop = this.drive(lane, lane.halt.signal).finally(() => {
      lane.loop = null;
    });
  }

  private async halt(lane: Lane): Promise<void> {
    lane.halt.abort();
    await lane.loop;
    if (lane.state !== 'failed') lane.state = 'stopped';
  }

  /**
   * Applies a page and writes its rows (PageRows), in the caller's transaction. When the writing
   * fails, no single event can be blamed from the batch, so the page is applied again one event at
   * a time, each written at once, in a transaction of its own: the event that fails is the one
   * reported, as if the page had never been batched. The caller's transaction has rolled back by
   * then, so this rethrows for it to give up on the page.
   */
  private async applyPage(projection: Projection, events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const rows = new PageRows(manager);
    for (const { entity, keys } of projection.rowsToLoad?.(events) ?? []) await rows.load(entity, keys);
    for (const event of events) {
      try {
        await projection.apply(event, rows);
      } catch (error) {
        throw new ProjectionFailure(event.position, error);
      }
    }
    await rows.flush();
  }

  /** As applyPage, but writing after each event, so that a failure names its event. */
  private async applyOneByOne(projection: Projection, events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      try {
        await this.applyPage(projection, [event], manager);
      } catch (error) {
        throw error instanceof ProjectionFailure ? error : new ProjectionFailure(event.position, error);
      }
    }
  }

  /** One page in one transaction, with what must share it: a rebuild's search_path before, the checkpoint after. */
  private async commitPage(
    projection: Projection,
    events: readonly RecordedEvent[],
    around: { before?: (manager: EntityManager) => Promise<unknown>; after?: (manager: EntityManager) => Promise<unknown> },
  ): Promise<void> {
    const attempt = (oneByOne: boolean) =>
      this.dataSource.transaction(async (manager) => {
        await around.before?.(manager);
        await (oneByOne ? this.applyOneByOne(projection, events, manager) : this.applyPage(projection, events, manager));
        await around.after?.(manager);
      });
    try {
      await attempt(false);
    } catch (error) {
      if (error instanceof ProjectionFailure || isTransientDatabaseError(error)) throw error;
      this.logger.warn({ msg: 'writing a page failed; applying it one event at a time', projection: projection.name, error: error instanceof Error ? error.message : String(error) });
      await attempt(true);
    }
  }

  /**
   * Catch-up, then live. A fault on the way to the database (connection lost, server restarting,
   * timeout: isTransientDatabaseError) is retried from the checkpoint with capped backoff, on a
   * fresh connection, for as long as it takes, with the lane `retrying` and the fault in its
   * status. Any other error is retried once the same way, since it may still have been caused
   * by the fault before it; only an event that fails twice in a row with the same error, the
   * second time on a connection that answered, stops the lane as `failed`.
   */
  private async drive(lane: Lane, signal: AbortSignal): Promise<void> {
    const { projection } = lane;
    let pages = this.readAhead(projection);
    let attempts = 0;
    let lastPoison: string | null = null;
    while (!signal.aborted) {
      try {
        const page = await pages.next(lane.position);
        if (signal.aborted) return;
        if (page.events.length > 0) {
          await this.commitPage(projection, page.events, {
            after: (manager) => manager.upsert(ProjectionCheckpoint, { name: projection.name, position: page.nextPosition, updatedAt: new Date(), ...NO_FAILURE }, ['name']),
          });
        }
        // A page with no events for this projection still moves it past the events it ignores;
        // that need not be written down: after a restart it would skip them again.
        const moved = page.nextPosition > lane.position;
        this.advance(lane, page.nextPosition);
        if (attempts > 0) this.logger.log({ msg: 'projection recovered', projection: projection.name, position: lane.position, attempts });
        attempts = 0;
        lastPoison = null;
        lane.error = null;
        if (lane.state === 'retrying') lane.state = 'catching-up';
        if (!moved || page.events.length < BATCH) {
          lane.state = 'live';
          if (!moved) await this.store.waitForEvents(lane.position, 1000, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        const position = error instanceof ProjectionFailure ? error.position : lane.position + 1;
        const cause = error instanceof ProjectionFailure ? error.cause : error;
        const message = errorMessage(cause);
        const transient = isTransientDatabaseError(cause);
        const poison = `${position}:${message}`;
        if (!transient && lastPoison === poison && (await this.databaseAnswers())) {
          lane.state = 'failed';
          lane.error = { message, position, at: new Date().toISOString() };
          this.logger.error({ msg: 'projection stopped', projection: projection.name, position, error: message });
          await this.recordFailure(lane);
          for (const waiter of lane.waiters.splice(0)) waiter.resolve();
          return;
        }
        lastPoison = transient ? null : poison;
        attempts += 1;
        this.onRetry(projection.name, transient ? 'transient' : 'other');
        lane.state = 'retrying';
        lane.error = { message, position, at: new Date().toISOString(), attempts };
        const retryInMs = fullJitter(attempts, 100, MAX_RETRY_MS);
        this.logger.warn({ msg: 'projection will retry', projection: projection.name, position, attempt: attempts, transient, retryInMs, error: message });
        await sleep(retryInMs, signal);
        // A page read ahead on the connection that failed is not trusted: read it again.
        pages = this.readAhead(projection);
      }
    }
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.dataSource.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Pages of a projection's events, each full page's successor read while it is being applied,
   * so that the log read and the page's writes overlap (two connections) during a catch-up.
   * A read ahead is used only if it starts where the reader asks; otherwise it is dropped.
   */
  private readAhead(projection: Projection): { next(from: number): Promise<LogPage> } {
    let ahead: { from: number; page: Promise<LogPage> } | null = null;
    const read = (from: number) => this.store.readPage({ fromPosition: from, limit: BATCH, types: projection.eventTypes });
    return {
      next: async (from) => {
        const page = ahead?.from === from ? await ahead.page : await read(from);
        ahead = null;
        if (page.events.length === BATCH) {
          const next = read(page.nextPosition);
          next.catch(() => undefined); // asked for, a failed read fails the caller as any read would; never asked for, it must not go unhandled
          ahead = { from: page.nextPosition, page: next };
        }
        return page;
      },
    };
  }

  /** Written down for the processes that only read the database (ProjectionObserver). */
  private async recordFailure(lane: Lane): Promise<void> {
    const { error } = lane;
    if (!error) return;
    try {
      await this.dataSource.getRepository(ProjectionCheckpoint).upsert(
        { name: lane.projection.name, position: lane.position, updatedAt: new Date(), failedPosition: error.position, failure: error.message, failedAt: new Date(error.at) },
        ['name'],
      );
    } catch (cause) {
      this.logger.error({ msg: 'could not record the projection’s failure', projection: lane.projection.name, error: cause instanceof Error ? cause.message : String(cause) });
    }
  }

  private advance(lane: Lane, position: number): void {
    lane.position = position;
    const still: Lane['waiters'] = [];
    for (const waiter of lane.waiters) (waiter.position <= position ? waiter.resolve() : still.push(waiter));
    lane.waiters = still;
  }
}

export class UnknownProjection extends Error {
  constructor(readonly projection: string) {
    super(`No projection named ${projection}.`);
  }
}

class ProjectionFailure extends Error {
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`Projection failed at position ${position}`);
  }
}
