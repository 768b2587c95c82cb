import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventToAppend, type RecordedEvent } from '@ledger/event-store';
import { dataSourceFor } from '@ledger/platform';
import { EntitySchema, type DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { untilLogVisible } from '../../../test/support/visibility';
import { PageRows, READ_MODEL_ENTITIES, allProjections, type Projection, type Rows } from '.';
import { ProjectionObserver } from './projection-observer';
import { ProjectionRunner } from './projection-runner';

const officer = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
const USCCS = ['91330100716105852F', '914403001922038216'];

function registered(uscc: string, name: string): EventToAppend {
  return { type: 'EnterpriseRegistered', data: { uscc, name, province: '330000', address: null }, metadata: officer };
}

interface Tally {
  position: number;
  deliveries: number;
}
const TALLY = new EntitySchema<Tally>({
  name: 'tally',
  columns: {
    position: { type: 'bigint', primary: true, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } },
    deliveries: { type: 'integer' },
  },
});

/** Counts the deliveries of each event, so a duplicate shows as a count of 2. */
class TallyProjection implements Projection {
  readonly name: string = 'tally';
  readonly eventTypes: readonly string[] = ['Tallied'];
  readonly tables = ['tally'];
  failAt: number | null = null;

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const seen = await rows.find(TALLY, String(event.position));
    await rows.upsert(TALLY, { position: event.position, deliveries: (seen?.deliveries ?? 0) + 1 });
    if (event.position === this.failAt) throw new Error('the process died here');
  }
}

/** The same rows, for events of its own. */
class CountedProjection extends TallyProjection {
  override readonly name = 'counted';
  override readonly eventTypes = ['Counted'];
}

interface Note {
  position: number;
  note: string | null;
}
const NOTE = new EntitySchema<Note>({
  name: 'note',
  columns: {
    position: { type: 'bigint', primary: true, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } },
    note: { type: 'text', nullable: true },
  },
});

/** Writes a row the database refuses (NOT NULL) for one event: the failure surfaces only when the page is written. */
class NotesProjection implements Projection {
  readonly name = 'notes';
  readonly eventTypes = ['Noted'];
  readonly tables = ['note'];

  apply(event: RecordedEvent, rows: Rows): void {
    rows.insert(NOTE, { position: event.position, note: event.data.bad ? null : 'fine' });
  }
}

/** Applies events as a runner's page does: rows written when the page ends. */
async function applyPage(dataSource: DataSource, projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const rows = new PageRows(manager);
    for (const e of events)
      if (projection.eventTypes.length === 0 || projection.eventTypes.includes(e.type)) await projection.apply(e, rows);
    await rows.flush();
  });
}

