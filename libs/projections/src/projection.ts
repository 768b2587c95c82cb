import type { RecordedEvent } from '@ledger/event-store';
import type { EntityManager } from 'typeorm';

/**
 * A read model built from the log. The runner owns the checkpoint and the transaction; a
 * projection only says what an event does to its rows (after Marten's projections).
 * `apply` must be deterministic in the event alone, so that replaying gives the same rows.
 */
export interface Projection {
  readonly name: string;
  /** The event types it reads; the runner asks the store for only these. */
  readonly eventTypes: readonly string[];
  /** The tables it writes, all in `public`; a rebuild makes fresh copies and swaps them in. */
  readonly tables: readonly string[];
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
}
