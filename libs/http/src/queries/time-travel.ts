import { HttpException, Inject, Injectable } from '@nestjs/common';
import { PostgresStreamSnapshots, type AggregatedStream, type Bounds, type EventStore } from '@ledger/event-store';
import type { Database } from '@ledger/platform';
import { toInstant, type DomainEvent } from '@ledger/regulation/shared';
import { DATABASE, EVENT_STORE, judgedAt } from '@ledger/core';

/** The two times of docs/http-contract.md: what the ledger had recorded at `asOf`, and what was in effect at `validAt`. */
export type { Bounds };

/** The bounds a query's `asOf` and `validAt` name, as the edge validated them (http/query.ts). */
export function boundsFrom(query: { readonly asOf?: string; readonly validAt?: string }): Bounds {
  return { asOf: query.asOf && toInstant(query.asOf), validAt: query.validAt && validAtInstant(query.validAt) };
}

/** Whether a query asks about another time than now. */
export function travels(bounds: Bounds): boolean {
  return bounds.asOf !== undefined || bounds.validAt !== undefined;
}

/** A calendar date means that whole CST day: acts taking effect on it are in effect "at" it. */
export function validAtInstant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(Date.parse(toInstant(value)) + 86_400_000 - 1).toISOString() : toInstant(value);
}

/**
 * The answers of single-item queries for the things that existed within the bounds: their 404
 * means "not yet" (or "not visible to this caller"), and leaves the thing out of a list.
 */
export async function existedWithin<T>(lookups: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(lookups);
  const found: T[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') found.push(result.value);
    else if (!(result.reason instanceof HttpException && result.reason.getStatus() === 404)) throw result.reason;
  }
  return found;
}

/** A single-item answer without the bounds and position its query adds: a list states them once. */
export function itemOnly<T extends { position: number; asOf?: string; validAt?: string }>(
  item: T,
): Omit<T, 'position' | 'asOf' | 'validAt'> {
  const { position: _position, asOf: _asOf, validAt: _validAt, ...rest } = item;
  return rest;
}

/** What a time-travel answer states about itself (docs/http-contract.md: "the bound they answer for"). */
export function boundsJson(bounds: Bounds, position: number) {
  return { ...(bounds.asOf ? { asOf: bounds.asOf } : {}), ...(bounds.validAt ? { validAt: bounds.validAt } : {}), position };
}

/**
 * Folds one stream within the bounds, through the store (EventStore.aggregateStream), starting
 * from snapshots kept beside the read models: `kind` names the fold, as one stream may be folded
 * several ways.
 */
@Injectable()
export class TimeTravel {
  private readonly snapshots: PostgresStreamSnapshots;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) database: Database,
  ) {
    this.snapshots = new PostgresStreamSnapshots(database.pool);
  }

  fold<S, E extends DomainEvent>(
    streamId: string,
    kind: string,
    initialState: () => S,
    evolve: (state: S, event: E) => S,
    bounds: Bounds,
  ): Promise<AggregatedStream<S>> {
    return this.store.aggregateStream(streamId, { initialState, evolve, bounds, snapshots: { store: this.snapshots, kind } });
  }

  /** The instant a status is judged at: the valid-time bound, else the transaction-time bound, else now. */
  static judgedAt(bounds: Bounds): string {
    return judgedAt(bounds);
  }
}
