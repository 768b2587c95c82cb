import type { RecordedEvent } from '@ledger/event-store';
import type { DataSource, EntityManager } from 'typeorm';

interface Reading {
  /** The checkpoint's name: one row per consumer, kept across restarts. */
  readonly name: string;
  /** The event types it reads; absent or empty, every event. */
  readonly eventTypes?: readonly string[];
  /** Events read at once (default 500); each page is handled, then checkpointed, as a whole. */
  readonly pageSize?: number;
  /**
   * Also store the position when a page held none of its events, so that the stored position
   * says how far it has read (a webhook shows it, and its lag is read from it). Otherwise such
   * pages are not written down: after a restart they are skipped again, and a projection saves a
   * write for every event appended that it does not read.
   */
  readonly recordSkipped?: boolean;
  /**
   * Faults on the handler's own way out, besides the database's, that pass by themselves (a
   * NATS server restarting, read models still catching up): retried for as long as they last,
   * never taken for an event that cannot be handled.
   */
  isTransient?(error: unknown): boolean;
}

/**
 * A handler that writes only to PostgreSQL: its writes and the checkpoint commit in one
 * transaction, so that a crash at any point neither applies an event twice nor loses one.
 */
export interface TransactionalHandler extends Reading {
  readonly writes: 'in-transaction';
  /** Where the transaction is opened. */
  readonly dataSource: DataSource;
  handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

/**
 * A handler that writes elsewhere (HTTP, NATS, the log through commands): the checkpoint is
 * written after it, so a crash between the two makes it handle those events again. It must make
 * that harmless (an idempotency key, a message id the server deduplicates, a receiver that
 * knows event ids).
 */
export interface AtLeastOnceHandler extends Reading {
  readonly writes: 'at-least-once';
  handle(events: readonly RecordedEvent[], progress: Progress): Promise<void>;
}

export type ConsumerHandler = TransactionalHandler | AtLeastOnceHandler;

export interface Progress {
  /**
   * Aborted when the consumer stops. A handler that gives up its page then throws
   * (`signal.throwIfAborted()`), and the page is not checkpointed; one that returns has finished
   * it, and it is.
   */
  readonly signal: AbortSignal;
  /** Everything up to `position` is done: stored at once, so a restart repeats less (a slow delivery one event at a time). */
  handledThrough(position: number): Promise<void>;
}

/** Thrown by a handler to name the event it failed on; the cause is what it met. */
export class EventFailure extends Error {
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`failed at position ${position}`);
    this.name = 'EventFailure';
  }
}

/**
 * Thrown by a handler that cannot go on until someone acts: a webhook whose retry budget is spent
 * waits to be resumed. The consumer stops at the event, `paused`, keeping its checkpoint, and
 * does not retry.
 */
export class Paused extends Error {
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'Paused';
  }
}
