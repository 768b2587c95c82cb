import { randomUUID } from 'node:crypto';
import type { Pool, QueryResult } from 'pg';
import type { DomainEvent } from '@ledger/regulation/shared';
import { foldStream, type AggregatedStream, type AggregateStreamOptions } from '../aggregate-stream';
import { ConcurrencyError, IdempotencyKeyUsed, RequiredStreamMissing } from '../errors';
import { LEDGER_SCHEMAS, type EventSchemaRegistry } from '../event-schema-registry';
import type {
  AppendLag,
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  IdempotentReplay,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store';
import { WakeSignal } from '../wake-signal';
import { AppendListener } from './append-listener';
import { recordedEventOf, type EventRow } from './event-rows';
import * as SQL from './sql';

export interface PostgresEventStoreOptions {
  /** A connection string for LISTEN; null where no second connection can be had (PGlite). */
  readonly listenUrl: string | null;
  readonly pollMs?: number;
  /** Default: the ledger's (LEDGER_SCHEMAS). */
  readonly schemas?: EventSchemaRegistry;
}

const MAX_ANY_RETRIES = 5;
/** The first stretch of versions an as-of read asks for: past a snapshot's 200, with room. */
const AS_OF_STRETCH = 256;
/** The highest stream version the column holds (integer). */
const MAX_VERSION = 2_147_483_647;

export class PostgresEventStore implements EventStore {
  readonly schemas: EventSchemaRegistry;
  private readonly wake: WakeSignal;
  private readonly listener: AppendListener | null;
  /** Where other processes can listen (server mode); on PGlite nothing can. */
  private readonly announces: boolean;
  private announced = 0;
  private toAnnounce = 0;
  private announcing: Promise<void> | null = null;

  private constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions,
  ) {
    this.schemas = options.schemas ?? LEDGER_SCHEMAS;
    this.wake = new WakeSignal(options.pollMs ?? (options.listenUrl ? 1000 : 100));
    this.listener = options.listenUrl ? new AppendListener(options.listenUrl, this.wake) : null;
    this.announces = options.listenUrl !== null;
  }

  static async create(pool: Pool, options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(pool, options);
    await store.listener?.start();
    return store;
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const payload = JSON.stringify(
      events.map((e) => ({
        eventId: e.eventId ?? randomUUID(),
        type: e.type,
        schemaVersion: this.schemas.versionToWrite(e),
        data: e.data,
        metadata: e.metadata,
        effectiveAt: e.effectiveAt ?? null,
      })),
    );
    const idempotency = options.idempotency ? JSON.stringify(options.idempotency) : null;
    const requires = options.requires && options.requires.length > 0 ? options.requires : null;
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.appendEvents([streamId, expectedCode(expected), payload, idempotency, requires], (error) =>
          this.mapAppendError(error, streamId, expected, options),
        );
        const appended = rows.map((r) => ({
          eventId: r.out_event_id as string,
          type: r.out_type as string,
          position: Number(r.out_position),
          version: r.out_version as number,
          recordedAt: (r.out_recorded_at as Date).toISOString(),
          effectiveAt: (r.out_effective_at as Date).toISOString(),
        }));
        const last = appended[appended.length - 1]!;
        this.wake.notify(last.position);
        this.announce(last.position);
        return { streamId, version: last.version, position: last.position, events: appended };
      } catch (mapped) {
        // With `any`, a clash only means another writer took the next version first: try again.
        if (mapped instanceof ConcurrencyError && expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
        throw mapped;
      }
    }
  }

  /**
   * On a connection of the pool, kept when `refusal` names the error as the append's own answer
   * (mapAppendError: a lost race, a used key), which is then thrown in its place. pool.query drops
   * the connection on any error, so each lost race cost a new session (a fork, a login,
   * append_events compiled again), and the writers of a hot stream spent more time connecting than
   * appending (issue 20). A refusal leaves the session clean: append_events releases the
   * allocation lock on every error, and the failed statement was its own transaction.
   */
  private async appendEvents(params: unknown[], refusal: (error: unknown) => unknown): Promise<QueryResult> {
    const client = await this.pool.connect();
    let fault: Error | undefined;
    try {
      return await client.query(SQL.bound(SQL.APPEND, params));
    } catch (error) {
      const answer = refusal(error);
      if (answer === error) fault = error as Error;
      throw answer;
    } finally {
      client.release(fault);
    }
  }

  /**
   * Tells readers in other processes (LISTEN ledger_events) that events up to `position` are
   * committed. Not from inside append_events: a NOTIFY in the appending transaction holds
   * PostgreSQL's notify lock from pre-commit until its commit is flushed, so appenders committed
   * one at a time and lost group commit (docs/benchmarks.md). One announcement is in flight at a
   * time and covers every append before it; one that is lost only leaves readers to their poll.
   */
  private announce(position: number): void {
    if (!this.announces) return;
    this.toAnnounce = Math.max(this.toAnnounce, position);
    if (this.announcing) return;
    this.announcing = (async () => {
      while (this.toAnnounce > this.announced) {
        this.announced = this.toAnnounce;
        await this.pool.query(SQL.bound(SQL.ANNOUNCE, [String(this.announced)])).catch(() => undefined);
      }
    })().finally(() => {
      this.announcing = null;
    });
  }

  private mapAppendError(error: unknown, streamId: string, expected: ExpectedVersion, options: AppendOptions): unknown {
    const pgError = error as { code?: string; constraint?: string; detail?: string };
    if (pgError.code === '40001' && pgError.detail?.startsWith('LEDGER_CONCURRENCY:')) {
      return new ConcurrencyError(streamId, expected, Number(pgError.detail.split(':')[1]));
    }
    if (pgError.code === 'P0002' && pgError.detail?.startsWith('LEDGER_REQUIRES:')) {
      return new RequiredStreamMissing(streamId, pgError.detail.slice('LEDGER_REQUIRES:'.length));
    }
    if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_unique') {
      return new ConcurrencyError(streamId, expected, null);
    }
    if (pgError.code === '23505' && pgError.constraint === 'idempotency_keys_pkey' && options.idempotency) {
      return new IdempotencyKeyUsed(options.idempotency.actor, options.idempotency.key);
    }
    return error;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.recordedAtOrBefore !== undefined && options.effectiveAtOrBefore === undefined && options.direction !== 'backwards') {
      return this.readStreamAsOf(streamId, options.fromVersion ?? 1, options.recordedAtOrBefore, options.maxCount);
    }
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion ?? (backwards ? MAX_VERSION : 1);
    const { rows } = await this.pool.query<EventRow>(
      SQL.bound(backwards ? SQL.READ_STREAM_BACKWARDS : SQL.READ_STREAM_FORWARDS, [
        streamId,
        from,
        options.maxCount ?? null,
        options.recordedAtOrBefore ?? null,
        options.effectiveAtOrBefore ?? null,
      ]),
    );
    return rows.map(recordedEventOf);
  }

  /**
   * A stream as recorded by `asOf`, in stretches of versions (READ_STREAM_AS_OF) until one comes
   * back short. The first stretch covers what a read from a snapshot needs (they are left every
   * 200 versions); each next is twice as long, so a whole long stream takes a few reads.
   */
  private async readStreamAsOf(
    streamId: string,
    fromVersion: number,
    asOf: string,
    maxCount: number | undefined,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    // Versions start at 1: a stretch from below would come back short and end the read early.
    let from = Math.max(1, fromVersion);
    for (let stretch = AS_OF_STRETCH; maxCount === undefined || events.length < maxCount; stretch *= 2) {
      const to = Math.min(from + stretch - 1, MAX_VERSION);
      const { rows } = await this.pool.query<EventRow>(SQL.READ_STREAM_AS_OF, [streamId, from, to, asOf]);
      for (const row of rows) events.push(recordedEventOf(row));
      if (rows.length < to - from + 1 || to === MAX_VERSION) break;
      from = to + 1;
    }
    return maxCount === undefined ? events : events.slice(0, maxCount);
  }

  aggregateStream<S, E extends DomainEvent>(streamId: string, options: AggregateStreamOptions<S, E>): Promise<AggregatedStream<S>> {
    return foldStream(this, streamId, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readPage(options)).events;
  }

  async readPage(options: ReadAllOptions = {}): Promise<LogPage> {
    const after = options.fromPosition ?? 0;
    const limit = options.limit ?? 500;
    const { events, horizon } = await this.readBatch(after, limit, options.types);
    const last = events[events.length - 1]?.position ?? after;
    // A short page holds every match up to the horizon, so the reader may move there.
    return { events, nextPosition: events.length === limit ? last : Math.max(last, horizon) };
  }

  private async readBatch(
    after: number,
    limit: number,
    types: readonly string[] | undefined,
  ): Promise<{ events: RecordedEvent[]; horizon: number }> {
    const { rows } = await this.pool.query<EventRow & { horizon: string }>(
      SQL.bound(SQL.READ_ALL, [after, limit, types && types.length > 0 ? types : null]),
    );
    const horizon = Number(rows[0]?.horizon ?? 0);
    return { events: rows.filter((r) => r.position !== null).map(recordedEventOf), horizon };
  }

  waitForEvents(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.wake.waitAfter(position, timeoutMs, signal);
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    let from = options.fromPosition ?? 0;
    while (!options.signal?.aborted) {
      const page = await this.readPage({ fromPosition: from, limit: options.batchSize ?? 500, types: options.types });
      for (const event of page.events) {
        if (options.signal?.aborted) return;
        yield event;
      }
      const moved = page.nextPosition > from;
      from = page.nextPosition;
      if (!moved) await this.waitForEvents(from, this.wake.pollMs, options.signal);
    }
  }

  async headPosition(): Promise<number> {
    return (await this.readBatch(Number.MAX_SAFE_INTEGER, 1, undefined)).horizon;
  }

  async committedHead(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(SQL.COMMITTED_HEAD);
    return Number(rows[0]?.head ?? 0);
  }

  async appendLag(): Promise<AppendLag> {
    const { rows } = await this.pool.query<{ committed_head: string; oldest_seconds: string }>(SQL.APPEND_LAG);
    return { committedHead: Number(rows[0]!.committed_head), oldestInFlightSeconds: Number(rows[0]!.oldest_seconds) };
  }

  async findIdempotencyClaim(actor: string, key: string): Promise<IdempotentReplay | null> {
    const { rows } = await this.pool.query(SQL.bound(SQL.FIND_IDEMPOTENCY, [actor, key]));
    const row = rows[0];
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      streamId: row.stream_id,
      firstPosition: Number(row.first_position),
      lastPosition: Number(row.last_position),
    };
  }

  async readPositions(firstPosition: number, lastPosition: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(SQL.READ_POSITIONS, [firstPosition, lastPosition]);
    return rows.map(recordedEventOf);
  }

  async close(): Promise<void> {
    await this.announcing;
    this.wake.close();
    await this.listener?.close();
  }
}

function expectedCode(expected: ExpectedVersion): number {
  switch (expected) {
    case 'any':
      return -1;
    case 'exists':
      return -2;
    case 'no-stream':
      return 0;
    default:
      if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`Invalid expected version ${expected}`);
      return expected;
  }
}
