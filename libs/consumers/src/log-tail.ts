import type { EventStore, LogPage, RecordedEvent } from '@ledger/event-store';
import { readAhead, type PageReader } from './pages';

export interface LogTailOptions {
  /** Events asked for by each read of the log's tail. */
  readonly readSize?: number;
  /** Events the window keeps at most: with the readers' own pages, all the tail can cost in memory. */
  readonly capacity?: number;
  /**
   * Followers woken at the head: how long more events may gather before the read that serves
   * them, so that a burst goes out to each as one page, in one write, not one write per event.
   */
  readonly gatherMs?: number;
}

export interface TailReading {
  /** The event types it reads; absent or empty, every event. */
  readonly types?: readonly string[];
  readonly pageSize: number;
}

/** What a reader following the tail, like `EventStore.subscribe`, is given. */
export interface TailFollowing {
  readonly fromPosition?: number;
  readonly types?: readonly string[];
  readonly batchSize: number;
  readonly signal: AbortSignal;
}

/** A follower waiting at the head for the window to pass `from`. */
interface Follower {
  readonly from: number;
  wake(): void;
}

/** One reader's page request, and the last read of the tail whose end it has been told is the end. */
interface Asker {
  readonly types: ReadonlySet<string> | null;
  readonly limit: number;
  told: number;
}

const READ_SIZE = 500;
const CAPACITY = 5_000;
const GATHER_MS = 10;
/** How long the tail waits for a wake-up for its followers before it reads again anyway (as a consumer does). */
const IDLE_MS = 1000;

const tails = new WeakMap<EventStore, LogTail>();

/**
 * The tail of the log, read once per process for every reader near it: the consumers
 * (projections, process managers, webhooks, the NATS relay, the Merkle tree's builder) and every
 * SSE connection. Were each to read the log itself after every append, one command would cost a
 * read per reader (some 45 for one HTTP command, and one more per feed client); here a new page
 * of the log is read once, by whichever reader first asks past what is held, and the others are
 * served from memory.
 *
 * The window holds every event, of every type, in (base, end], as read: pages of it are read
 * from its end, and each page read is gapless up to its end (a full page up to its last event,
 * a short one up to the horizon, below which nothing can appear any more: docs/architecture.md, "Why
 * readers never skip an event"). So a reader's page is cut from it exactly as `readPage` would
 * have read it at the time of the window's last read: the first `pageSize` matches after `from`,
 * and the same `nextPosition`. A reader behind the window (catching up) reads its own pages.
 *
 * A reader at the end is told "nothing more" from memory once per read of the tail, then waits
 * for the store's wake-up and asks again, which reads: the wake-up reports appends announced
 * since the window's read as well as those to come (WakeSignal.waitAfter), so nothing is missed
 * and a reader never waits on an answer older than its last. A reader made after a read is not
 * told by it: a consumer that retries gets a fresh read. A follower (`follow`, the feed) at the
 * end waits instead for the tail's one watch to read past it. A read that fails fails every reader
 * waiting for it, as their own read would have, and drops the window: nothing read before a
 * fault is served after it.
 *
 * One per store object (`LogTail.of`), so every consumer and feed connection of a process shares
 * the one of the process's store with no wiring through the modules that make them.
 */
