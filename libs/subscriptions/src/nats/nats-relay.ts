import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Consumer, type Checkpoints } from '@ledger/consumers';
import { toEventJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import type { RetryObserver } from '@ledger/platform';
import { subjectOf } from './subjects';

/**
 * What the relay uses of a connection. The client's own type lives behind a package `exports`
 * subpath that our `node` module resolution cannot see (it would silently be `any`).
 */
interface NatsConnection {
  isClosed(): boolean;
  close(): Promise<void>;
}

export interface NatsRelayOptions {
  readonly url: string;
  /** The JetStream stream, created with subjects `<subjectPrefix>.>` when it does not exist. */
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly batchSize?: number;
  /**
   * Called after each acknowledged publish, before the batch's checkpoint is written. A test
   * throws from it to crash the relay in the middle of a batch; nothing else should need it.
   */
  readonly afterPublish?: (event: RecordedEvent) => void | Promise<void>;
}

/**
 * The server drops a second message with the same Nats-Msg-Id inside this window. A restarted
 * relay repeats at most one unacknowledged batch, so the window has to span a crash and the
 * restart after it; an hour covers that for a process supervisor's restarts, at the cost of
 * one remembered id per event of the last hour. (After a longer outage that batch can appear
 * twice; consumers can still drop it by eventId.) An existing stream is left as its operator
 * configured it.
 */
const DUPLICATE_WINDOW_MS = 60 * 60_000;
const NANOS_PER_MS = 1_000_000;

/** What went wrong on the way to NATS: it passes when the server is back, so the relay retries it like a lost database connection. */
class NatsUnreachable extends Error {
  constructor(override readonly cause: unknown) {
    super(`NATS: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NatsUnreachable';
  }
}

/**
 * Publishes the log to NATS JetStream, in position order, from a checkpoint in PostgreSQL: an
 * at-least-once consumer of the log (libs/consumers), so a crash between a commit and a publish
 * loses nothing (no dual write). Each message's Nats-Msg-Id is its eventId; the checkpoint moves
 * only after every publish of a page has been acknowledged, so what a crash makes it publish
 * again is dropped by the server as a duplicate: exactly once in the stream. Publishes are
 * awaited one by one, so a retried message can never land after a later one.
 */
export class NatsRelay {
  private readonly logger = new Logger('NatsRelay');
  private readonly consumer: Consumer;
  private connection: NatsConnection | null = null;

  /** The name of the relay's checkpoint, which the lag metric reads. */
  static checkpointName(stream: string): string {
    return `nats:${stream}`;
  }

  constructor(
    store: EventStore,
    checkpoints: Checkpoints,
    private readonly options: NatsRelayOptions,
    onRetry?: RetryObserver,
  ) {
    this.consumer = new Consumer(
      store,
      checkpoints,
      {
        name: NatsRelay.checkpointName(options.stream),
        pageSize: options.batchSize ?? 500,
        writes: 'at-least-once',
        isTransient: (error) => error instanceof NatsUnreachable,
        handle: (events, { signal }) => this.publish(events, signal),
      },
      { onRetry },
    );
  }

  async start(): Promise<void> {
    await this.consumer.start();
    this.logger.log({ msg: 'nats relay running', stream: this.options.stream, position: this.consumer.status().position });
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.connection?.close();
    this.connection = null;
  }

  private async publish(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    const js = await this.open();
    for (const event of events) {
      signal.throwIfAborted();
      try {
        await js.publish(subjectOf(this.options.subjectPrefix, event), JSON.stringify(toEventJson(event)), { msgID: event.eventId });
      } catch (error) {
        throw new NatsUnreachable(error);
      }
      await this.options.afterPublish?.(event);
    }
  }

  /** Connects (the client then reconnects by itself) and makes sure the stream exists. */
  private async open(): Promise<JetStreamClient> {
    try {
      if (!this.connection || this.connection.isClosed()) {
        this.connection = await connect({ servers: this.options.url, name: 'call-centre-ledger-relay', maxReconnectAttempts: -1 });
      }
      const jsm = await jetstreamManager(this.connection);
      try {
        await jsm.streams.info(this.options.stream);
      } catch (error) {
        if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
        await jsm.streams.add({
          name: this.options.stream,
          subjects: [`${this.options.subjectPrefix}.>`],
          duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
        });
        this.logger.log({ msg: 'nats stream created', stream: this.options.stream, subjects: `${this.options.subjectPrefix}.>` });
      }
      return jetstream(this.connection);
    } catch (error) {
      throw new NatsUnreachable(error);
    }
  }
}
