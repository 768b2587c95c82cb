import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { DomainEvent } from '@ledger/regulation/shared';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Rows, RowsToLoad } from './page-rows';

/**
 * One row per stream, holding the context's own fold of that stream (`state`), so the read model
 * means exactly what the rules mean. A row's `version` makes a replayed event a no-op.
 */
export interface StreamFold<S, E extends DomainEvent> {
  readonly entity: EntityTarget<ObjectLiteral>;
  /** The primary-key property of the entity, and its value for an event. */
  readonly keyProperty: string;
  key(event: E): string;
  initial(): S;
  evolve(state: S, event: E): S;
  /** The columns queries filter on, derived from the state. */
  columns(state: S, event: E): ObjectLiteral;
}

/** Folds one more event of a stream into its row, the event read as its domain event through `schemas`. */
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
  await rows.upsert(fold.entity, {
    [fold.keyProperty]: key,
    ...fold.columns(state, domainEvent),
    state,
    version: event.version,
    position: event.position,
  });
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
