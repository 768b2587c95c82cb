import type { DomainEvent } from '@ledger/regulation/shared';
import type { AggregatedStream, AggregateStreamOptions } from './aggregate-stream';
import type { EventSchemaRegistry } from './event-schema-registry';

/**
 * The EventStore port: the small surface every adapter (PostgreSQL, KurrentDB) offers and the
 * contract suite (libs/event-store/test/contract.ts) checks.
 */

/** `number` is the exact stream version expected (0 = the stream does not exist yet). */
export type ExpectedVersion = 'any' | 'no-stream' | 'exists' | number;

/** Who did it and on what authority; stored with every event (docs/http-contract.md, Conventions). */
export interface EventMetadata {
  readonly actor: string;
  readonly roles: readonly string[];
  readonly org?: string | null;
  readonly documentNo?: string | null; // 文号
  readonly legalBasis?: readonly string[];
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly idempotencyKey?: string | null;
  readonly [extra: string]: unknown;
}

export interface EventToAppend {
  readonly eventId?: string;
  readonly type: string;
  /** The shape `data` has (see EventSchemaRegistry). Absent: its type's current version. */
  readonly schemaVersion?: number;
  readonly data: object;
  readonly metadata: EventMetadata;
  /** Valid time. Defaults to the recorded time. */
  readonly effectiveAt?: string;
}

export interface RecordedEvent<Data = Record<string, unknown>> {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly effectiveAt: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface AppendedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly position: number;
  readonly version: number;
  readonly recordedAt: string;
  readonly effectiveAt: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  /** The global position of the last event written. */
  readonly position: number;
  readonly events: readonly AppendedEvent[];
}

/** What an append of `events` (recorded, in order, one stream) reports; also how a replayed claim is answered. */
export function appendResultOf(streamId: string, events: readonly RecordedEvent[]): AppendResult {
  const last = events[events.length - 1]!;
  return {
    streamId,
    version: last.version,
    position: last.position,
    events: events.map(({ eventId, type, position, version, recordedAt, effectiveAt }) => ({
      eventId,
      type,
      position,
      version,
      recordedAt,
      effectiveAt,
    })),
  };
}

export interface IdempotencyClaim {
  readonly actor: string;
  readonly key: string;
  readonly requestHash: string;
}

export interface AppendOptions {
  /** Recorded with the events in the same transaction; a repeat is reported, nothing is written. */
  readonly idempotency?: IdempotencyClaim;
  /**
   * Streams that must have events for the append to happen (RequiredStreamMissing otherwise,
   * nothing written): a fact that once true stays true, such as an enterprise being registered,
   * checked with the append instead of read before it. A stream, once written, always exists, so
   * a store that cannot check in the same transaction may check just before.
   */
  readonly requires?: readonly string[];
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Forwards: first version to read; backwards: last version to read. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
  /** Transaction-time bound: only events recorded at or before this instant. */
  readonly recordedAtOrBefore?: string;
  /** Valid-time bound: only events effective at or before this instant. */
  readonly effectiveAtOrBefore?: string;
}

export interface ReadAllOptions {
  /** Events with a position greater than this (docs/http-contract.md: `fromPosition`). */
  readonly fromPosition?: number;
  readonly limit?: number;
  readonly types?: readonly string[];
}

export interface SubscribeOptions extends Omit<ReadAllOptions, 'limit'> {
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export interface LogPage {
  readonly events: RecordedEvent[];
  /**
   * Where the next page starts (pass it as `fromPosition`). Past the last event returned when
   * the log beyond it held nothing matching the filter, so filtered readers keep up with the head.
   */
  readonly nextPosition: number;
}

/** What holds readers back from the committed log. */
export interface AppendLag {
  /** The highest position committed (committedHead). */
  readonly committedHead: number;
  /**
   * How long the oldest append still in flight has been running, in seconds; 0 when none is.
   * While it runs, readers cannot pass its position: events committed after it wait for it.
   */
  readonly oldestInFlightSeconds: number;
}

export interface IdempotentReplay {
  readonly requestHash: string;
  readonly streamId: string;
  readonly firstPosition: number;
  readonly lastPosition: number;
}

export interface EventStore {
  /** Reads this store's events as domain events: their types' current versions and upcasters. */
  readonly schemas: EventSchemaRegistry;
  append(streamId: string, expected: ExpectedVersion, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream folded into state, optionally within time-travel bounds and from snapshots (aggregate-stream.ts). */
  aggregateStream<S, E extends DomainEvent>(streamId: string, options: AggregateStreamOptions<S, E>): Promise<AggregatedStream<S>>;
  /** The global log in position order. Never returns an event while an earlier one may still commit. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** A page of the global log, and where a reader that has processed it may resume. */
  readPage(options?: ReadAllOptions): Promise<LogPage>;
  /** Resolves when events after `position` may have been committed, or after `timeoutMs`. */
  waitForEvents(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Catch-up from `fromPosition`, then live, in position order, until the signal aborts. */
  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** The highest position a reader can see now (0 for an empty log). */
  headPosition(): Promise<number>;
  /**
   * The highest position committed, even if readers cannot see it yet because an append that
   * took an earlier position is still running: what a decision must wait for to see every fact
   * recorded.
   */
  committedHead(): Promise<number>;
  /** For health and metrics: how far readers may be held back, and by how long an append. */
  appendLag(): Promise<AppendLag>;
  findIdempotencyClaim(actor: string, key: string): Promise<IdempotentReplay | null>;
  readPositions(firstPosition: number, lastPosition: number): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}
