import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import type { Bounds, EventToAppend } from '.';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { PostgresStreamSnapshots } from './postgres/stream-snapshots';

const meta = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
type Tally = { values: number[] };
type Counted = { type: 'Counted'; data: { n: number } };
const evolve = (s: Tally, e: Counted): Tally => ({ values: [...s.values, e.data.n] });
const initialState = (): Tally => ({ values: [] });
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString();

describe('aggregateStream from snapshots', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let snapshots: PostgresStreamSnapshots;
  const reads: number[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('aggregate_stream_snapshots');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: null });
    snapshots = new PostgresStreamSnapshots(test.database.pool);
    const readStream = store.readStream.bind(store);
    store.readStream = (id, options) => {
      reads.push(options?.fromVersion ?? 1);
      return readStream(id, options);
    };
  });
  afterAll(async () => {
    await store?.close();
    await test?.drop();
  });

  const counted = (n: number, effective: number): EventToAppend => ({
    type: 'Counted',
    data: { n },
    metadata: meta,
    effectiveAt: day(effective),
  });
  const fold = (streamId: string, bounds: Bounds) =>
    store.aggregateStream(streamId, { initialState, evolve, bounds, snapshots: { store: snapshots, kind: 'tally' } });

  it('folds a long stream from its latest usable snapshot, and never from one that a late record invalidates', async () => {
    await store.append(
      'tally-1',
      'no-stream',
      Array.from({ length: 450 }, (_, i) => counted(i, i)),
    );
    const first = await fold('tally-1', {});
    expect(first.state.values).toHaveLength(450);
    expect(first.version).toBe(450);

    reads.length = 0;
    await store.append('tally-1', 450, [counted(450, 450)]);
    const second = await fold('tally-1', {});
    expect(reads).toEqual([451]);
    expect(second.state.values).toEqual(Array.from({ length: 451 }, (_, i) => i));
    expect(second.version).toBe(451);

    // In effect at day 500, as we know now: the snapshot's acts all took effect by then, in order.
    reads.length = 0;
    const validAt = await fold('tally-1', { validAt: day(500) });
    expect(reads).toEqual([451]);
    expect(validAt.state.values).toHaveLength(451);

    // A late record that took effect on day 10: the snapshot no longer describes valid time.
    await store.append('tally-1', 451, [counted(-1, 10)]);
    reads.length = 0;
    const corrected = await fold('tally-1', { validAt: day(20) });
    expect(reads).toEqual([1]);
    expect(corrected.state.values).toEqual([
      ...Array.from({ length: 11 }, (_, i) => i),
      -1,
      ...Array.from({ length: 10 }, (_, i) => i + 11),
    ]);
    expect(corrected.version).toBe(452);
  });

  /** Appends `before` events, then `after` more recorded later; returns an instant between the two. */
  const recordedAround = async (streamId: string, before: number, after: number) => {
    await store.append(
      streamId,
      'no-stream',
      Array.from({ length: before }, (_, i) => counted(i, i)),
    );
    await new Promise((r) => setTimeout(r, 10));
    const asOf = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await store.append(
      streamId,
      before,
      Array.from({ length: after }, (_, i) => counted(before + i, before + i)),
    );
    return asOf;
  };

  it('uses no snapshot taken after the asked transaction time', async () => {
    const asOf = await recordedAround('tally-2', 10, 300);
    await fold('tally-2', {});
    const past = await fold('tally-2', { asOf });
    expect(past.state.values).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(past.version).toBe(10);
  });

  it('leaves snapshots along a long fold, so a read at an earlier instant starts near it too', async () => {
    const asOf = await recordedAround('tally-3', 650, 350);
    await fold('tally-3', {});

    reads.length = 0;
    const past = await fold('tally-3', { asOf });
    expect(reads).toEqual([601]);
    expect(past.state.values).toEqual(Array.from({ length: 650 }, (_, i) => i));
  });

  it('leaves no snapshot when asked for none', async () => {
    await store.append(
      'tally-4',
      'no-stream',
      Array.from({ length: 250 }, (_, i) => counted(i, i)),
    );
    const folded = await store.aggregateStream('tally-4', { initialState, evolve });
    expect(folded.state.values).toHaveLength(250);
    const { rows } = await test.database.pool.query(`select count(*)::int as n from stream_snapshots where stream_id = 'tally-4'`);
    expect(rows[0].n).toBe(0);
  });
});