describe('ProjectionRunner', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    test = await createTestDatabase('projection_runner');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: test.database.supportsListen ? test.url : null });
    dataSource = dataSourceFor(test.database, [...READ_MODEL_ENTITIES, TALLY, NOTE]);
    await dataSource.initialize();
    await dataSource.query('create table tally (position bigint primary key, deliveries integer not null)');
    await dataSource.query('create table note (position bigint primary key, note text not null)');
  });
  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await test?.drop();
  });

  async function snapshot(table: string, order: string): Promise<unknown[]> {
    return dataSource.query(`select * from ${table} order by ${order}`);
  }

  it('leaves the same rows when the same events are applied twice', async () => {
    for (const [i, uscc] of USCCS.entries()) await store.append(`enterprise-${uscc}`, 'no-stream', [registered(uscc, `企业${i}`)]);
    await untilLogVisible(store);
    const events = await store.readAll();
    for (const projection of allProjections({ creditTerms: { badYears: 3, dishonestYears: 5 } }))
      await applyPage(dataSource, projection, events);
    const once = [await snapshot('enterprises', 'uscc'), await snapshot('enterprise_history', 'uscc, position')];
    for (const projection of allProjections({ creditTerms: { badYears: 3, dishonestYears: 5 } }))
      await applyPage(dataSource, projection, events);
    expect([await snapshot('enterprises', 'uscc'), await snapshot('enterprise_history', 'uscc, position')]).toEqual(once);
    expect(once[0]).toHaveLength(2);
  });

  it('neither repeats nor loses an event when it dies in the middle of a batch and restarts', async () => {
    const stream = `tally-${randomUUID()}`;
    const written = await store.append(
      stream,
      'no-stream',
      Array.from({ length: 40 }, (_, i) => ({ type: 'Tallied', data: { i }, metadata: officer })),
    );
    const tally = new TallyProjection();
    tally.failAt = written.events[25]!.position;
    const first = new ProjectionRunner(store, dataSource, [tally]);
    await first.start();
    await waitUntil(() => first.status()[0]!.state === 'failed');
    expect(first.status()[0]!.error).toMatchObject({ message: 'the process died here', position: tally.failAt });
    // A process that only reads the database (an API replica) sees the failure too, and does not wait on it.
    const observer = new ProjectionObserver(store, dataSource, [tally]);
    await waitUntilAsync(async () => (await observer.status())[0]!.state === 'failed');
    expect((await observer.status())[0]!.error).toMatchObject({ message: 'the process died here', position: tally.failAt });
    const asked = Date.now();
    expect(await observer.waitFor(['tally'], written.position, 5_000)).toBe(false);
    expect(Date.now() - asked).toBeLessThan(1_000);
    await first.stop();
    // The batch that failed was rolled back with its checkpoint: nothing of it is in the table.
    expect(await dataSource.query('select count(*)::int as n from tally')).toEqual([{ n: 0 }]);

    tally.failAt = null;
    const second = new ProjectionRunner(store, dataSource, [tally]);
    await second.start();
    expect(await second.waitFor(['tally'], written.position, 10_000)).toBe(true);
    await second.stop();
    expect((await observer.status())[0]).toMatchObject({ state: 'following', error: null });
    const rows: Array<{ position: string; deliveries: number }> = await dataSource.query(
      'select position, deliveries from tally order by position',
    );
    expect(rows.map((r) => Number(r.position))).toEqual(written.events.map((e) => e.position));
    expect(rows.every((r) => r.deliveries === 1)).toBe(true);
  });

  // The connection is killed from inside the page's transaction, which needs a server: PGlite has one connection.
  (process.env.DATABASE_URL ? it : it.skip)(
    'loses its connection after writing a page’s rows, before its checkpoint, and after a restart has applied each event once',
    async () => {
      const written = await store.append(
        `counted-${randomUUID()}`,
        'no-stream',
        Array.from({ length: 40 }, (_, i) => ({ type: 'Counted', data: { i }, metadata: officer })),
      );
      const dieAt = written.events[25]!.position;
      // Fires as the page's rows are written, after the projection has applied every event and before the checkpoint; once (a sequence is not rolled back).
      await dataSource.query(`create sequence counted_deaths`);
      await dataSource.query(`
      create function die_after_writing() returns trigger language plpgsql as $$
      begin
        if new.position = ${dieAt} and nextval('counted_deaths') = 1 then perform pg_terminate_backend(pg_backend_pid()); end if;
        return new;
      end $$`);
      await dataSource.query(`create trigger die_after_writing after insert on tally for each row execute function die_after_writing()`);
      try {
        const first = new ProjectionRunner(store, dataSource, [new CountedProjection()]);
        await first.start();
        await waitUntilAsync(async () => (await dataSource.query(`select is_called from counted_deaths`))[0].is_called === true);
        await first.stop();

        const restarted = new ProjectionRunner(store, dataSource, [new CountedProjection()]);
        await restarted.start();
        expect(await restarted.waitFor(['counted'], written.position, 10_000)).toBe(true);
        await restarted.stop();
        const rows: Array<{ position: string; deliveries: number }> = await dataSource.query(
          'select position, deliveries from tally where position >= $1 order by position',
          [written.events[0]!.position],
        );
        expect(rows.map((r) => Number(r.position))).toEqual(written.events.map((e) => e.position));
        expect(rows.every((r) => r.deliveries === 1)).toBe(true);
      } finally {
        await dataSource.query(`drop trigger die_after_writing on tally`);
      }
    },
  );

  it('names the event whose rows the database refuses, though the page is written at once', async () => {
    const written = await store.append(
      `notes-${randomUUID()}`,
      'no-stream',
      Array.from({ length: 20 }, (_, i) => ({ type: 'Noted', data: { bad: i === 13 }, metadata: officer })),
    );
    const runner = new ProjectionRunner(store, dataSource, [new NotesProjection()]);
    await runner.start();
    await waitUntil(() => runner.status()[0]!.state === 'failed');
    expect(runner.status()[0]!.error).toMatchObject({
      position: written.events[13]!.position,
      message: expect.stringContaining('not-null'),
    });
    await runner.stop();
    expect(await dataSource.query('select count(*)::int as n from note')).toEqual([{ n: 0 }]);
  });

  it('rebuilds into fresh tables that equal the live ones, and swaps them in while serving', async () => {
    const runner = new ProjectionRunner(store, dataSource, allProjections({ creditTerms: { badYears: 3, dishonestYears: 5 } }));
    await runner.start();
    const more = await store.append('enterprise-92110000MA00000000', 'any', [registered('911101080000000009', '北京某某')]);
    expect(await runner.waitFor(runner.names(), more.position, 10_000)).toBe(true);
    const live = [
      await snapshot('enterprises', 'uscc'),
      await snapshot('enterprise_history', 'uscc, position'),
      await snapshot('stream_owners', 'stream_id'),
    ];

    const schema = () =>
      dataSource.query(
        `select tablename, indexname, indexdef, (select array_agg(conname order by conname) from pg_constraint where conrelid = ('read.' || tablename)::regclass) as constraints
           from pg_indexes where schemaname = 'read' and tablename in ('enterprises', 'enterprise_history', 'stream_owners') order by indexname`,
      );
    const before = await schema();

    await runner.rebuild('enterprises');
    await runner.rebuild('enterprise-history');
    const rebuilt = [
      await snapshot('enterprises', 'uscc'),
      await snapshot('enterprise_history', 'uscc, position'),
      await snapshot('stream_owners', 'stream_id'),
    ];
    expect(rebuilt).toEqual(live);
    // Every index and constraint keeps its name, so later migrations still find them.
    expect(await schema()).toEqual(before);
    expect(before.map((i: { indexname: string }) => i.indexname)).toContain('enterprises_by_province');
    expect(runner.status().find((s) => s.name === 'enterprises')).toMatchObject({ position: expect.any(Number) });

    // The swapped-in tables keep being projected live.
    const after = await store.append('enterprise-914403001922038216-x', 'no-stream', [registered('91440300MA5G00000X', '深圳又一家')]);
    expect(await runner.waitFor(['enterprises'], after.position, 10_000)).toBe(true);
    expect(await snapshot('enterprises', 'uscc')).toHaveLength(4);
    await runner.stop();
  });
});

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
