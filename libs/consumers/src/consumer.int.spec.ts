import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventToAppend, type RecordedEvent } from '@ledger/event-store';
import { dataSourceFor } from '@ledger/platform';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { until } from '../../../test/support/until';
import { untilLogVisible } from '../../../test/support/visibility';
import { Checkpoints } from './checkpoints';
import { Consumer, type ConsumerOptions } from './consumer';
import { EventFailure, Paused, type AtLeastOnceHandler, type ConsumerHandler } from './handler';

const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };

/** What a lost connection looks like to the consumer (SQLSTATE admin_shutdown). */
function connectionLost(): Error {
  return Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
}

describe('Consumer', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let checkpoints: Checkpoints;
  const running: Consumer[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('consumer');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    dataSource = dataSourceFor(test.database);
    await dataSource.initialize();
    await dataSource.query(
      'create table read.tally (name text, position bigint, deliveries integer not null, primary key (name, position))',
    );
    checkpoints = new Checkpoints(test.database.pool);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });
  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await test?.drop();
  });

  /** `count` events of a type of their own, so that each test reads only its own. */
  async function appended(count: number): Promise<{ type: string; events: RecordedEvent[] }> {
    const type = `Probed${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const events: EventToAppend[] = Array.from({ length: count }, (_, i) => ({ type, data: { i }, metadata }));
    await store.append(`probe-${randomUUID()}`, 'no-stream', events);
    await untilLogVisible(store);
    return { type, events: await store.readAll({ types: [type], limit: 10_000 }) };
  }

  function started(handler: ConsumerHandler, options: ConsumerOptions = {}): Consumer {
    const consumer = new Consumer(store, checkpoints, handler, options);
    running.push(consumer);
    void consumer.start();
    return consumer;
  }

  /** An at-least-once handler that records what it is given; `before` may throw to fail an event. */
  function recorder(
    name: string,
    type: string,
    before: (event: RecordedEvent) => void = () => undefined,
  ): AtLeastOnceHandler & { seen: number[] } {
    const seen: number[] = [];
    return {
      name,
      eventTypes: [type],
      pageSize: 10,
      writes: 'at-least-once',
      seen,
      handle: async (events) => {
        for (const event of events) {
          before(event);
          seen.push(event.position);
        }
      },
    };
  }

  async function tally(name: string): Promise<Map<number, number>> {
    const rows: Array<{ position: string; deliveries: number }> = await dataSource.query(
      `select position, deliveries from read.tally where name = $1`,
      [name],
    );
    return new Map(rows.map((r) => [Number(r.position), r.deliveries]));
  }

  it('catches up a page at a time from its checkpoint, goes live and follows new events', async () => {
    const { type, events } = await appended(25);
    const name = `probe:${type}`;
    await checkpoints.save(name, events[4]!.position);
    const handler = recorder(name, type);
    const consumer = started(handler);
    expect(await consumer.reached(events[24]!.position, 10_000)).toBe(true);
    expect(handler.seen).toEqual(events.slice(5).map((e) => e.position));
    await until('live', () => consumer.status().state === 'live');

    const more = await store.append(`probe-${randomUUID()}`, 'no-stream', [{ type, data: {}, metadata }]);
    expect(await consumer.reached(more.position, 10_000)).toBe(true);
    expect(handler.seen.at(-1)).toBe(more.position);
    await until('the checkpoint', async () => (await checkpoints.load(name)) >= more.position);
    expect(consumer.status()).toMatchObject({ name, state: 'live', error: null });
  });

  it('retries a transient fault for as long as it lasts, visibly and counted, then goes on with nothing skipped', async () => {
    const { type, events } = await appended(12);
    let faults = 8;
    const handler = recorder(`probe:${type}`, type, (event) => {
      if (event.position === events[3]!.position && faults-- > 0) throw connectionLost();
    });
    const retries: string[] = [];
    const consumer = started(handler, {
      onRetry: (reader, fault) => retries.push(`${reader} ${fault}`),
      backoff: { firstMs: 20, capMs: 50 },
    });
    await until('retrying', () => (consumer.status().error?.attempts ?? 0) >= 3);
    expect(consumer.status()).toMatchObject({
      state: 'retrying',
      error: { message: 'terminating connection due to administrator command', attempts: expect.any(Number) },
    });
    expect(await consumer.reached(events[11]!.position, 10_000)).toBe(true);
    expect(retries).toEqual(Array.from({ length: 8 }, () => `probe:${type} transient`));
    expect(new Set(handler.seen)).toEqual(new Set(events.map((e) => e.position)));
    expect(consumer.status()).toMatchObject({ state: 'live', error: null });
  });

  it('stops at an event that fails the same way twice on a healthy connection, records it, and tries again when started again', async () => {
    const { type, events } = await appended(8);
    const name = `probe:${type}`;
    const poison = events[5]!.position;
    const handler = recorder(name, type, (event) => {
      if (event.position === poison) throw new EventFailure(poison, new Error('the event cannot be read'));
    });
    const retries: string[] = [];
    const consumer = started(handler, { onRetry: (_, fault) => retries.push(fault) });
    const waiting = consumer.reached(events[7]!.position, 10_000);
    await until('failed', () => consumer.status().state === 'failed');
    expect(await waiting).toBe(false);
    expect(consumer.status()).toMatchObject({ state: 'failed', error: { position: poison, message: 'the event cannot be read' } });
    expect(retries).toEqual(['other']);
    // Never stepped over: nothing after it was handled, and the page holding it was not checkpointed.
    expect(handler.seen).not.toContain(events[6]!.position);
    await until('the failure recorded', async () => (await checkpoints.read([name])).length > 0);
    expect(await checkpoints.read([name])).toEqual([
      { name, position: 0, failure: { position: poison, message: 'the event cannot be read', at: expect.any(String) } },
    ]);

    await consumer.stop();
    const again = started(recorder(name, type));
    expect(await again.reached(events[7]!.position, 10_000)).toBe(true);
    expect((await checkpoints.read([name]))[0]!.failure).toBeNull();
  });

  it('stops at once while waiting before a retry, and while waiting for events', async () => {
    const { type } = await appended(3);
    const failing = started(
      recorder(`probe:${type}`, type, () => {
        throw connectionLost();
      }),
      { backoff: { firstMs: 60_000, capMs: 60_000 } },
    );
    await until('retrying', () => failing.status().state === 'retrying');
    const asked = Date.now();
    await failing.stop();
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(failing.status().state).toBe('stopped');

    const idle = started(recorder(`probe:idle-${type}`, `${type}Idle`));
    await until('live', () => idle.status().state === 'live');
    const stopping = Date.now();
    await idle.stop();
    expect(Date.now() - stopping).toBeLessThan(500);
  });

  it('pauses where a handler says it cannot go on, keeping its checkpoint, without retrying', async () => {
    const { type, events } = await appended(4);
    const name = `probe:${type}`;
    const retries: string[] = [];
    const consumer = started(
      recorder(name, type, (event) => {
        if (event.position === events[2]!.position) throw new Paused(event.position, 'waits to be resumed');
      }),
      { onRetry: (_, fault) => retries.push(fault) },
    );
    await until('paused', () => consumer.status().state === 'paused');
    expect(consumer.running).toBe(false);
    expect(consumer.status().error).toMatchObject({ position: events[2]!.position, message: 'waits to be resumed' });
    expect(retries).toEqual([]);
    expect(await checkpoints.load(name)).toBe(0);
    expect(await consumer.reached(events[3]!.position, 1_000)).toBe(false);
  });

  // Killing its own connection from inside the transaction needs a server: PGlite has one connection.
  (process.env.DATABASE_URL ? it : it.skip)(
    'in a transaction, loses the connection between its writes and its checkpoint and, after a restart, has applied every event once',
    async () => {
      const { type, events } = await appended(30);
      const name = `probe:${type}`;
      const dieAt = events[15]!.position;
      let died = 0;
      const handler: ConsumerHandler = {
        name,
        eventTypes: [type],
        pageSize: 10,
        writes: 'in-transaction',
        dataSource,
        handle: async (page, manager) => {
          for (const event of page) {
            await manager.query(
              `insert into read.tally (name, position, deliveries) values ($1, $2, 1) on conflict (name, position) do update set deliveries = read.tally.deliveries + 1`,
              [name, event.position],
            );
          }
          // The page's rows are written; the process's connection dies before the checkpoint and the commit.
          if (page.some((e) => e.position === dieAt) && died++ === 0) await manager.query('select pg_terminate_backend(pg_backend_pid())');
        },
      };
      const first = started(handler, { backoff: { firstMs: 60_000, capMs: 60_000 } });
      await until('the lost connection', () => first.status().state === 'retrying');
      await first.stop();
      const before = await tally(name);
      expect([...before.keys()].sort((a, b) => a - b)).toEqual(events.slice(0, 10).map((e) => e.position));
      expect(await checkpoints.load(name)).toBe(events[9]!.position);

      const restarted = started(handler);
      expect(await restarted.reached(events[29]!.position, 10_000)).toBe(true);
      const after = await tally(name);
      expect([...after.keys()].sort((a, b) => a - b)).toEqual(events.map((e) => e.position));
      expect([...after.values()].every((n) => n === 1)).toBe(true);
    },
  );

  it('at least once, stopped between a delivery and its checkpoint, delivers that event again after a restart and loses none', async () => {
    const { type, events } = await appended(30);
    const name = `probe:${type}`;
    const received = new Map<string, number>();
    const stopAt = events[14]!.position;
    let first: Consumer | null = null;
    const handler: AtLeastOnceHandler = {
      name,
      eventTypes: [type],
      pageSize: 10,
      writes: 'at-least-once',
      handle: async (page, progress) => {
        for (const event of page) {
          received.set(event.eventId, (received.get(event.eventId) ?? 0) + 1);
          // Delivered, not yet written down: the process is told to stop (SIGTERM) right here.
          if (event.position === stopAt && first?.running) void first.stop();
          progress.signal.throwIfAborted();
          await progress.handledThrough(event.position);
        }
      },
    };
    first = started(handler);
    await until('the stop', () => received.has(events[14]!.eventId) && !first!.running);
    expect(first.status().state).toBe('stopped');
    expect(await checkpoints.load(name)).toBe(events[13]!.position);

    const restarted = started(handler);
    expect(await restarted.reached(events[29]!.position, 10_000)).toBe(true);
    expect([...received.keys()].sort()).toEqual(events.map((e) => e.eventId).sort());
    const twice = [...received].filter(([, n]) => n > 1).map(([eventId]) => eventId);
    expect(twice).toEqual([events[14]!.eventId]);
  });
});
