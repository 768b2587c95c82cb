import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { Database } from '@ledger/platform';
import { toInstant } from '@ledger/regulation/shared';
import { DATABASE, EVENT_STORE } from '../ledger.tokens';

/** The two times of api.md: what the ledger had recorded at `asOf`, and what was in effect at `validAt`. */
export interface Bounds {
  /** Transaction time, ISO instant; absent = now. */
  readonly asOf?: string;
  /** Valid time, ISO instant (a date is the start of that CST day… see `validAtInstant`); absent = no bound. */
  readonly validAt?: string;
}

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

/** What a time-travel answer states about itself (api.md: "the bound they answer for"). */
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
export function itemOnly<T extends { position: number; asOf?: string; validAt?: string }>(item: T): Omit<T, 'position' | 'asOf' | 'validAt'> {
  const { position: _position, asOf: _asOf, validAt: _validAt, ...rest } = item;
  return rest;
}

export function boundsJson(bounds: Bounds, position: number) {
  return { ...(bounds.asOf ? { asOf: bounds.asOf } : {}), ...(bounds.validAt ? { validAt: bounds.validAt } : {}), position };
}

export interface Folded<S> {
  readonly state: S;
  /** The last global position among the events folded. */
  readonly position: number;
  readonly events: number;
}

/** A stream folded past this many events since the last snapshot gets a new one. */
const SNAPSHOT_EVERY = 200;

interface Snapshot<S> {
  readonly version: number;
  readonly state: S;
  readonly position: number;
  readonly maxEffectiveAt: string;
  readonly effectiveOrdered: boolean;
}

/** A snapshot as written: its state already serialised, in case `evolve` reuses objects. */
interface SnapshotRow extends Omit<Snapshot<never>, 'state'> {
  readonly state: string;
  readonly recordedAt: string;
}

/**
 * Folds one stream up to the bounds, inside the store's query (recorded_at ≤ asOf, effective_at ≤
 * validAt), not by filtering the whole stream here. In valid time, acts are applied in the order
 * they took effect, so an act recorded late with an earlier date lands where it belongs.
 *
 * Long streams start from a snapshot: any prefix of the stream recorded by `asOf` serves a
 * transaction-time read; a valid-time read may use one only if its events took effect in version
 * order, all by `validAt`, and nothing after it took effect earlier than its last act.
 */
@Injectable()
export class TimeTravel {
  /** False only to measure what snapshots save (the benchmark). */
  useSnapshots = true;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  async fold<S, E>(streamId: string, kind: string, initial: () => S, evolve: (state: S, event: E) => S, bounds: Bounds): Promise<Folded<S>> {
    const snapshot = this.useSnapshots ? await this.snapshotFor<S>(streamId, kind, bounds) : null;
    const read = (from: number) =>
      this.store.readStream(streamId, { fromVersion: from, recordedAtOrBefore: bounds.asOf, effectiveAtOrBefore: bounds.validAt });
    let base = snapshot;
    let events = await read((snapshot?.version ?? 0) + 1);
    if (base && bounds.validAt && events.some((e) => e.effectiveAt < base!.maxEffectiveAt)) {
      base = null;
      events = await read(1);
    }
    const ordered = bounds.validAt ? [...events].sort(byEffectiveTime) : events;
    // A long transaction-time fold leaves a snapshot at every SNAPSHOT_EVERY-th version it passes
    // and at its end, so that a later read at any instant within that stretch starts at most that
    // many events away, and one of the same state starts where this one ended.
    const keep = this.useSnapshots && !bounds.validAt && events.length >= SNAPSHOT_EVERY;
    const snapshots: SnapshotRow[] = [];
    let state = base?.state ?? initial();
    let maxEffectiveAt = base?.maxEffectiveAt ?? '';
    let effectiveOrdered = base?.effectiveOrdered ?? true;
    for (const e of ordered) {
      state = evolve(state, { type: e.type, data: e.data } as unknown as E);
      if (!keep) continue;
      if (e.effectiveAt < maxEffectiveAt) effectiveOrdered = false;
      if (e.effectiveAt > maxEffectiveAt) maxEffectiveAt = e.effectiveAt;
      if (e.version % SNAPSHOT_EVERY === 0 || e === ordered[ordered.length - 1]) snapshots.push({ version: e.version, state: JSON.stringify(state), position: e.position, maxEffectiveAt, effectiveOrdered, recordedAt: e.recordedAt });
    }
    const position = events.reduce((max, e) => Math.max(max, e.position), base?.position ?? 0);
    if (snapshots.length > 0) await this.saveSnapshots(streamId, kind, snapshots);
    return { state, position, events: (base?.version ?? 0) + events.length };
  }

  private async snapshotFor<S>(streamId: string, kind: string, bounds: Bounds): Promise<Snapshot<S> | null> {
    const { rows } = await this.database.pool.query(
      `select version, state, position, max_effective_at, effective_ordered from stream_snapshots
        where stream_id = $1 and kind = $2
          and ($3::timestamptz is null or last_recorded_at <= $3::timestamptz)
          and ($4::timestamptz is null or (effective_ordered and max_effective_at <= $4::timestamptz))
        order by version desc limit 1`,
      [streamId, kind, bounds.asOf ?? null, bounds.validAt ?? null],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      version: row.version,
      state: row.state as S,
      position: Number(row.position),
      maxEffectiveAt: (row.max_effective_at as Date).toISOString(),
      effectiveOrdered: row.effective_ordered,
    };
  }

  private async saveSnapshots(streamId: string, kind: string, snapshots: readonly SnapshotRow[]): Promise<void> {
    await this.database.pool.query(
      `insert into stream_snapshots (stream_id, kind, version, state, position, last_recorded_at, max_effective_at, effective_ordered)
       select $1, $2, s.version, s.state, s.position, s.recorded_at, s.max_effective_at, s.effective_ordered
         from unnest($3::int[], $4::jsonb[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::boolean[])
           as s(version, state, position, recorded_at, max_effective_at, effective_ordered)
       on conflict do nothing`,
      [
        streamId,
        kind,
        snapshots.map((s) => s.version),
        snapshots.map((s) => s.state),
        snapshots.map((s) => s.position),
        snapshots.map((s) => s.recordedAt),
        snapshots.map((s) => s.maxEffectiveAt),
        snapshots.map((s) => s.effectiveOrdered),
      ],
    );
  }

  /** The instant a status is judged at: the valid-time bound, else the transaction-time bound, else now. */
  static judgedAt(bounds: Bounds): string {
    return bounds.validAt ?? bounds.asOf ?? new Date().toISOString();
  }
}

function byEffectiveTime(a: RecordedEvent, b: RecordedEvent): number {
  return a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : a.version - b.version;
}
