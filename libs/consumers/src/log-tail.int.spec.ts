import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventStore, type EventToAppend, type LogPage, type ReadAllOptions } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { until } from '../../../test/support/until';
import { untilLogVisible } from '../../../test/support/visibility';
import { Checkpoints } from './checkpoints';
import { Consumer } from './consumer';
import type { AtLeastOnceHandler } from './handler';
import { LogTail } from './log-tail';

const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };

/** The real store, with every `readPage` asked of it written down, and one that can be held or failed. */
interface CountedStore {
  readonly store: EventStore;
  readonly reads: ReadAllOptions[];
  /** The next read waits for `release`, then fails with `error` (or reads, without one). */
  holdNext(): { release(error?: Error): void };
}

function counted(real: EventStore): CountedStore {
  const reads: ReadAllOptions[] = [];
  let held: Promise<Error | undefined> | null = null;
  const store = new Proxy(real, {
    get(target, key) {
      if (key === 'readPage') {
        return async (options: ReadAllOptions) => {
          reads.push(options);
          const gate = held;
          held = null;
          const error = gate ? await gate : undefined;
          if (error) throw error;
          return target.readPage(options);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store,
    reads,
    holdNext: () => {
      let release!: (error?: Error) => void;
      held = new Promise((resolve) => (release = resolve));
      return { release };
    },
  };
}

/** What a lost connection looks like to a reader (SQLSTATE admin_shutdown). */
function connectionLost(): Error {
  return Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
}

describe('LogTail', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let checkpoints: Checkpoints;
  const running: Consumer[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('log_tail');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    checkpoints = new Checkpoints(test.database.pool);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await store?.close();
    await test?.drop();
  });

  /** Types of the test's own, and `count` events cycling through them, each in a stream of its own. */
  async function appended(count: number, kinds = 3): Promise<string[]> {
    const tag = randomUUID().replace(/-/g, '').slice(0, 10);
    const types = Array.from({ length: kinds }, (_, k) => `Tailed${tag}${k}`);
    for (let i = 0; i < count; i++) {
      const event: EventToAppend = { type: types[i % kinds]!, data: { i }, metadata };
      await store.append(`tail-${randomUUID()}`, 'no-stream', [event]);
    }
    await untilLogVisible(store);
    return types;
  }

  async function expectPagesAsRead(tail: LogTail, from: number, types: readonly string[] | undefined, limit: number): Promise<LogPage> {
    const served = await tail.reader({ types, pageSize: limit }).next(from);
    expect(served).toEqual(await store.readPage({ fromPosition: from, types, limit }));
    return served;
  }

  it('reads a new page once for every consumer live at the head, not once for each', async () => {
    const types = await appended(6);
    const { store: counting, reads } = counted(store);
    const consumers = 10;
    const seen = new Map<string, number[]>();
    for (let c = 0; c < consumers; c++) {
      const name = `tail:${types[0]}:${c}`;
      seen.set(name, []);
      const handler: AtLeastOnceHandler = {
        name,
        // Unfiltered, one type, two types: each reader's page cut from the same reads.
        eventTypes: c % 3 === 0 ? undefined : c % 3 === 1 ? [types[0]!] : [types[1]!, types[2]!],
        pageSize: 10,
        writes: 'at-least-once',
        handle: async (events) => {
          seen.get(name)!.push(...events.filter((e) => types.includes(e.type)).map((e) => e.position));
        },
      };
      const consumer = new Consumer(counting, checkpoints, handler);
      running.push(consumer);
      void consumer.start();
    }
    const head = await store.headPosition();
    for (const consumer of running) expect(await consumer.reached(head, 10_000)).toBe(true);

    reads.length = 0;
    const appends = 5;
    const positions: number[] = [];
    for (let i = 0; i < appends; i++) {
      const { position } = await store.append(`tail-${randomUUID()}`, 'no-stream', [{ type: types[i % 3]!, data: { i }, metadata }]);
      positions.push(position);
      for (const consumer of running) expect(await consumer.reached(position, 10_000)).toBe(true);
    }

    // Without the tail each consumer reads at least once per append, twice when it finds an event.
    expect(reads.length).toBeLessThanOrEqual(2 * appends);
    expect(reads.length).toBeLessThan(consumers);
    // Every read is the tail's: all types, from the window's end; no consumer read on its own.
    expect(reads.every((read) => read.types === undefined && read.limit === 500)).toBe(true);
    const handledLast = [...seen].map(([name, positionsSeen]) => [name, positionsSeen.filter((p) => positions.includes(p))]);
    expect(handledLast).toEqual(
      [...seen.keys()].map((name, c) => [name, positions.filter((_, i) => c % 3 === 0 || (c % 3 === 1 ? i % 3 === 0 : i % 3 !== 0))]),
    );
  });

  it('wakes every follower at the head with one read of the tail, each with its own pages', async () => {
    const types = await appended(3);
    const { store: counting, reads } = counted(store);
    const tail = new LogTail(counting);
    const head = await store.headPosition();
    const halt = new AbortController();
    const followers = Array.from({ length: 20 }, (_, f) => ({ types: f % 2 === 0 ? undefined : [types[0]!], seen: [] as number[] }));
    const following = followers.map(async (follower) => {
      for await (const page of tail.follow({ fromPosition: head, types: follower.types, batchSize: 2, signal: halt.signal })) {
        follower.seen.push(...page.filter((e) => types.includes(e.type)).map((e) => e.position));
      }
    });
    const positions: number[] = [];
    for (let i = 0; i < 6; i++) {
      positions.push((await store.append(`tail-${randomUUID()}`, 'no-stream', [{ type: types[i % 3]!, data: { i }, metadata }])).position);
    }
    await until('every follower served', () => followers.every((f) => f.seen.length === (f.types ? 2 : 6)));
    halt.abort();
    await Promise.all(following);
    expect(followers.map((f) => f.seen)).toEqual(followers.map((f) => (f.types ? positions.filter((_, i) => i % 3 === 0) : positions)));
    expect(reads.length).toBeLessThanOrEqual(2 * positions.length + 2);
    expect(reads.every((read) => read.types === undefined && read.limit === 500)).toBe(true);
  });

  it('serves each reader the page readPage gives for the same request, filtered or not, in the window or behind it', async () => {
    const types = await appended(40);
    const { store: counting, reads } = counted(store);
    const tail = new LogTail(counting, { readSize: 7, capacity: 20 });
    const head = await store.headPosition();
    const tailed = (await store.readAll({ types, limit: 1000 })).map((e) => e.position);

    // A reader 25 events from the head takes the window there, and past what it keeps, so reads its own page.
    await expectPagesAsRead(tail, tailed[15]!, undefined, 100);
    // One 10 from the head takes it to the head, keeping the last 20 events.
    await expectPagesAsRead(tail, tailed[30]!, undefined, 100);
    const windowed = reads.length;
    expect(reads).toContainEqual({ fromPosition: tailed[15], limit: 100, types: undefined });

    // Inside the window: served from memory, with no read.
    const inside = tailed.slice(-18, -1);
    for (const from of inside) {
      for (const filter of [undefined, [types[0]!], [types[1]!, types[2]!], ['NoSuchType']]) {
        for (const limit of [1, 3, 5, 50]) await expectPagesAsRead(tail, from, filter, limit);
      }
    }
    // A page exactly as long as the matches up to the head ends at its last event, as readPage's does.
    const ofSecond = (await store.readAll({ fromPosition: inside[0]!, types: [types[1]!], limit: 1000 })).length;
    expect((await expectPagesAsRead(tail, inside[0]!, [types[1]!], ofSecond)).nextPosition).toBe(tailed.at(-3));
    expect(reads.length).toBe(windowed);

    // Behind the window: the reader's own reads, the same pages.
    await expectPagesAsRead(tail, tailed[0]!, [types[0]!], 5);
    await expectPagesAsRead(tail, 0, undefined, 10);
    expect(reads.length).toBeGreaterThan(windowed);

    // A reader left behind as the window moves on reads its own page from where it is.
    const left = tail.reader({ types: [types[1]!], pageSize: 3 });
    const first = await expectPagesAsRead(tail, inside[0]!, [types[1]!], 3);
    expect(await left.next(inside[0]!)).toEqual(first);
    const more = await appended(30);
    const newHead = await store.headPosition();
    const following = reads.length;
    for (let at = head; at < newHead;) at = (await tail.reader({ pageSize: 7 }).next(at)).nextPosition;
    expect(reads.slice(following).every((read) => read.types === undefined && read.limit === 7)).toBe(true);
    const movedOn = reads.length;
    expect(await left.next(first.nextPosition)).toEqual(
      await store.readPage({ fromPosition: first.nextPosition, types: [types[1]!], limit: 3 }),
    );
    expect(reads.slice(movedOn)).toContainEqual({ fromPosition: first.nextPosition, limit: 3, types: [types[1]!] });
    const atHead = reads.length;
    await expectPagesAsRead(tail, newHead - 5, more, 100);
    expect(reads.length).toBe(atHead);
  });

  it('fails every reader waiting on a read that fails, keeps nothing of it, and reads afresh for the next', async () => {
    const types = await appended(10);
    const { store: counting, reads, holdNext } = counted(store);
    const tail = new LogTail(counting);
    const head = await store.headPosition();
    const from = head - 5;
    await expectPagesAsRead(tail, from, undefined, 100);

    // Readers at the head, told it is the head, ask again: one read for all, which fails.
    const readers = [undefined, [types[0]!], [types[1]!, types[2]!]].map((filter) => tail.reader({ types: filter, pageSize: 50 }));
    for (const reader of readers) expect((await reader.next(head)).nextPosition).toBe(head);
    const read = reads.length;
    const gate = holdNext();
    const waiting = readers.map((reader) => reader.next(head));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.length).toBe(read + 1);
    gate.release(connectionLost());
    for (const failed of await Promise.allSettled(waiting)) {
      expect(failed).toMatchObject({ status: 'rejected', reason: { code: '57P01' } });
    }

    // What the window held before the fault is not served after it: the next page is read.
    await appended(3);
    const after = reads.length;
    await expectPagesAsRead(tail, from, [types[0]!], 50);
    expect(reads.length).toBe(after + 1);
    expect(reads.at(-1)).toEqual({ fromPosition: from, limit: 500 });
    for (const reader of readers) {
      const page = await reader.next(head);
      expect(page.nextPosition).toBe(await store.headPosition());
    }
  });

  it('keeps a consumer whose shared read fails retrying until it reads again, nothing skipped', async () => {
    const types = await appended(12);
    const { store: counting, holdNext } = counted(store);
    const name = `tail:${types[0]}:retry`;
    const seen: number[] = [];
    const retries: string[] = [];
    const consumer = new Consumer(
      counting,
      checkpoints,
      {
        name,
        eventTypes: types,
        pageSize: 5,
        writes: 'at-least-once',
        handle: async (events) => {
          seen.push(...events.map((e) => e.position));
        },
      },
      { onRetry: (_, fault) => retries.push(fault), backoff: { firstMs: 10, capMs: 20 } },
    );
    running.push(consumer);
    const gate = holdNext();
    void consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.release(connectionLost());
    const expected = (await store.readAll({ types, limit: 1000 })).map((e) => e.position);
    expect(await consumer.reached(expected.at(-1)!, 10_000)).toBe(true);
    expect(retries).toEqual(['transient']);
    expect(seen).toEqual(expected);
  });
});
