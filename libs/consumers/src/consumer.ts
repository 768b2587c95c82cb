import { Logger } from '@nestjs/common';
import type { EventStore, LogPage, RecordedEvent } from '@ledger/event-store';
import { errorMessage, fullJitter, isTransientDatabaseError, sleep, type RetryObserver } from '@ledger/platform';
import type { Checkpoints } from './checkpoints';
import { EventFailure, Paused, type ConsumerHandler, type Progress } from './handler';
import { LogTail } from './log-tail';
import type { PageReader } from './pages';

export type ConsumerState = 'catching-up' | 'live' | 'retrying' | 'paused' | 'failed' | 'stopped';

/** The last failure; while `retrying`, with how many attempts at that page have failed so far. */
export interface ConsumerError {
  readonly message: string;
  readonly position: number;
  readonly at: string;
  readonly attempts?: number;
}

/** What a consumer reports; its lag is the committed head, read when reported, minus `position`. */
export interface ConsumerStatus {
  readonly name: string;
  readonly position: number;
  readonly state: ConsumerState;
  readonly error: ConsumerError | null;
}

export interface ConsumerOptions {
  /** Told of every retry, so that retries are counted where operators look. */
  readonly onRetry?: RetryObserver;
  /** Bounds of the wait before a retry: the first at most `firstMs`, doubling up to `capMs` (full jitter). */
  readonly backoff?: { readonly firstMs: number; readonly capMs: number };
}

const PAGE_SIZE = 500;
const BACKOFF = { firstMs: 100, capMs: 30_000 };
/** How long a caught-up consumer waits for a wake-up before it reads again anyway. */
const IDLE_MS = 1000;

/**
 * Follows the log for one handler, from its checkpoint: catch-up a page at a time, then live,
 * woken by new events. Each page is handed to the handler and the checkpoint moved past it, in
 * the handler's transaction when it writes only to PostgreSQL (exactly once), else after it (at
 * least once). Projections, the process managers, webhooks, the NATS relay and the Merkle tree's
 * builder are its handlers (after Emmett's processors: one shape, one checkpoint each).
 *
 * Faults are handled here, once. One on the way to the database (connection lost, server
 * restarting, timeout: isTransientDatabaseError) or on the handler's own way out
 * (`isTransient`) is retried from the checkpoint with capped backoff, on a fresh read, for as
 * long as it takes, with the consumer `retrying` and the fault in its status. Any other error is
 * retried once the same way, since it may still have been caused by such a fault; only an event
 * that fails twice in a row with the same error, the second time on a connection that answered,
 * stops the consumer as `failed`, never stepping over the event. The failure is written beside
 * the checkpoint for the processes that only read the database, and cleared by the next start.
 */
