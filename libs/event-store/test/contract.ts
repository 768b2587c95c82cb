import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  EventSchemaRegistry,
  IdempotencyKeyUsed,
  RequiredStreamMissing,
  toEventJson,
  type AppendLag,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../src';

/**
 * What every EventStore adapter must do. An adapter's spec calls this with a factory; hooks that
 * need raw access to the adapter's storage are optional and their tests report as skipped.
 */
export interface ContractSubject {
  readonly store: EventStore;
  /** Runs SQL (or the adapter's equivalent) directly against the log's storage. */
  readonly rawStatement?: (statement: string) => Promise<unknown>;
  /**
   * Begins an append in a transaction that stays open until `commit` is called, so a test can
   * make writers commit out of position order. Needs a second connection.
   */
  readonly openAppend?: (streamId: string, event: EventToAppend) => Promise<{ commit(): Promise<void> }>;
  /**
   * Opens write transactions that are not appends, beside the log's storage and elsewhere on the
   * same server, and keeps them open until `end`: what an analyst's session or another
   * application sharing the server does. `stillOpen` asks each of them, on its own connection.
   */
  readonly holdUnrelatedWrites?: () => Promise<{ stillOpen(): Promise<boolean>; end(): Promise<void> }>;
  teardown(): Promise<void>;
}

const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  actor: 'officer-1',
  roles: ['officer'],
  org: null,
  documentNo: '工信部信管〔2020〕81号',
  legalBasis: ['电信条例'],
  correlationId: randomUUID(),
  causationId: null,
  ...extra,
});

/** An event as the ledger appends one: its metadata says who, under which document and basis. */
export const event = (type: string, data: object = {}, extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type,
  data,
  metadata: metadata(),
  ...extra,
});

const stream = () => `test-${randomUUID()}`;

/**
 * Readers see an event once every append that took an earlier position has finished, such as
 * one still committing when the test reads. So a test waits for visibility rather than assuming
 * it at once.
 */
