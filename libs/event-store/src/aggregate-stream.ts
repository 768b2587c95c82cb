import type { DomainEvent } from '@ledger/regulation/shared';
import type { EventStore, RecordedEvent } from './event-store';
import type { Bounds, SnapshotToSave, StreamSnapshots } from './stream-snapshots';

export interface AggregateStreamOptions<S, E extends DomainEvent> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  /** Absent: everything recorded, as a command decides on it. */
  readonly bounds?: Bounds;
  /** Where long folds start from and leave their state; `kind` names the fold, as one stream may be folded several ways. */
  readonly snapshots?: { readonly store: StreamSnapshots; readonly kind: string };
}

export interface AggregatedStream<S> {
  readonly state: S;
  /** The highest stream version folded (0: none), the expected version of an append decided on `state`. */
  readonly version: number;
  /** The highest global position folded. */
  readonly position: number;
}

/** A stream folded past this many events since its last snapshot leaves new ones. */
const SNAPSHOT_EVERY = 200;

/**
 * Folds one stream, each event read as its domain event through the store's schemas, within the
 * bounds, which the store applies in its read (recorded_at ≤ asOf, effective_at ≤ validAt) rather
 * than this filtering the whole stream. In valid time, acts are applied in the order they took
 * effect, so an act recorded late with an earlier date lands where it belongs.
 *
 * With snapshots, a long stream starts from one: any prefix of the stream recorded by `asOf` serves
 * a transaction-time read; a valid-time read may use one only if its events took effect in version
 * order, all by `validAt`, and nothing after it took effect earlier than its last act.
 */
export async function foldStream<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  options: AggregateStreamOptions<S, E>,
): Promise<AggregatedStream<S>> {
  const { evolve, bounds = {}, snapshots } = options;
  const read = (from: number) =>
    store.readStream(streamId, { fromVersion: from, recordedAtOrBefore: bounds.asOf, effectiveAtOrBefore: bounds.validAt });
  const snapshot = snapshots ? await snapshots.store.latest<S>(streamId, snapshots.kind, bounds) : null;
  let base = snapshot;
  let events = await read((snapshot?.version ?? 0) + 1);
  if (snapshot && bounds.validAt && events.some((e) => e.effectiveAt < snapshot.maxEffectiveAt)) {
    base = null;
    events = await read(1);
  }
  const ordered = bounds.validAt ? [...events].sort(byEffectiveTime) : events;
  // A long transaction-time fold leaves a snapshot at every SNAPSHOT_EVERY-th version it passes
  // and at its end, so that a later read at any instant within that stretch starts at most that
  // many events away, and one of the same state starts where this one ended.
  const keep = snapshots !== undefined && !bounds.validAt && events.length >= SNAPSHOT_EVERY;
  const toSave: SnapshotToSave[] = [];
  let state = base?.state ?? options.initialState();
  let maxEffectiveAt = base?.maxEffectiveAt ?? '';
  let effectiveOrdered = base?.effectiveOrdered ?? true;
  for (const e of ordered) {
    state = evolve(state, store.schemas.toDomainEvent<E>(e));
    if (!keep) continue;
    if (e.effectiveAt < maxEffectiveAt) effectiveOrdered = false;
    if (e.effectiveAt > maxEffectiveAt) maxEffectiveAt = e.effectiveAt;
    if (e.version % SNAPSHOT_EVERY === 0 || e === ordered[ordered.length - 1]) {
      toSave.push({
        version: e.version,
        state: JSON.stringify(state),
        position: e.position,
        maxEffectiveAt,
        effectiveOrdered,
        recordedAt: e.recordedAt,
      });
    }
  }
  if (snapshots && toSave.length > 0) await snapshots.store.save(streamId, snapshots.kind, toSave);
  return {
    state,
    version: events.reduce((max, e) => Math.max(max, e.version), base?.version ?? 0),
    position: events.reduce((max, e) => Math.max(max, e.position), base?.position ?? 0),
  };
}

function byEffectiveTime(a: RecordedEvent, b: RecordedEvent): number {
  return a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : a.version - b.version;
}