export class Consumer {
  private readonly logger = new Logger('Consumer');
  private readonly pageSize: number;
  private position = 0;
  private state: ConsumerState = 'stopped';
  private error: ConsumerError | null = null;
  private waiters: Array<{ position: number; settle: (reached: boolean) => void }> = [];
  private loop: Promise<void> | null = null;
  private starting: Promise<void> | null = null;
  private halt = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: Checkpoints,
    private readonly handler: ConsumerHandler,
    private readonly options: ConsumerOptions = {},
  ) {
    this.pageSize = handler.pageSize ?? PAGE_SIZE;
  }

  get name(): string {
    return this.handler.name;
  }

  /** Whether it follows the log now: not stopped, paused or failed. */
  get running(): boolean {
    return this.loop !== null;
  }

  /** From the stored checkpoint; a consumer already running (or starting) is left as it is. */
  start(): Promise<void> {
    this.starting ??= this.begin().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Interrupts every wait (for events, before a retry, in the handler) and returns once the loop has ended. */
  async stop(): Promise<void> {
    this.halt.abort();
    await this.starting?.catch(() => undefined);
    await this.loop;
    if (this.state !== 'failed' && this.state !== 'paused') this.state = 'stopped';
  }

  status(): ConsumerStatus {
    return { name: this.name, position: this.position, state: this.state, error: this.error };
  }

  /** True once the consumer has handled `position`; false after `timeoutMs`, or when it has failed or paused before. */
  reached(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    if (this.state === 'failed' || this.state === 'paused') return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        position,
        settle: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async begin(): Promise<void> {
    if (this.loop) return;
    const halt = (this.halt = new AbortController());
    // Exactly where it was stored: what it had read past since without writing it down is read again.
    this.position = await this.checkpoints.resume(this.name);
    this.advance(this.position);
    if (halt.signal.aborted) return;
    this.state = 'catching-up';
    this.error = null;
    this.loop = this.drive(halt.signal).finally(() => {
      this.loop = null;
    });
  }

  private async drive(signal: AbortSignal): Promise<void> {
    let pages = this.pages();
    let attempts = 0;
    let lastFault: string | null = null;
    while (!signal.aborted) {
      try {
        const page = await pages.next(this.position);
        if (signal.aborted) return;
        if (page.events.length > 0) await this.handle(page, signal);
        else if (this.handler.recordSkipped && page.nextPosition > this.position) await this.checkpoints.save(this.name, page.nextPosition);
        const moved = page.nextPosition > this.position;
        this.advance(page.nextPosition);
        if (attempts > 0) this.logger.log({ msg: 'consumer recovered', consumer: this.name, position: this.position, attempts });
        attempts = 0;
        lastFault = null;
        this.error = null;
        if (this.state === 'retrying') this.state = 'catching-up';
        if (page.events.length < this.pageSize) this.state = 'live';
        if (!moved) await this.store.waitForEvents(this.position, IDLE_MS, signal);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof Paused) return this.pause(error);
        const position = error instanceof EventFailure ? error.position : this.position + 1;
        const cause = error instanceof EventFailure ? error.cause : error;
        const message = errorMessage(cause);
        const transient = this.isTransient(cause);
        const fault = `${position}:${message}`;
        if (!transient && lastFault === fault && (await this.checkpoints.answers())) {
          return this.fail({ message, position, at: new Date().toISOString() });
        }
        lastFault = transient ? null : fault;
        attempts += 1;
        this.options.onRetry?.(this.name, transient ? 'transient' : 'other');
        this.state = 'retrying';
        this.error = { message, position, at: new Date().toISOString(), attempts };
        const { firstMs, capMs } = this.options.backoff ?? BACKOFF;
        const retryInMs = fullJitter(attempts, firstMs, capMs);
        this.logger.warn({
          msg: 'consumer will retry',
          consumer: this.name,
          position,
          attempt: attempts,
          transient,
          retryInMs,
          error: message,
        });
        await sleep(retryInMs, signal);
        // A page read ahead on the connection that failed is not trusted: read it again.
        pages = this.pages();
      }
    }
  }

  /** Near the head, from the process's one reader of the log's tail (LogTail); behind it, read ahead on its own. */
  private pages(): PageReader {
    const types = this.handler.eventTypes;
    return LogTail.of(this.store).reader({ types: types && types.length > 0 ? types : undefined, pageSize: this.pageSize });
  }

  private isTransient(error: unknown): boolean {
    return isTransientDatabaseError(error) || (this.handler.isTransient?.(error) ?? false);
  }

  /**
   * A page, then its checkpoint. When the page fails without naming the event it failed on (a
   * projection's rows refused when written at the end of the page), it is handled again one
   * event at a time, as one page still, so that the event that fails is the one reported.
   */
  private async handle(page: LogPage, signal: AbortSignal): Promise<void> {
    try {
      await this.commit(page, signal, whole);
    } catch (error) {
      const named = error instanceof EventFailure || error instanceof Paused;
      if (signal.aborted || named || page.events.length === 1 || this.isTransient(error)) throw error;
      this.logger.warn({ msg: 'handling a page failed; handling it one event at a time', consumer: this.name, error: errorMessage(error) });
      await this.commit(page, signal, oneByOne);
    }
  }

  private async commit(page: LogPage, signal: AbortSignal, split: typeof whole): Promise<void> {
    const { handler } = this;
    if (handler.writes === 'in-transaction') {
      await handler.dataSource.transaction(async (manager) => {
        await split(page.events, (events) => handler.handle(events, manager));
        await this.checkpoints.save(this.name, page.nextPosition, manager);
      });
      return;
    }
    const progress: Progress = {
      signal,
      handledThrough: async (position) => {
        await this.checkpoints.save(this.name, position);
        this.advance(position);
      },
    };
    await split(page.events, (events) => handler.handle(events, progress));
    await this.checkpoints.save(this.name, page.nextPosition);
  }

  private pause(paused: Paused): void {
    this.state = 'paused';
    this.error = { message: paused.message, position: paused.position, at: new Date().toISOString() };
    this.logger.warn({ msg: 'consumer paused', consumer: this.name, position: paused.position, reason: paused.message });
    for (const waiter of this.waiters.splice(0)) waiter.settle(false);
  }

  private async fail(error: ConsumerError): Promise<void> {
    this.state = 'failed';
    this.error = error;
    this.logger.error({ msg: 'consumer stopped', consumer: this.name, position: error.position, error: error.message });
    for (const waiter of this.waiters.splice(0)) waiter.settle(false);
    try {
      await this.checkpoints.recordFailure(this.name, this.position, error);
    } catch (cause) {
      this.logger.error({ msg: 'could not record the consumer’s failure', consumer: this.name, error: errorMessage(cause) });
    }
  }

  private advance(position: number): void {
    this.position = Math.max(this.position, position);
    const still: Consumer['waiters'] = [];
    for (const waiter of this.waiters) {
      if (waiter.position <= this.position) waiter.settle(true);
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

type Handle = (events: readonly RecordedEvent[]) => Promise<void>;

function whole(events: readonly RecordedEvent[], handle: Handle): Promise<void> {
  return handle(events);
}

async function oneByOne(events: readonly RecordedEvent[], handle: Handle): Promise<void> {
  for (const event of events) {
    try {
      await handle([event]);
    } catch (error) {
      throw error instanceof EventFailure || error instanceof Paused ? error : new EventFailure(event.position, error);
    }
  }
}
