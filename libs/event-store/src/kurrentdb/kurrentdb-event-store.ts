import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamSubscription,
  type AppendResult as KurrentAppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
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
  IdempotencyClaim,
  IdempotentReplay,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store';
import { appendResultOf } from '../event-store';
import { WakeSignal } from '../wake-signal';
import {
  CLAIMED,
  RECORDED,
  RELEASED,
  claimStreamId,
  eventIdStreamId,
  foldClaim,
  type ClaimState,
  type ClaimedData,
  type RecordedData,
} from './idempotency-claims';
import {
  actualVersionOf,
  isLedgerStream,
  ledgerFilter,
  logPosition,
  positionOf,
  readRevisionOf,
  timeFilter,
  toEventData,
  toRecordedEvent,
  toStreamState,
} from './mapping';

/** The client calls the adapter makes; a KurrentDBClient has them all. */
export type KurrentClient = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface KurrentDbEventStoreOptions {
  /** Fallback wake-up of waiting readers when the live subscription is down. */
  readonly pollMs?: number;
  /** How long a reader waits for a pending idempotency claim to be completed before freeing it. */
  readonly pendingClaimMs?: number;
  /** Default: the ledger's (LEDGER_SCHEMAS). */
  readonly schemas?: EventSchemaRegistry;
}

/** How much of $all to read, and which of it. */
interface LogReadOptions {
  readonly maxCount?: number;
  readonly filter: Filter;
}

/** A $all event as readers meet it: its position, and the event when it is the ledger's. */
interface LogEntry {
  readonly position: number;
  readonly event: RecordedEvent | null;
}

const RESUBSCRIBE_MS = 1000;

/**
 * The EventStore port on KurrentDB (or EventStoreDB 22.6+), through its gRPC client. What differs
 * from PostgreSQL, and why, is in docs/architecture.md ("KurrentDB"); the mapping rules are in mapping.ts.
 * Every call asks for the leader, so a reader never meets a follower that is behind what it saw.
 */
export class KurrentDbEventStore implements EventStore {
  readonly schemas: EventSchemaRegistry;
  private readonly wake: WakeSignal;
  private readonly pendingClaimMs: number;
  private live: AllStreamSubscription | null = null;
  private closed = false;

  constructor(
    private readonly client: KurrentClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.schemas = options.schemas ?? LEDGER_SCHEMAS;
    this.wake = new WakeSignal(options.pollMs ?? 1000);
    this.pendingClaimMs = options.pendingClaimMs ?? 5000;
  }

  /** `kurrentdb://host:2113?tls=false` and the other forms the client's connection string takes. */
  static connect(url: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(url), options);
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (!isLedgerStream(streamId)) throw new RangeError(`Stream ids starting with "$" or "ledger." are reserved: ${streamId}`);
    if (events.length === 0) throw new RangeError('Nothing to append');
    // A stream, once written, always exists: checked before the append, as good as with it.
    for (const required of options.requires ?? []) {
      if ((await this.readStream(required, { maxCount: 1 })).length === 0) throw new RequiredStreamMissing(streamId, required);
    }
    const streamState = toStreamState(expected);
    const ids = events.map((e) => e.eventId ?? randomUUID());
    const data = events.map((e, i) => toEventData(e, ids[i]!, this.schemas.versionToWrite(e)));
    await this.reserveEventIds(events.flatMap((e) => (e.eventId ? [e.eventId] : [])));
    const claim = options.idempotency ? await this.claim(options.idempotency, streamId, ids) : null;

    let written: KurrentAppendResult;
    try {
      written = await this.write(streamId, data, streamState);
    } catch (error) {
      if (claim) await this.settleClaim(claim, RELEASED, {}).catch(() => undefined);
      if (error instanceof WrongExpectedVersionError) throw new ConcurrencyError(streamId, expected, actualVersionOf(error.actualState));
      throw error;
    }

