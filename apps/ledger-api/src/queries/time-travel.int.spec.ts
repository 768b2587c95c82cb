import { PostgresEventStore, type EventToAppend } from '@ledger/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { TimeTravel } from './time-travel';

const meta = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
type Tally = { values: number[] };
const evolve = (s: Tally, e: { type: string; data: { n: number } }): Tally => ({ values: [...s.values, e.data.n] });
const initial = (): Tally => ({ values: [] });
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString();

describe('TimeTravel snapshots', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let travel: TimeTravel;
  const reads: number[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('time_travel_snapshots');
    store = await PostgresEventStore.create(test.database.pool, { listenUrl: null });
    const readStream = store.readStream.bind(store);
    store.readStream = (id, options) => {
      reads.push(options?.fromVersion ?? 1);
      return readStream(id, options);
    };
    travel = new TimeTravel(store, test.database);
  });
  afterAll(async () => {
    await store?.close();
    await test?.drop();
  });

  const counted = (n: number, effective: number): EventToAppend => ({ type: 'Counted', data: { n }, metadata: meta, effectiveAt: day(effective) });

  it('folds a long stream from its latest usable snapshot, and never from one that a late record invalidates', async () => {
    await store.append('tally-1', 'no-stream', Array.from({ length: 450 }, (_, i) => counted(i, i)));
    const first = await travel.fold('tally-1', 'tally', initial, evolve, {});
    expect(first.state.values).toHaveLength(450);

    reads.length = 0;
    await store.append('tally-1', 450, [counted(450, 450)]);
    const second = await travel.fold('tally-1', 'tally', initial, evolve, {});
    expect(reads).toEqual([451]);
    expect(second.state.values).toEqual(Array.from({ length: 451 }, (_, i) => i));

    // In effect at day 500, as we know now: the snapshot's acts all took effect by then, in order.
    reads.length = 0;
    const validAt = await travel.fold('tally-1', 'tally', initial, evolve, { validAt: day(500) });
    expect(reads).toEqual([451]);
    expect(validAt.state.values).toHaveLength(451);

    // A late record that took effect on day 10: the snapshot no longer describes valid time.
    await store.append('tally-1', 451, [counted(-1, 10)]);
    reads.length = 0;
    const corrected = await travel.fold('tally-1', 'tally', initial, evolve, { validAt: day(20) });
    expect(reads).toEqual([1]);
    expect(corrected.state.values).toEqual([...Array.from({ length: 11 }, (_, i) => i), -1, ...Array.from({ length: 10 }, (_, i) => i + 11)]);
  });

  it('uses no snapshot taken after the asked transaction time', async () => {
    await store.append('tally-2', 'no-stream', Array.from({ length: 10 }, (_, i) => counted(i, i)));
    await new Promise((r) => setTimeout(r, 10));
    const asOf = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await store.append('tally-2', 10, Array.from({ length: 300 }, (_, i) => counted(10 + i, 10 + i)));
    await travel.fold('tally-2', 'tally', initial, evolve, {});
    const past = await travel.fold('tally-2', 'tally', initial, evolve, { asOf });
    expect(past.state.values).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('leaves snapshots along a long fold, so a read at an earlier instant starts near it too', async () => {
    await store.append('tally-3', 'no-stream', Array.from({ length: 650 }, (_, i) => counted(i, i)));
    await new Promise((r) => setTimeout(r, 10));
    const asOf = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await store.append('tally-3', 650, Array.from({ length: 350 }, (_, i) => counted(650 + i, 650 + i)));
    await travel.fold('tally-3', 'tally', initial, evolve, {});

    reads.length = 0;
    const past = await travel.fold('tally-3', 'tally', initial, evolve, { asOf });
    expect(reads).toEqual([601]);
    expect(past.state.values).toEqual(Array.from({ length: 650 }, (_, i) => i));
  });
});