export class LogTail {
  private readonly readSize: number;
  private readonly capacity: number;
  private readonly gatherMs: number;
  private events: RecordedEvent[] = [];
  private base = 0;
  private end = 0;
  private opened = false;
  /** Whether the window's last read came short of its size: it holds all readers could see then. */
  private atHead = false;
  /** The window's last read, numbered; readers count reads by it. */
  private windowRead = 0;
  private started = 0;
  private reading: Promise<void> | null = null;
  private readonly followers = new Set<Follower>();
  private watching: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    options: LogTailOptions = {},
  ) {
    this.readSize = options.readSize ?? READ_SIZE;
    this.capacity = Math.max(options.capacity ?? CAPACITY, this.readSize);
    this.gatherMs = options.gatherMs ?? GATHER_MS;
  }

  static of(store: EventStore): LogTail {
    let tail = tails.get(store);
    if (!tail) {
      tail = new LogTail(store);
      tails.set(store, tail);
    }
    return tail;
  }

  /** Pages as `readPage` gives them, from the window when `from` is in it, else from `behind` (read ahead, by default). */
  reader(reading: TailReading, behind: PageReader = readAhead(this.store, reading)): PageReader {
    const asker: Asker = {
      types: reading.types && reading.types.length > 0 ? new Set(reading.types) : null,
      limit: reading.pageSize,
      told: this.started,
    };
    return { next: async (from) => (await this.page(asker, from)) ?? behind.next(from) };
  }

  /**
   * Catch-up from `fromPosition`, then live, until the signal aborts: `EventStore.subscribe` over
   * the tail, a page at a time (never empty), so that a page can be sent on at once. At the head
   * a follower waits for the tail to read past it (`watch`), not for a wake-up and a timer of its
   * own: a hundred followers cost the tail one wait and one read.
   */
  async *follow(following: TailFollowing): AsyncIterable<readonly RecordedEvent[]> {
    const { types, batchSize, signal } = following;
    const pages = this.reader({ types, pageSize: batchSize }, plainPages(this.store, types, batchSize));
    let from = following.fromPosition ?? 0;
    while (!signal.aborted) {
      const page = await pages.next(from);
      if (signal.aborted) return;
      if (page.events.length > 0) yield page.events;
      const moved = page.nextPosition > from;
      from = page.nextPosition;
      if (!moved) await this.passed(from, signal);
    }
  }

  /** Resolves once the window has been read past `from`, a read has failed, or the signal aborts. */
  private passed(from: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const follower: Follower = {
        from,
        wake: () => {
          signal.removeEventListener('abort', follower.wake);
          this.followers.delete(follower);
          resolve();
        },
      };
      signal.addEventListener('abort', follower.wake, { once: true });
      this.followers.add(follower);
      this.watching ??= this.watch();
    });
  }

  /**
   * While followers wait at the head: the store's wake-up, a moment for more events to gather,
   * one read, and every follower it passed woken. A failed read wakes them all, to meet the
   * failure in their own next page.
   */
  private async watch(): Promise<void> {
    try {
      while (this.followers.size > 0) {
        await this.store.waitForEvents(this.end, IDLE_MS);
        if (this.gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
        const read =
          this.opened &&
          (await this.extend().then(
            () => true,
            () => false,
          ));
        for (const follower of [...this.followers]) if (!read || this.end > follower.from) follower.wake();
      }
    } finally {
      // In the same turn as the loop's last check: a follower that comes after it starts a watch again.
      this.watching = null;
    }
  }

  /** The page from the window, reading the tail when it must; null for a reader behind the window. */
  private async page(asker: Asker, from: number): Promise<LogPage | null> {
    for (;;) {
      if (!this.opened || from > this.end + this.readSize) {
        // Far ahead of the window (a checkpoint written by another process): start it again there.
        if (this.reading) {
          await this.reading.catch(() => undefined);
          continue;
        }
        this.open(from);
      }
      if (from < this.base) return null;
      const events = this.matches(asker, from);
      const last = events[events.length - 1]?.position ?? from;
      if (events.length === asker.limit) return { events, nextPosition: last };
      if (this.atHead) {
        const nextPosition = Math.max(last, this.end);
        if (nextPosition > from) return { events, nextPosition };
        if (asker.told < this.windowRead) {
          asker.told = this.windowRead;
          return { events, nextPosition };
        }
      }
      await this.extend();
    }
  }

  private open(from: number): void {
    this.events = [];
    this.base = from;
    this.end = from;
    this.atHead = false;
    this.opened = true;
  }

  /** Single-flight: a reader that asks while a read is under way waits for that one. */
  private extend(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const read = ++this.started;
    let page: LogPage;
    try {
      page = await this.store.readPage({ fromPosition: this.end, limit: this.readSize });
    } catch (error) {
      this.opened = false;
      this.events = [];
      throw error;
    }
    for (const event of page.events) this.events.push(event);
    this.end = Math.max(this.end, page.nextPosition);
    this.atHead = page.events.length < this.readSize;
    this.windowRead = read;
    const excess = this.events.length - this.capacity;
    if (excess > 0) this.base = this.events.splice(0, excess)[excess - 1]!.position;
  }

  /** The asker's first `limit` events after `from`. */
  private matches(asker: Asker, from: number): RecordedEvent[] {
    const { events } = this;
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (events[middle]!.position <= from) low = middle + 1;
      else high = middle;
    }
    const found: RecordedEvent[] = [];
    for (let i = low; i < events.length && found.length < asker.limit; i++) {
      const event = events[i]!;
      if (asker.types === null || asker.types.has(event.type)) found.push(event);
    }
    return found;
  }
}

/** One read at a time: a feed connection's memory is its page and its socket's buffer, nothing read ahead. */
function plainPages(store: EventStore, types: readonly string[] | undefined, limit: number): PageReader {
  return { next: (from) => store.readPage({ fromPosition: from, limit, types }) };
}
