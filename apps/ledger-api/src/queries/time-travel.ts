import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProblemException } from '@ledger/platform';
import { toInstant } from '@ledger/regulation/shared';
import { EVENT_STORE } from '../ledger.tokens';
import { optionalInstant } from '../http/params';

/** The two times of api.md: what the ledger had recorded at `asOf`, and what was in effect at `validAt`. */
export interface Bounds {
  /** Transaction time, ISO instant; absent = now. */
  readonly asOf?: string;
  /** Valid time, ISO instant (a date is the start of that CST day… see `validAtInstant`); absent = no bound. */
  readonly validAt?: string;
}

export function boundsFrom(query: Record<string, string | undefined>): Bounds {
  const asOf = optionalInstant(query.asOf, 'asOf');
  const validAt = optionalInstant(query.validAt, 'validAt');
  if (asOf !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new ProblemException(400, 'VALIDATION_FAILED', 'asOf is a moment of transaction time: give a date-time with its offset.', {
      violations: [{ field: 'asOf', message: 'must be a date-time with offset' }],
    });
  }
  return { asOf: asOf && toInstant(asOf), validAt: validAt && validAtInstant(validAt) };
}

/** A calendar date means that whole CST day: acts taking effect on it are in effect "at" it. */
export function validAtInstant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(Date.parse(toInstant(value)) + 86_400_000 - 1).toISOString() : toInstant(value);
}

/** What a time-travel answer states about itself (api.md: "the bound they answer for"). */
export function boundsJson(bounds: Bounds, position: number) {
  return { ...(bounds.asOf ? { asOf: bounds.asOf } : {}), ...(bounds.validAt ? { validAt: bounds.validAt } : {}), position };
}

export interface Folded<S> {
  readonly state: S;
  /** The last global position among the events folded. */
  readonly position: number;
  readonly events: number;
}

/**
 * Folds one stream up to the bounds, inside the store's query (recorded_at ≤ asOf, effective_at ≤
 * validAt), not by filtering the whole stream here. In valid time, acts are applied in the order
 * they took effect, so an act recorded late with an earlier date lands where it belongs.
 */
@Injectable()
export class TimeTravel {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async fold<S, E>(streamId: string, initial: () => S, evolve: (state: S, event: E) => S, bounds: Bounds): Promise<Folded<S>> {
    const events = await this.store.readStream(streamId, { recordedAtOrBefore: bounds.asOf, effectiveAtOrBefore: bounds.validAt });
    const ordered = bounds.validAt ? [...events].sort(byEffectiveTime) : events;
    const state = ordered.reduce((s, e) => evolve(s, { type: e.type, data: e.data } as unknown as E), initial());
    return { state, position: events.reduce((max, e) => Math.max(max, e.position), 0), events: events.length };
  }

  /** The instant a status is judged at: the valid-time bound, else the transaction-time bound, else now. */
  static judgedAt(bounds: Bounds): string {
    return bounds.validAt ?? bounds.asOf ?? new Date().toISOString();
  }
}

function byEffectiveTime(a: RecordedEvent, b: RecordedEvent): number {
  return a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : a.version - b.version;
}
