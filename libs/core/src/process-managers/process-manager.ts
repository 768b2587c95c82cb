import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Checkpoints, Consumer } from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProblemException } from '@ledger/platform';
import type { LeaderWork, LedgerRuntime } from '@ledger/runtime';
import type { ReadModels } from '../queries/read-models';

/**
 * A process manager: a handler of the one consumer (libs/consumers) that follows the log from its
 * checkpoint, at least once, and runs only in the process holding the leader lease, like the
 * projections. Its follow-ups are commands with idempotency keys, so a page handled twice is harmless.
 */
export abstract class ProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown, LeaderWork {
  private readonly consumer: Consumer;

  protected constructor(
    store: EventStore,
    readModels: ReadModels,
    private readonly runtime: LedgerRuntime,
    following: { readonly name: string; readonly eventTypes: readonly string[]; readonly pageSize: number },
  ) {
    this.consumer = new Consumer(
      store,
      new Checkpoints(readModels.dataSource),
      {
        ...following,
        writes: 'at-least-once',
        // The facts a follow-up reads wait for read models that are catching up; they will.
        isTransient: (error) => error instanceof ProblemException && error.code === 'PROJECTION_BEHIND',
        handle: (events, { signal }) => this.handle(events, signal),
      },
      { onRetry: runtime.metrics.countRetry },
    );
  }

  /** A page of the events followed, in log order; stopped, it leaves the rest to the next run. */
  protected abstract handle(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.registerLeaderWork(this);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.unregisterLeaderWork(this);
  }

  async start(): Promise<void> {
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }
}
