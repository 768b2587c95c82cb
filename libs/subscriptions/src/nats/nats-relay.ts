import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { toEventJson, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { errorMessage, fullJitter, sleep } from '@ledger/platform';
import type { SubscriptionCheckpoints } from '../checkpoints';
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
const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes the log to NATS JetStream, in position order, from a checkpoint in PostgreSQL: it
 * reads the log like any other reader (readPage, waitForEvents), so a crash between a commit
 * and a publish loses nothing (no dual write). Each message's Nats-Msg-Id is its eventId; the
 * checkpoint moves only after every publish of a batch has been acknowledged, so what a crash
 * makes it publish again is dropped by the server as a duplicate: exactly once in the stream.
 * Publishes are awaited one by one, so a retried message can never land after a later one.
 */
export class NatsRelay {
  private readonly logger = new Logger('NatsRelay');
  private readonly halt = new AbortController();
  private readonly checkpointName: string;
  private loop: Promise<void> | null = null;
  private connection: NatsConnection | null = null;
  private position = 0;

  /** The name of the relay's row in subscription_checkpoints, which the lag metric reads. */
  static checkpointName(stream: string): string {
    return `nats:${stream}`;
  }
  private failures = 0;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: SubscriptionCheckpoints,
    private readonly options: NatsRelayOptions,
  ) {
    this.checkpointName = NatsRelay.checkpointName(options.stream);
  }

  start(): void {
    this.loop = this.run(this.halt.signal);
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await this.loop;
    await this.connection?.close();
    this.connection = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const js = await this.open();
        this.position = await this.checkpoints.load(this.checkpointName);
        this.logger.log({ msg: 'nats relay running', stream: this.options.stream, position: this.position });
        await this.relay(js, signal);
      } catch (error) {
        if (signal.aborted) return;
        this.failures += 1;
        const retryInMs = fullJitter(this.failures, 500, MAX_BACKOFF_MS);
        this.logger.error({ msg: 'nats relay failed; retrying from its checkpoint', stream: this.options.stream, position: this.position, retryInMs, error: errorMessage(error) });
        await sleep(retryInMs, signal);
      }
    }
  }

  /** Connects (the client then reconnects by itself) and makes sure the stream exists. */
  private async open(): Promise<JetStreamClient> {
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
  }

  private async relay(js: JetStreamClient, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const page = await this.store.readPage({ fromPosition: this.position, limit: this.options.batchSize ?? 500 });
      for (const event of page.events) {
        if (signal.aborted) return;
        await js.publish(subjectOf(this.options.subjectPrefix, event), JSON.stringify(toEventJson(event)), { msgID: event.eventId });
        await this.options.afterPublish?.(event);
      }
      if (page.nextPosition > this.position) {
        await this.checkpoints.save(this.checkpointName, page.nextPosition);
        this.position = page.nextPosition;
        this.failures = 0;
      } else {
        await this.store.waitForEvents(this.position, 1000, signal);
      }
    }
  }
}
