import type { RecordedEvent } from '@ledger/event-store';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Rows, RowsToLoad } from './page-rows';

/**
 * One row per stream, holding the context's own fold of that stream (`state`), so the read model
 * means exactly what the rules mean. A row's `version` makes a replayed event a no-op.
 */
export interface StreamFold<S, E> {
  readonly entity: EntityTarget<ObjectLiteral>;
  /** The primary-key property of the entity, and its value for an event. */
  readonly keyProperty: string;
  key(event: RecordedEvent): string;
  initial(): S;
  evolve(state: S, event: E): S;
  /** The columns queries filter on, derived from the state. */
  columns(state: S, event: RecordedEvent): ObjectLiteral;
}

export async function foldIntoRow<S, E>(fold: StreamFold<S, E>, event: RecordedEvent, rows: Rows): Promise<S | null> {
  const key = fold.key(event);
  const row = (await rows.find(fold.entity, key)) as { state: S; version: number } | null;
  if (row && row.version >= event.version) return null;
  const state = fold.evolve(row?.state ?? fold.initial(), { type: event.type, data: event.data } as unknown as E);
  await rows.upsert(fold.entity, { [fold.keyProperty]: key, ...fold.columns(state, event), state, version: event.version, position: event.position });
  return state;
}

/** The rows a page of events folds into, to be loaded before it. */
export function foldRowsToLoad<S, E>(fold: StreamFold<S, E>, events: readonly RecordedEvent[]): RowsToLoad[] {
  return [{ entity: fold.entity, keys: events.map((event) => fold.key(event)) }];
}
