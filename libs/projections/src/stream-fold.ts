import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { DomainEvent } from '@ledger/regulation/shared';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Rows, RowsToLoad } from './page-rows';

/**
 * One row per stream, holding the context's own fold of that stream (`state`), so the read model
 * means exactly what the rules mean. A row's `version` makes a replayed event a no-op.
 *
 * Not stream folds: enterprise_history (every event about an enterprise, across streams), licence_versions and
 * number_versions (a row per event, beside their folds), enterprises and credit_list_publications (a stream's opening event,
 * which nothing later changes), credit_list_entries (its terms keep when each was recorded, which the context's fold does not).
 */
export interface StreamFold<S, E extends DomainEvent> {
  readonly entity: EntityTarget<ObjectLiteral>;
  /** The primary-key property of the entity, and its value for an event. */
  readonly keyProperty: string;
  key(event: E): string;
  initial(): S;
  evolve(state: S, event: E): S;
  /** The columns queries filter on, derived from the state; null while the state has no row to show. */
  columns(state: S, event: E): ObjectLiteral | null;
  /** Rows of other tables the same state shows, each under a key of its own. */
  readonly views?: readonly StreamView<S, E>[];
}

/**
 * A row the stream's state shows beside its own, such as a granted licence under its number: rewritten
 * with every event the stream's row takes, and without a `state` or `version` of its own, which that row holds.
 */
export interface StreamView<S, E extends DomainEvent> {
  readonly entity: EntityTarget<ObjectLiteral>;
  /** The whole row, key and `position` (the event's) included; null while the state has none. */
  row(state: S, event: E, position: number): ObjectLiteral | null;
}

/**
 * Folds one more event of a stream into its row and views, the event read as its domain event through
 * `schemas`. The new state, or null when nothing was written: the event was applied already, or the
 * state has no row to show.
 */
export async function foldIntoRow<S, E extends DomainEvent>(
  fold: StreamFold<S, E>,
  schemas: EventSchemaRegistry,
  event: RecordedEvent,
  rows: Rows,
): Promise<S | null> {
  const domainEvent = schemas.toDomainEvent<E>(event);
  const key = fold.key(domainEvent);
  const row = (await rows.find(fold.entity, key)) as { state: S; version: number } | null;
  if (row && row.version >= event.version) return null;
  const state = fold.evolve(row?.state ?? fold.initial(), domainEvent);
  const columns = fold.columns(state, domainEvent);
  if (!columns) return null;
  await rows.upsert(fold.entity, {
    [fold.keyProperty]: key,
    ...columns,
    state,
    version: event.version,
    position: event.position,
  });
  for (const view of fold.views ?? []) {
    const shown = view.row(state, domainEvent, event.position);
    if (shown) await rows.upsert(view.entity, shown);
  }
  return state;
}

/** The rows a page of events folds into, to be loaded before it. */
export function foldRowsToLoad<S, E extends DomainEvent>(
  fold: StreamFold<S, E>,
  schemas: EventSchemaRegistry,
  events: readonly RecordedEvent[],
): RowsToLoad[] {
  return [{ entity: fold.entity, keys: events.map((event) => fold.key(schemas.toDomainEvent<E>(event))) }];
}