    const recorded = await this.readBack(streamId, written.nextExpectedRevision, ids);
    const first = recorded[0]!;
    const last = recorded[recorded.length - 1]!;
    // A lost Recorded is not lost work: readers complete a pending claim from the events.
    if (claim)
      await this.settleClaim(claim, RECORDED, { firstPosition: first.position, lastPosition: last.position }).catch(() => undefined);
    this.wake.notify(last.position);
    return appendResultOf(streamId, recorded);
  }

  /** appendToStream, with a refused expectation always an error (the client can be told to return it). */
  private async write(streamId: string, events: EventData[], streamState: AppendStreamState): Promise<KurrentAppendResult> {
    const result = await this.client.appendToStream(streamId, events, { streamState, requiresLeader: true });
    if (result.success) return result;
    throw new WrongExpectedVersionError(undefined, {
      streamName: streamId,
      expected: streamState,
      current: result.nextExpectedRevision < 0n ? NO_STREAM : result.nextExpectedRevision,
    });
  }

  /**
   * Event ids are unique in the ledger, but KurrentDB only detects a repeated id within one stream
   * (as a retried write). An id the caller chose is therefore reserved first, in a stream of its
   * own; the ids the adapter mints are random UUIDs and need no reservation. A reservation stays
   * even if the append then fails.
   */
  private async reserveEventIds(eventIds: readonly string[]): Promise<void> {
    for (const eventId of eventIds) {
      try {
        await this.write(eventIdStreamId(eventId), [jsonEvent({ type: 'EventIdReserved', data: { eventId } })], NO_STREAM);
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) throw new Error(`Event id ${eventId} is already in the log.`, { cause: error });
        throw error;
      }
    }
  }

  /** The events just written, as the server recorded them (its `created` is the recorded time). */
  private async readBack(streamId: string, lastRevision: bigint, ids: readonly string[]): Promise<RecordedEvent[]> {
    const fromRevision = lastRevision - BigInt(ids.length - 1);
    const events = await this.collect(this.client.readStream(streamId, { fromRevision, maxCount: ids.length, requiresLeader: true }));
    if (events.length !== ids.length || events.some((e, i) => e.eventId !== ids[i])) {
      throw new Error(`KurrentDB acknowledged an append to ${streamId} whose events are not at revisions ${fromRevision}–${lastRevision}.`);
    }
    return events;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction === 'backwards' ? BACKWARDS : FORWARDS;
    const fromRevision = readRevisionOf(options);
    const keep = timeFilter(options);
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    // No server-side time bound exists: a bounded read reads on and keeps what is in bounds.
    const read = this.client.readStream(streamId, {
      direction,
      fromRevision,
      maxCount: keep ? Number.MAX_SAFE_INTEGER : maxCount,
      requiresLeader: true,
    });
    try {
      return await this.collect(read, keep ?? undefined, maxCount);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  aggregateStream<S, E extends DomainEvent>(streamId: string, options: AggregateStreamOptions<S, E>): Promise<AggregatedStream<S>> {
    return foldStream(this, streamId, options);
  }

  private async collect(
    read: AsyncIterable<ResolvedEvent>,
    keep?: (event: RecordedEvent) => boolean,
    maxCount = Number.MAX_SAFE_INTEGER,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    for await (const resolved of read) {
      if (!resolved.event) continue;
      const event = toRecordedEvent(resolved.event);
      if (keep && !keep(event)) continue;
      events.push(event);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readPage(options)).events;
  }

  async readPage(options: ReadAllOptions = {}): Promise<LogPage> {
    const after = options.fromPosition ?? 0;
    const limit = options.limit ?? 500;
    const filtered = options.types !== undefined && options.types.length > 0;
    // Taken before the read: every event up to it is readable by then, so a short filtered page
    // holds every match up to it and its reader may move there.
    const horizon = filtered ? await this.headPosition() : 0;
    const entries = await this.readLog(after, limit, options.types);
    const last = entries[entries.length - 1]?.position ?? after;
    return {
      events: entries.flatMap((e) => (e.event ? [e.event] : [])),
      nextPosition: entries.length === limit ? last : Math.max(last, horizon),
    };
  }

  /** Up to `limit` $all entries after `after` that pass the server-side filter, in log order. */
  private async readLog(after: number, limit: number, types?: readonly string[]): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    if (limit <= 0) return entries;
    // One more than asked for, as the read includes the event at `after` itself.
    for await (const entry of this.logAfter(after, { maxCount: limit + 1, filter: ledgerFilter(types) })) {
      entries.push(entry);
      if (entries.length === limit) break;
    }
    return entries;
  }

  /**
   * $all after `after`. KurrentDB reads only from the start of a record; a number that is not one
   * (a reader's `fromPosition - 1`, a position typed by hand) is refused, and the read then starts
   * from the last event at or before it, found by reading back from the end.
   */
  private async *logAfter(after: number, options: LogReadOptions): AsyncGenerator<LogEntry> {
    let delivered = false;
    try {
      for await (const entry of this.logFrom(after, after, options)) {
        delivered = true;
        yield entry;
      }
      return;
    } catch (error) {
      if (delivered || !refusedPosition(error, after)) throw error;
    }
    yield* this.logFrom(await this.lastPositionAtOrBefore(after), after, options);
  }

  private async *logFrom(start: number, after: number, options: LogReadOptions): AsyncGenerator<LogEntry> {
    for await (const resolved of this.client.readAll({ ...options, fromPosition: logPosition(start), requiresLeader: true })) {
      const entry = toLogEntry(resolved);
      if (entry && entry.position > after) yield entry;
    }
  }

  /** Reads back from the end: its cost grows with the events after `position`. */
  private async lastPositionAtOrBefore(position: number): Promise<number> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, requiresLeader: true })) {
      const entry = toLogEntry(resolved);
      if (entry && entry.position <= position) return entry.position;
    }
    return 0;
  }

  waitForEvents(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.listen();
    return this.wake.waitAfter(position, timeoutMs, signal);
  }

  /**
   * One live subscription to the end of $all, started on the first wait, wakes every waiting
   * reader of this process when an event from any writer commits: KurrentDB's LISTEN/NOTIFY. If it
   * drops, readers fall back to the poll until it is back.
   */
  private listen(): void {
    if (this.live || this.closed) return;
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: ledgerFilter(undefined), requiresLeader: true });
    this.live = subscription;
    subscription.on('data', (resolved: ResolvedEvent) => {
      const position = resolved.event?.position;
      if (position) this.wake.notify(Number(position.prepare));
    });
    const restart = () => {
      if (this.live !== subscription) return;
      this.live = null;
      if (!this.closed) setTimeout(() => this.listen(), RESUBSCRIBE_MS).unref();
    };
    subscription.on('error', restart);
    subscription.on('close', restart);
  }

  /**
   * A KurrentDB catch-up subscription: it reads from `fromPosition` and turns live by itself, in
   * log order. A connection lost on the way is resubscribed from the last event delivered.
   */
  async *subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    const { signal } = options;
    let from = options.fromPosition ?? 0;
    while (!signal?.aborted) {
      const subscription = this.client.subscribeToAll(
        { fromPosition: logPosition(from), filter: ledgerFilter(options.types), requiresLeader: true },
        { highWaterMark: options.batchSize ?? 500 },
      );
      const stop = () => void subscription.unsubscribe().finally(() => subscription.destroy());
      signal?.addEventListener('abort', stop, { once: true });
      let delivered = false;
      try {
        for await (const resolved of subscription as AsyncIterable<ResolvedEvent>) {
          const entry = toLogEntry(resolved);
          if (!entry || entry.position <= from) continue;
          delivered = true;
          from = entry.position;
          if (!entry.event) continue;
          yield entry.event;
          if (signal?.aborted) return;
        }
      } catch (error) {
        if (signal?.aborted) return;
        if (!delivered && refusedPosition(error, from)) {
          from = await this.lastPositionAtOrBefore(from);
          continue;
        }
        if (!(error instanceof UnavailableError)) throw error;
        await this.wake.sleep(RESUBSCRIBE_MS, signal);
      } finally {
        signal?.removeEventListener('abort', stop);
        if (!subscription.destroyed) stop();
      }
    }
  }

  async headPosition(): Promise<number> {
    const read = this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: ledgerFilter(undefined),
      requiresLeader: true,
    });
    for await (const resolved of read) {
      const entry = toLogEntry(resolved);
      if (entry) return entry.position;
    }
    return 0;
  }

  /** KurrentDB makes an event readable when it commits, in log order: nothing is committed but hidden. */
  async committedHead(): Promise<number> {
    return this.headPosition();
  }

  /** As committedHead says: no append in flight holds a position back. */
  async appendLag(): Promise<AppendLag> {
    return { committedHead: await this.headPosition(), oldestInFlightSeconds: 0 };
  }

  async findIdempotencyClaim(actor: string, key: string): Promise<IdempotentReplay | null> {
    const streamId = claimStreamId(actor, key);
    const deadline = Date.now() + this.pendingClaimMs;
    for (;;) {
      const state = await this.readClaim(streamId);
      if (state.status === 'free') return null;
      if (state.status === 'recorded') return replayOf(state.claim, state.recorded);
      const recorded = await this.findClaimedEvents(state.claim);
      if (recorded) {
        await this.settleClaim({ streamId, revision: state.revision }, RECORDED, recorded).catch(() => undefined);
        return replayOf(state.claim, recorded);
      }
      if (Date.now() >= deadline) {
        // The claimant died before writing, or is still writing after all this time: free the key.
        try {
          await this.settleClaim({ streamId, revision: state.revision }, RELEASED, {});
          return null;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          continue; // the claimant settled it meanwhile: look again
        }
      }
      await this.wake.sleep(50);
    }
  }

  private async claim(
    claim: IdempotencyClaim,
    streamId: string,
    eventIds: readonly string[],
  ): Promise<{ streamId: string; revision: bigint }> {
    const claimStream = claimStreamId(claim.actor, claim.key);
    const state = await this.readClaim(claimStream);
    if (state.status !== 'free') throw new IdempotencyKeyUsed(claim.actor, claim.key);
    const data: ClaimedData = { actor: claim.actor, key: claim.key, requestHash: claim.requestHash, streamId, eventIds };
    try {
      const result = await this.write(claimStream, [jsonEvent({ type: CLAIMED, data: { ...data } })], state.expected);
      return { streamId: claimStream, revision: result.nextExpectedRevision };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw new IdempotencyKeyUsed(claim.actor, claim.key);
      throw error;
    }
  }

  private async settleClaim(
    claim: { streamId: string; revision: bigint },
    type: typeof RECORDED | typeof RELEASED,
    data: object,
  ): Promise<void> {
    await this.write(claim.streamId, [jsonEvent({ type, data: { ...data } })], claim.revision);
  }

  private async readClaim(streamId: string): Promise<ClaimState> {
    try {
      const events = [];
      for await (const resolved of this.client.readStream(streamId, { requiresLeader: true })) {
        if (resolved.event) events.push({ type: resolved.event.type, revision: resolved.event.revision, data: resolved.event.data });
      }
      return foldClaim(events);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return foldClaim([]);
      throw error;
    }
  }

  /** Where the claimed events are, if they were written; read from the newest, where they usually are. */
  private async findClaimedEvents(claim: ClaimedData): Promise<RecordedData | null> {
    const wanted = new Set(claim.eventIds);
    const found = await this.collect(
      this.client.readStream(claim.streamId, { direction: BACKWARDS, fromRevision: END, requiresLeader: true }),
      (e) => wanted.has(e.eventId),
      wanted.size,
    ).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    if (found.length < wanted.size) return null;
    const positions = found.map((e) => e.position);
    return { firstPosition: Math.min(...positions), lastPosition: Math.max(...positions) };
  }

  async readPositions(firstPosition: number, lastPosition: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const entry of this.logAfter(firstPosition - 1, { filter: ledgerFilter(undefined) })) {
      if (entry.position > lastPosition) break;
      if (entry.event) events.push(entry.event);
    }
    return events;
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.live;
    this.live = null;
    if (live) await live.unsubscribe().catch(() => undefined);
    this.wake.close();
    await this.client.dispose();
  }
}

function toLogEntry(resolved: ResolvedEvent): LogEntry | null {
  const event = resolved.event;
  if (!event) return null;
  return { position: positionOf(event.position), event: isLedgerStream(event.streamId) ? toRecordedEvent(event) : null };
}

/**
 * The client reports KurrentDB's InvalidPosition as an UnknownError. A read that fails so from a
 * position that is a record start fails the same way again from the located one, so nothing is
 * hidden by trying.
 */
function refusedPosition(error: unknown, position: number): boolean {
  return position > 0 && error instanceof UnknownError;
}

function replayOf(claim: ClaimedData, recorded: RecordedData): IdempotentReplay {
  return {
    requestHash: claim.requestHash,
    streamId: claim.streamId,
    firstPosition: recorded.firstPosition,
    lastPosition: recorded.lastPosition,
  };
}
