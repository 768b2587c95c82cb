import { NO_STREAM, jsonEvent } from '@kurrent/kurrentdb-client';
import { ConcurrencyError, IdempotencyKeyUsed } from '../errors';
import { declareCapabilities, eventStoreContract } from '../../test/contract';
import { CLAIMED, claimStreamId } from './idempotency-claims';
import { InMemoryKurrentDb } from '../../test/in-memory-kurrentdb';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The adapter's own logic (positions, filters, claims, catch-up) through the contract suite, on a
 * stand-in for the client where no KurrentDB node runs. The run that counts for KurrentDB itself
 * is kurrentdb-event-store.int.spec.ts with KURRENTDB_URL set.
 */
const name = 'KurrentDB adapter on an in-memory stand-in for the client';
declareCapabilities(name, []);
eventStoreContract(name, async (schemas) => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb().asClient(), { pollMs: 50, schemas });
  return { store, teardown: () => store.close() };
});

describe('KurrentDB adapter: what the contract does not reach', () => {
  const metadata = { actor: 'officer-1', roles: ['officer'], correlationId: 'c' };
  let kurrent: InMemoryKurrentDb;
  let store: KurrentDbEventStore;

  beforeEach(() => {
    kurrent = new InMemoryKurrentDb();
    store = new KurrentDbEventStore(kurrent.asClient(), { pollMs: 20, pendingClaimMs: 100 });
  });
  afterEach(() => store.close());

  const claimed = (key: string, streamId: string, eventIds: string[]) =>
    kurrent.appendToStream(
      claimStreamId('officer-1', key),
      [jsonEvent({ type: CLAIMED, data: { actor: 'officer-1', key, requestHash: 'h', streamId, eventIds } })],
      { streamState: NO_STREAM },
    );

  it('completes a claim whose writer stopped after writing its events', async () => {
    const written = await store.append('case-1', 'no-stream', [{ type: 'CaseOpened', data: {}, metadata }]);
    await claimed('k1', 'case-1', [written.events[0]!.eventId]);
    expect(await store.findIdempotencyClaim('officer-1', 'k1')).toEqual({
      requestHash: 'h',
      streamId: 'case-1',
      firstPosition: written.position,
      lastPosition: written.position,
    });
  });

  it('frees a claim whose writer stopped before writing, so the key can be used', async () => {
    await claimed('k2', 'case-2', ['never-written']);
    await expect(
      store.append('case-2', 'no-stream', [{ type: 'A', data: {}, metadata }], {
        idempotency: { actor: 'officer-1', key: 'k2', requestHash: 'h' },
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyUsed);
    expect(await store.findIdempotencyClaim('officer-1', 'k2')).toBeNull();
    const written = await store.append('case-2', 'no-stream', [{ type: 'A', data: {}, metadata }], {
      idempotency: { actor: 'officer-1', key: 'k2', requestHash: 'h2' },
    });
    expect(await store.findIdempotencyClaim('officer-1', 'k2')).toMatchObject({ requestHash: 'h2', firstPosition: written.position });
  });

  it('releases the key when the append fails, so a retry may use it', async () => {
    const claim = { actor: 'officer-1', key: 'k3', requestHash: 'h' };
    await expect(store.append('case-3', 5, [{ type: 'A', data: {}, metadata }], { idempotency: claim })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.findIdempotencyClaim('officer-1', 'k3')).toBeNull();
    await store.append('case-3', 'no-stream', [{ type: 'A', data: {}, metadata }], { idempotency: claim });
  });

  it('reads and subscribes from a number that is not an event’s position', async () => {
    const first = await store.append('case-4', 'no-stream', [{ type: 'A', data: {}, metadata }]);
    const second = await store.append('case-4', 1, [{ type: 'B', data: {}, metadata }]);
    expect((await store.readAll({ fromPosition: first.position + 1 })).map((e) => e.type)).toEqual(['B']);
    expect((await store.readPositions(first.position - 1, second.position + 1)).map((e) => e.type)).toEqual(['A', 'B']);
    const controller = new AbortController();
    for await (const event of store.subscribe({ fromPosition: first.position + 1, signal: controller.signal })) {
      expect(event.type).toBe('B');
      controller.abort();
    }
  });
});