async function visible(store: EventStore, position: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline) throw new Error(`position ${position} not visible after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function collect(iterable: AsyncIterable<RecordedEvent>, until: (seen: RecordedEvent[]) => boolean, timeoutMs: number) {
  const seen: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const e of iterable) {
    seen.push(e);
    if (until(seen) || Date.now() > deadline) break;
  }
  return seen;
}

/** The suite's own history of one event type: version 1 called the field `old`. */
const SCHEMAS = new EventSchemaRegistry({ Renamed: { version: 2, upcasters: { 1: ({ old, ...rest }) => ({ ...rest, current: old }) } } });

/** `makeSubject` builds the store with the suite's schemas. */
export function eventStoreContract(name: string, makeSubject: (schemas: EventSchemaRegistry) => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await makeSubject(SCHEMAS);
      store = subject.store;
    });
    afterAll(async () => subject?.teardown());

    it('appends a batch and reads it back with metadata, versions and both times', async () => {
      const id = stream();
      const result = await store.append(id, 'no-stream', [
        event('EnterpriseRegistered', { uscc: '91330100716105852F' }, { effectiveAt: '2020-06-01T00:00:00.000Z' }),
        event('SelfInspectionReported', { findings: ['none'] }),
      ]);
      expect(result.version).toBe(2);
      expect(result.events.map((e) => e.version)).toEqual([1, 2]);
      expect(result.position).toBe(result.events[1]!.position);
      expect(result.events[1]!.position).toBeGreaterThan(result.events[0]!.position);

      const read = await store.readStream(id);
      expect(read.map((e) => e.type)).toEqual(['EnterpriseRegistered', 'SelfInspectionReported']);
      expect(read[0]!.data).toEqual({ uscc: '91330100716105852F' });
      expect(read[0]!.metadata).toMatchObject({ actor: 'officer-1', roles: ['officer'], documentNo: '工信部信管〔2020〕81号' });
      expect(read[0]!.effectiveAt).toBe('2020-06-01T00:00:00.000Z');
      expect(read[1]!.effectiveAt).toBe(read[1]!.recordedAt);
      expect(Date.parse(read[0]!.recordedAt)).toBeGreaterThan(Date.parse('2024-01-01'));
    });

    it('honours each kind of expected version', async () => {
      const id = stream();
      await expect(store.append(id, 'exists', [event('A')])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(id, 3, [event('A')])).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append(id, 'no-stream', [event('A')]);
      await expect(store.append(id, 'no-stream', [event('B')])).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append(id, 1, [event('B')]);
      await expect(store.append(id, 1, [event('C')])).rejects.toMatchObject({ actual: 2 });
      await store.append(id, 'exists', [event('C')]);
      const result = await store.append(id, 'any', [event('D')]);
      expect(result.version).toBe(4);
    });

    it('appends only when the streams it requires have events, and writes nothing otherwise', async () => {
      const holder = stream();
      const id = stream();
      const before = await store.headPosition();
      await expect(store.append(id, 'no-stream', [event('Allocated')], { requires: [holder] })).rejects.toMatchObject({
        name: 'RequiredStreamMissing',
        streamId: id,
        missing: holder,
      });
      expect(await store.readStream(id)).toEqual([]);
      expect((await store.readAll({ fromPosition: before })).filter((e) => e.streamId === id)).toEqual([]);
      await store.append(holder, 'no-stream', [event('Registered')]);
      const result = await store.append(id, 'no-stream', [event('Allocated')], { requires: [holder] });
      expect(result.version).toBe(1);
      await expect(store.append(id, 1, [event('Filed')], { requires: [holder, stream()] })).rejects.toBeInstanceOf(RequiredStreamMissing);
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['Allocated']);
    });

    it('lets exactly one of 50 concurrent appends with the same expected version win', async () => {
      const id = stream();
      await store.append(id, 'no-stream', [event('Opened')]);
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.append(id, 1, [event('Raced', { writer: i })])));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const o of lost) expect(o.reason).toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream(id)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('writes nothing of a batch that fails', async () => {
      const id = stream();
      const taken = randomUUID();
      await store.append(stream(), 'no-stream', [event('Other', {}, { eventId: taken })]);
      const before = await store.headPosition();
      await expect(store.append(id, 'no-stream', [event('First'), event('Second', {}, { eventId: taken })])).rejects.toBeDefined();
      expect(await store.readStream(id)).toEqual([]);
      const after = await store.readAll({ fromPosition: before });
      expect(after.filter((e) => e.streamId === id)).toEqual([]);
    });

    it('reads a stream backwards and from a version, and counts', async () => {
      const id = stream();
      await store.append(
        id,
        'no-stream',
        ['A', 'B', 'C', 'D'].map((t) => event(t)),
      );
      expect((await store.readStream(id, { direction: 'backwards' })).map((e) => e.type)).toEqual(['D', 'C', 'B', 'A']);
      expect((await store.readStream(id, { fromVersion: 3 })).map((e) => e.type)).toEqual(['C', 'D']);
      expect((await store.readStream(id, { direction: 'backwards', fromVersion: 2, maxCount: 1 })).map((e) => e.type)).toEqual(['B']);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads the global log after a position, filtered by type, with a limit', async () => {
      const from = await store.headPosition();
      const id = stream();
      const written = await store.append(id, 'no-stream', [
        event('PenaltyImposed'),
        event('CaseOpened'),
        event('PenaltyImposed'),
        event('PenaltyImposed'),
      ]);
      await visible(store, written.position);
      // Other writers' events may become visible in the same range: keep to this stream's.
      const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId === id).map((e) => e.position);
      expect(ours(await store.readAll({ fromPosition: from }))).toEqual(written.events.map((e) => e.position));
      const penalties = await store.readAll({ fromPosition: written.events[0]!.position - 1, types: ['PenaltyImposed'], limit: 2 });
      expect(penalties.map((e) => e.position)).toEqual([written.events[0]!.position, written.events[2]!.position]);
      const after = await store.readAll({ fromPosition: written.events[2]!.position, types: ['PenaltyImposed'] });
      expect(ours(after)).toEqual([written.events[3]!.position]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(written.position);
    });

    it('reads and folds a stream as recorded at a moment and as in effect at a date, acts in the order they took effect', async () => {
      const id = stream();
      await store.append(id, 'no-stream', [event('Granted', {}, { effectiveAt: '2021-01-01T00:00:00.000Z' })]);
      const [first] = await store.readStream(id);
      await new Promise((r) => setTimeout(r, 20));
      // Recorded later, but effective earlier: a late record of an earlier act.
      await store.append(id, 1, [event('Suspended', {}, { effectiveAt: '2020-06-01T00:00:00.000Z' })]);
      await store.append(id, 2, [event('Reinstated', {}, { effectiveAt: '2022-01-01T00:00:00.000Z' })]);

      const asRecorded = await store.readStream(id, { recordedAtOrBefore: first!.recordedAt });
      expect(asRecorded.map((e) => e.type)).toEqual(['Granted']);
      const inEffect = await store.readStream(id, { effectiveAtOrBefore: '2021-06-01T00:00:00.000Z' });
      expect(inEffect.map((e) => e.type)).toEqual(['Granted', 'Suspended']);
      const both = await store.readStream(id, { recordedAtOrBefore: first!.recordedAt, effectiveAtOrBefore: '2020-12-31T00:00:00.000Z' });
      expect(both).toEqual([]);

      const acts = { initialState: (): string[] => [], evolve: (seen: string[], e: { type: string; data: object }) => [...seen, e.type] };
      expect(await store.aggregateStream(id, acts)).toMatchObject({ state: ['Granted', 'Suspended', 'Reinstated'], version: 3 });
      expect(await store.aggregateStream(id, { ...acts, bounds: { validAt: '2021-06-01T00:00:00.000Z' } })).toMatchObject({
        state: ['Suspended', 'Granted'],
        version: 2,
      });
      expect(await store.aggregateStream(id, { ...acts, bounds: { asOf: first!.recordedAt } })).toEqual({
        state: ['Granted'],
        version: 1,
        position: first!.position,
      });
      expect(await store.aggregateStream(stream(), acts)).toEqual({ state: [], version: 0, position: 0 });
    });

    it('writes a type at its current schema version, and folds older events through the upcasters while keeping them as stored', async () => {
      const id = stream();
      await store.append(id, 'no-stream', [
        event('Renamed', { old: 'a' }, { schemaVersion: 1 }),
        event('Renamed', { current: 'b' }),
        event('Plain', { current: 'c' }),
      ]);
      const read = await store.readStream(id);
      expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
        [1, { old: 'a' }],
        [2, { current: 'b' }],
        [1, { current: 'c' }],
      ]);
      const folded = await store.aggregateStream(id, {
        initialState: (): unknown[] => [],
        evolve: (values: unknown[], e: { type: string; data: { current?: unknown } }) => [...values, e.data.current],
      });
      expect(folded.state).toEqual(['a', 'b', 'c']);
      // Carried as stored; the version is stated only above 1, so older events hash as they always did.
      expect(read.map((e) => toEventJson(e).schemaVersion)).toEqual([undefined, 2, undefined]);
      expect(Object.keys(toEventJson(read[0]!))).not.toContain('schemaVersion');
    });

    it('records an idempotency key with the events and refuses its reuse without writing', async () => {
      const id = stream();
      const claim = { actor: 'officer-1', key: randomUUID(), requestHash: 'h1' };
      const first = await store.append(id, 'no-stream', [event('A')], { idempotency: claim });
      await expect(store.append(stream(), 'no-stream', [event('B')], { idempotency: claim })).rejects.toBeInstanceOf(IdempotencyKeyUsed);
      expect(await store.findIdempotencyClaim('officer-1', claim.key)).toEqual({
        requestHash: 'h1',
        streamId: id,
        firstPosition: first.position,
        lastPosition: first.position,
      });
      expect(await store.findIdempotencyClaim('someone-else', claim.key)).toBeNull();
      expect((await store.readPositions(first.position, first.position)).map((e) => e.type)).toEqual(['A']);
    });

    it('gives a catch-up reader every event exactly once, in order, while 8 writers append', async () => {
      const from = await store.headPosition();
      const controller = new AbortController();
      const writers = 8;
      const perWriter = 25;
      const total = writers * perWriter;
      const ids = Array.from({ length: writers }, () => stream());
      const ours = (events: RecordedEvent[]) => events.filter((e) => ids.includes(e.streamId));
      const reading = collect(
        store.subscribe({ fromPosition: from, signal: controller.signal, batchSize: 7 }),
        (seen) => ours(seen).length >= total,
        60_000,
      );
      await Promise.all(
        ids.map(async (id, w) => {
          for (let i = 0; i < perWriter; i++) await store.append(id, i === 0 ? 'no-stream' : i, [event('Written', { w, i })]);
        }),
      );
      const seen = await reading;
      controller.abort();
      const positions = seen.map((e) => e.position);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
      expect(ours(seen)).toHaveLength(total);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      const logged = await store.readAll({ fromPosition: from, limit: 10_000 });
      expect(ours(seen).map((e) => e.eventId)).toEqual(ours(logged).map((e) => e.eventId));
    });

    const outOfOrder = subject_has('openAppend');
    outOfOrder('never skips an event whose writer commits after a later position is committed', async () => {
      const from = await store.headPosition();
      const slow = await subject.openAppend!(stream(), event('Slow'));
      const fast = await store.append(stream(), 'no-stream', [event('Fast')]);
      // The fast event is committed, but the slow one holds a smaller position: not yet readable.
      expect((await store.readAll({ fromPosition: from })).filter((e) => e.type === 'Slow' || e.type === 'Fast')).toEqual([]);
      await slow.commit();
      await visible(store, fast.position);
      const read = (await store.readAll({ fromPosition: from })).filter((e) => e.type === 'Slow' || e.type === 'Fast');
      expect(read.map((e) => e.type)).toEqual(['Slow', 'Fast']);
      expect(read[1]!.position).toBe(fast.position);
    });

    it('reports the committed head, and no append in flight when none is', async () => {
      const settled = await store.append(stream(), 'no-stream', [event('Settled')]);
      expect(await store.appendLag()).toEqual({ committedHead: settled.position, oldestInFlightSeconds: 0 });
    });

    outOfOrder('reports how long the oldest append in flight has been holding readers back', async () => {
      const slow = await subject.openAppend!(stream(), event('Slow'));
      let fast: AppendResult;
      let held: AppendLag;
      try {
        fast = await store.append(stream(), 'no-stream', [event('Fast')]);
        held = await store.appendLag();
      } finally {
        await slow.commit();
      }
      expect(held.committedHead).toBe(fast.position);
      expect(held.oldestInFlightSeconds).toBeGreaterThan(0);
      expect((await store.appendLag()).oldestInFlightSeconds).toBe(0);
    });

    const unrelated = subject_has('holdUnrelatedWrites');
    unrelated('delivers appends, live and on catch-up, while write transactions that are not appends stay open', async () => {
      const held = await subject.holdUnrelatedWrites!();
      try {
        const from = await store.headPosition();
        const controller = new AbortController();
        const writers = 4;
        const perWriter = 10;
        const total = writers * perWriter;
        const ids = Array.from({ length: writers }, () => stream());
        const ours = (events: RecordedEvent[]) => events.filter((e) => ids.includes(e.streamId));
        // Bounded by an abort, not by collect's deadline, which only a delivered event would check.
        const bound = setTimeout(() => controller.abort(), 20_000);
        const reading = collect(
          store.subscribe({ fromPosition: from, signal: controller.signal, batchSize: 7 }),
          (seen) => ours(seen).length >= total,
          20_000,
        );
        const written = await Promise.all(
          ids.map(async (id, w) => {
            const positions: number[] = [];
            for (let i = 0; i < perWriter; i++)
              positions.push((await store.append(id, i === 0 ? 'no-stream' : i, [event('Written', { w, i })])).position);
            return positions;
          }),
        );
        const live = ours(await reading);
        clearTimeout(bound);
        controller.abort();
        const caughtUp = ours(await store.readAll({ fromPosition: from, limit: 10_000 }));
        const appended = written.flat().sort((a, b) => a - b);
        expect(live.map((e) => e.position)).toEqual(appended);
        expect(caughtUp.map((e) => e.position)).toEqual(appended);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(appended[appended.length - 1]!);
        // All of that happened before the unrelated transactions ended, not after.
        expect(await held.stillOpen()).toBe(true);
      } finally {
        await held.end();
      }
    });

    const raw = subject_has('rawStatement');
    raw.each([
      ['UPDATE', `update ledger.events set type = 'Forged'`],
      ['DELETE', `delete from ledger.events`],
      ['TRUNCATE', `truncate ledger.events`],
    ])('refuses %s of the log at the database', async (_, statement) => {
      const kept = await store.append(stream(), 'no-stream', [event('Kept')]);
      await visible(store, kept.position);
      await expect(subject.rawStatement!(statement)).rejects.toThrow(/append-only/);
      const all = await store.readAll({ limit: 10_000 });
      expect(all.some((e) => e.type === 'Forged')).toBe(false);
      expect(all.map((e) => e.position)).toContain(kept.position);
    });

    function subject_has(hook: Hook) {
      // Decided when the suite is declared, before beforeAll has run: the factory says in advance.
      return capabilities(name).has(hook) ? it : it.skip;
    }
  });
}

type Hook = 'openAppend' | 'rawStatement' | 'holdUnrelatedWrites';
const declared = new Map<string, Set<string>>();
/** An adapter declares the optional hooks it supports before calling eventStoreContract. */
export function declareCapabilities(name: string, hooks: Hook[]): void {
  declared.set(name, new Set(hooks));
}
function capabilities(name: string): Set<string> {
  return declared.get(name) ?? new Set();
}
